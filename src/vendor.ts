import { lazyRequire } from "./lazy-require.ts";

/**
 * Dependencies that only some runs need. The bundled CLI keeps each in its own file, lib/vendor/<name>.cjs
 * (scripts/bundle.mjs), so a plain build neither reads nor loads them; from source they come from
 * node_modules as usual. esbuild defines BRIEFDECK_VENDOR_DIR in the bundle.
 */
declare const BRIEFDECK_VENDOR_DIR: string;

export type VendorName = "marked" | "sanitize-html" | "zod";

/** Loads a vendored dependency on first use. */
export function requireVendor(name: VendorName): unknown {
  return lazyRequire(typeof BRIEFDECK_VENDOR_DIR === "string" ? `${BRIEFDECK_VENDOR_DIR}/${name}.cjs` : name);
}
