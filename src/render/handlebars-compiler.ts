import type FullHandlebars from "handlebars";
import { lazyRequire } from "../lazy-require.ts";

/**
 * The whole of Handlebars, its compiler with it. The built-in templates come precompiled, and rendering
 * them needs only Handlebars' runtime (`handlebars/runtime`), which the rest of briefdeck imports; the
 * compiler is needed only for a template without a precompiled form (an override that differs from the
 * built-in one) and to place a template's error. Setting it up costs a cold build about 1 ms, and its
 * functions would make the code cache larger: so it is set up on first call. The bundle
 * (scripts/bundle.mjs) carries it and turns this call into its own lazily run `require`.
 */
export function handlebarsCompiler(): typeof FullHandlebars {
  return lazyRequire("handlebars") as typeof FullHandlebars;
}
