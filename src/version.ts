import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "./package-root.ts";

let version: string | undefined;
let build: string | undefined;

/** briefdeck's own version, from its package.json. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string })
    .version;
  return version;
}

/**
 * Which build of briefdeck's code is running: the ids scripts/bundle.mjs stamps on the first line of the
 * bundle this module runs in and of the charts' engine. Part of every output's cache key, so that outputs
 * an older build of the same version wrote (a git install updated, `npm run compile`) are rebuilt, not
 * reported unchanged. Run from its sources (the tests) the code has no stamp and reads "source".
 */
export function toolBuild(): string {
  build ??= [fileURLToPath(import.meta.url), join(PACKAGE_ROOT, "lib", "chart-engine.cjs")]
    .map(stampOf)
    .join(" ");
  return build;
}

/** The build id on a bundle's first line (`// <name> build <id>`), read without reading the bundle. */
function stampOf(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const head = Buffer.alloc(64);
    const read = readSync(fd, head, 0, head.length, 0);
    return /^\/\/ [\w-]+ build ([0-9a-f]+)/.exec(head.toString("latin1", 0, read))?.[1] ?? "source";
  } catch {
    return "none";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
