import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

// The spawned-CLI tests run lib/briefdeck.cjs, not src/: a bundle older than its sources tests old code.

const INPUTS = ["src/", "templates/", "scripts/bundle.mjs"];

/** The newest modification time of a file or of any file under a folder, in ms (0 when absent). */
function newestMtime(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why lib/briefdeck.cjs under `root` is stale (missing, or older than a source), or undefined when fresh. */
export function bundleStaleness(root: string): string | undefined {
  const bundle = newestMtime(join(root, "lib", "briefdeck.cjs"));
  if (bundle === 0) return "lib/briefdeck.cjs is missing";
  const stale = INPUTS.find((input) => newestMtime(join(root, input)) > bundle);
  return stale === undefined ? undefined : `lib/briefdeck.cjs is older than ${stale}`;
}

/** Rebuilds lib/ with scripts/bundle.mjs when it is stale; returns what was stale, if anything. */
export function refreshBundle(root: string): string | undefined {
  const stale = bundleStaleness(root);
  if (stale !== undefined)
    execFileSync(process.execPath, ["scripts/bundle.mjs"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    });
  return stale;
}
