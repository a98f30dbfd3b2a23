import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The cache key of one brief's outputs: everything that shapes them. `environment` covers the tool's
 * version, the templates and the installed reveal.js and fonts; the rest is the brief's text and the
 * images it inlines. A missing image hashes as missing, so restoring it triggers a rebuild.
 */
export function cacheKey(environment: string, source: string, images: readonly string[]): string {
  const hash = createHash("sha256").update(environment).update("\0").update(source);
  for (const image of images) {
    hash.update(`\0${image}\0`);
    try {
      hash.update(readFileSync(image));
    } catch {
      hash.update("missing");
    }
  }
  return hash.digest("hex");
}

/** Whether every output a build would write for `slug` is already in the folder. */
export function outputsExist(outDir: string, slug: string, pdf: boolean): boolean {
  const names = pdf ? [".html", ".pdf", ".handout.pdf"] : [".html"];
  return names.every((suffix) => existsSync(join(outDir, slug + suffix)));
}
