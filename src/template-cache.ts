import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Handlebars compile options; part of every cache key, so a change of options misses the cache. */
export const COMPILE_OPTIONS = { strict: true, preventIndent: true } as const;

/** Where the install step stores the built-in templates, precompiled. */
export const PRECOMPILED_FILE = new URL("../lib/templates.precompiled.json", import.meta.url);

let cache: Record<string, string> | undefined;

/** The cache key of a template's text: its hash together with the compile options. */
export function templateKey(source: string): string {
  return createHash("sha256").update(JSON.stringify(COMPILE_OPTIONS)).update(source).digest("hex");
}

/**
 * The precompiled form of a template's text, when the install step precompiled exactly this text.
 * Compiling Handlebars takes most of a cold build's render time; precompiled specs skip the parser.
 */
export function findPrecompiled(source: string): string | undefined {
  if (cache === undefined) {
    try {
      cache = JSON.parse(readFileSync(PRECOMPILED_FILE, "utf8")) as Record<string, string>;
    } catch {
      cache = {};
    }
  }
  return cache[templateKey(source)];
}
