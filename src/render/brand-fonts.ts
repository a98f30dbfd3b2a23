import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { lazyRequire } from "../lazy-require.ts";
import type { BrandFont } from "./brand-theme.ts";
import { readStoredSubset, storeSubset } from "./subset-store.ts";

type SubsetFont = (font: Buffer, text: string, options: { targetFormat: "woff2" }) => Promise<Buffer>;

/** The brand's @font-face rules for one deck, and a warning for each font that had to go in whole. */
export interface BrandFontCss {
  css: string;
  diagnostics: Diagnostic[];
}

// Printable ASCII is always kept: the templates' own words (Sources, Annex, Page) and the characters
// HTML escaping hides from the shown text (&#x27; for an apostrophe) come from it.
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const MAX_CACHED = 64;
// Subsets made or read in this process, by font digest and code points (and the subsetter): serve's
// rebuilds and build --watch's later builds reuse them. Promises, so two briefs asking at once share one.
// Between processes, src/render/subset-store.ts keeps them.
const cache = new Map<string, Promise<Buffer | Error>>();

/**
 * The code points a deck may draw: printable ASCII, every character of the text it shows in both cases
 * (the theme upper-cases labels), and the templates' own non-ASCII characters. Sorted, so the same text
 * gives the same subset.
 */
export function fontCodePoints(shownText: string, templateGlyphs: string): string {
  const chars = new Set(
    ASCII + shownText + shownText.toUpperCase() + shownText.toLowerCase() + templateGlyphs,
  );
  return [...chars]
    .map((c) => c.codePointAt(0) ?? 0)
    .filter((code) => code >= 32)
    .sort((a, b) => a - b)
    .map((code) => String.fromCodePoint(code))
    .join("");
}

/**
 * The brand's local fonts as @font-face rules, each subset (WOFF2, by harfbuzz's hb-subset through
 * subset-font) to `codePoints`. A font hb-subset cannot read goes in whole, with a warning at its
 * place in _brand.yml. The same fonts and code points give the same bytes.
 */
export async function subsetBrandFonts(
  fonts: readonly BrandFont[],
  codePoints: string,
): Promise<BrandFontCss> {
  const diagnostics: Diagnostic[] = [];
  const rules: string[] = [];
  for (const font of fonts) {
    const subset = await subsetOnce(font, codePoints);
    if (subset instanceof Error) {
      const message = `the font "${font.family}" could not be subset (${subset.message}); it is inlined whole`;
      diagnostics.push(diagnose("brand-font-unsubset", message, font.at));
      rules.push(fontFaceRule(font, font.bytes, font.mime));
    } else rules.push(fontFaceRule(font, subset, "font/woff2"));
  }
  return { css: rules.join("\n"), diagnostics };
}

/** A font's @font-face rule with the given bytes inlined. */
export function fontFaceRule(font: BrandFont, bytes: Buffer, mime: string): string {
  const format = FORMATS[mime];
  return (
    `@font-face{font-family:${JSON.stringify(font.family)};font-style:${font.style};font-weight:${font.weight};` +
    `font-display:block;src:url(data:${mime};base64,${bytes.toString("base64")})${format ? ` format("${format}")` : ""}}`
  );
}

const FORMATS: Record<string, string> = {
  "font/woff2": "woff2",
  "font/woff": "woff",
  "font/ttf": "truetype",
  "font/otf": "opentype",
};

/**
 * Names the installed subset-font and harfbuzz build: a part of the brand's fingerprint (and so of the
 * build cache's key), since another harfbuzz may subset the same font to other bytes.
 */
export function subsetterVersion(): string {
  subsetter ??= findSubsetterVersion();
  return subsetter;
}

let subsetter: string | undefined;
function findSubsetterVersion(): string {
  try {
    const main = lazyRequire.resolve("subset-font");
    const { version } = JSON.parse(readFileSync(join(dirname(main), "package.json"), "utf8")) as {
      version: string;
    };
    const wasm = createRequire(main).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
    return `subset-font ${version}, harfbuzz-subset.wasm ${statSync(wasm).size}`;
  } catch {
    // Not installed: every font then goes in whole, with a warning (makeSubset).
    return "no subsetter";
  }
}

function subsetOnce(font: BrandFont, codePoints: string): Promise<Buffer | Error> {
  const key = createHash("sha256")
    .update(`${font.digest}\0${codePoints}\0${subsetterVersion()}`)
    .digest("hex");
  let found = cache.get(key);
  if (found === undefined) {
    found = makeSubset(font, codePoints, key);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, found);
  }
  return found;
}

async function makeSubset(font: BrandFont, codePoints: string, key: string): Promise<Buffer | Error> {
  const stored = readStoredSubset(key);
  if (stored !== undefined) return stored;
  try {
    // subset-font (and the WebAssembly it brings) loads only when a brand's font has to be subset.
    const subset = lazyRequire("subset-font") as SubsetFont;
    const bytes = await subset(font.bytes, codePoints, { targetFormat: "woff2" });
    storeSubset(key, bytes);
    return bytes;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
