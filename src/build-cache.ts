import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { textHash } from "./hash.ts";
import { lazyRequire } from "./lazy-require.ts";

/**
 * The cache key of one brief's outputs: everything that shapes them. `environment` covers the tool's
 * version, the templates and the installed reveal.js and fonts; the rest is the brief's text and the
 * images it inlines. A missing image hashes as missing, so restoring it triggers a rebuild. Text is
 * hashed in JavaScript (src/hash.ts); image bytes, when a brief has images, with node:crypto.
 */
export function cacheKey(environment: string, source: string, images: readonly string[]): string {
  const hash = textHash().update(environment).update(source);
  for (const image of images) {
    hash.update(image).update(imageDigest(image));
  }
  return hash.digest();
}

function imageDigest(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return "missing";
  }
  const { createHash } = lazyRequire("node:crypto") as typeof import("node:crypto");
  return createHash("sha256").update(bytes).digest("hex");
}

/** Whether every output a build would write for `slug` is already in the folder. */
export function outputsExist(outDir: string, slug: string, pdf: boolean): boolean {
  const names = pdf ? [".html", ".pdf", ".handout.pdf"] : [".html"];
  return names.every((suffix) => existsSync(join(outDir, slug + suffix)));
}
