/** A built-in template precompiled by the install step: the text it was made from, and its spec. */
export interface PrecompiledTemplate {
  /** The template's text, and the compile options (as JSON) the spec was made with. */
  source: string;
  options: string;
  spec(): object;
}

/**
 * The built-in templates, precompiled, keyed by their path under templates/ ("layouts/bullets.hbs").
 * Run from source there are none, and templates compile as they load; scripts/bundle.mjs replaces this
 * module in the bundled CLI, so the specs come from V8's code cache with the rest of the code.
 */
export const PRECOMPILED: Readonly<Record<string, PrecompiledTemplate>> | undefined = undefined;
