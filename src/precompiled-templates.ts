/**
 * The built-in templates, precompiled, keyed by templateKey (src/template-cache.ts). Run from source,
 * there are none and templates compile as they load; scripts/bundle.mjs replaces this module in the
 * bundled CLI with the precompiled specs, so they come from V8's code cache with the rest of the code.
 */
export const PRECOMPILED: Readonly<Record<string, () => object>> | undefined = undefined;
