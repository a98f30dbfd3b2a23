import { PRECOMPILED } from "./precompiled-templates.ts";

/** Handlebars compile options; scripts/bundle.mjs precompiles with the same ones. */
export const COMPILE_OPTIONS = { strict: true, preventIndent: true } as const;
const OPTIONS_JSON = JSON.stringify(COMPILE_OPTIONS);

/**
 * The precompiled form of the template at `relative` under templates/, when the install step precompiled
 * exactly this text with these options (a built-in template, or an override identical to it). Compiling
 * Handlebars would otherwise take most of a cold build's render time.
 */
export function findPrecompiled(relative: string, source: string): object | undefined {
  const found = PRECOMPILED?.[relative];
  if (found === undefined || found.source !== source) return undefined;
  return found.options === OPTIONS_JSON ? found.spec() : undefined;
}
