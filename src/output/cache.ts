import { createHash } from "node:crypto";
import { join } from "node:path";
import { readInput } from "../read-input.ts";
import { fileDigest } from "./files.ts";
import type { Manifest } from "./manifest.ts";
import { outputFiles } from "./names.ts";

const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/**
 * The cache key of one brief's outputs: everything that shapes them. `environment` covers the tool's
 * version, the templates, the installed reveal.js and fonts and the build's settings; the rest is the
 * brief's text and the images it inlines. A missing image hashes as missing, so restoring it rebuilds.
 */
export function cacheKey(environment: string, source: string, images: readonly string[]): string {
  const hash = createHash("sha256").update(environment).update("\0").update(source);
  for (const image of images) {
    const read = readInput(image, MAX_IMAGE_BYTES);
    hash.update("\0").update(image).update("\0");
    hash.update("bytes" in read ? createHash("sha256").update(read.bytes).digest("hex") : "missing");
  }
  return hash.digest("hex");
}

/**
 * Whether every output a build would write for a brief is already in the folder, written from these
 * inputs: each is recorded with this cache key, and the file on disk is the one recorded. A brief whose
 * PDFs failed, or were skipped with --no-pdf, is therefore not current for a build with PDFs; nor is
 * one whose outputs were last written from another brief file.
 */
export function outputsCurrent(
  manifest: Manifest,
  outDir: string,
  brief: { name: string; source: string },
  key: (images: readonly string[]) => string,
  pdf: boolean,
  pptx = false,
): boolean {
  const { name, source } = brief;
  const entry = manifest.briefs[name];
  if (entry === undefined || entry.source !== source) return false;
  const wanted = key(entry.images);
  return outputFiles(name, pdf, pptx).every(({ kind, file }) => {
    const record = entry.outputs[file];
    return (
      record !== undefined &&
      record.kind === kind &&
      record.key === wanted &&
      fileDigest(join(outDir, file)) === record.sha256
    );
  });
}
