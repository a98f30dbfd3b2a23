import { basename } from "node:path";

/** The brief file types briefdeck reads: `.yaml`, and `.yml` for those who prefer it. */
export const BRIEF_FILE = /\.ya?ml$/i;

/**
 * A brief's slug: its file name without the `.yaml` or `.yml` extension (dots inside are kept). It names
 * every output (see output/names.ts); this is the one place it is derived.
 */
export function slugOf(path: string): string {
  return basename(path).replace(BRIEF_FILE, "");
}
