import { createHash } from "node:crypto";
import { PRECOMPILED } from "./precompiled-templates.ts";

/** Handlebars compile options; part of every cache key, so a change of options misses the cache. */
export const COMPILE_OPTIONS = { strict: true, preventIndent: true } as const;

/** The cache key of a template's text: its hash together with the compile options. */
export function templateKey(source: string): string {
  return createHash("sha256").update(JSON.stringify(COMPILE_OPTIONS)).update(source).digest("hex");
}

/**
 * The precompiled form of a template's text, when the install step precompiled exactly this text (a
 * built-in template, or an override identical to one). Compiling Handlebars would otherwise take most of
 * a cold build's render time.
 */
export function findPrecompiled(source: string): object | undefined {
  return PRECOMPILED?.[templateKey(source)]?.();
}
