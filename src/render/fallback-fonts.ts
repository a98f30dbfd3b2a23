import { readFileSync } from "node:fs";
import { join } from "node:path";

// Scripts the built-in font (Source Sans 3) lacks, each drawn with a bundled Noto Sans of that script
// (SIL OFL 1.1): only its script's subset, in the theme's upright weights (italic is slanted by the
// browser). A deck inlines one only when its text uses a character of that script the built-in font does
// not cover, and names it in the font stacks right after the built-in font.

const FALLBACK_FONTS = [
  { family: "Noto Sans Arabic", name: "noto-sans-arabic", subset: "arabic" },
  { family: "Noto Sans Hebrew", name: "noto-sans-hebrew", subset: "hebrew" },
];
const WEIGHTS = [400, 600, 700];

/** A fallback font's package folder and files. */
export type FallbackFont = ReturnType<typeof findFallbackFonts>[number];

/** Where each fallback font's files are (without reading them), given how to find a package's folder. */
export function findFallbackFonts(packageDir: (name: string, entry: string) => string) {
  return FALLBACK_FONTS.map((font) => {
    const folder = packageDir(`@fontsource/${font.name}`, "index.css");
    const files = WEIGHTS.map((weight) => ({
      weight,
      file: join(folder, "files", `${font.name}-${font.subset}-${weight}-normal.woff2`),
    }));
    return { ...font, folder, files };
  });
}

/** Every file the fallbacks may inline, for cache keys. */
export function fallbackFiles(fonts: readonly FallbackFont[]): string[] {
  return fonts.flatMap((f) => f.files.map((w) => w.file));
}

/**
 * The fallbacks a text needs and their @font-face rules (fonts inlined, read on first use). `covered`
 * says whether the built-in font has a code point: both include punctuation such as U+2010, which stays
 * the built-in font's.
 */
export function loadFallbackFonts(fonts: readonly FallbackFont[], covered: (code: number) => boolean) {
  // The fallbacks' ranges are read the first time a text has a character the built-in font lacks.
  let ranges: ReturnType<typeof readRanges> | undefined;
  const readRanges = () =>
    fonts.map((font) => {
      const all = JSON.parse(readFileSync(join(font.folder, "unicode.json"), "utf8")) as Record<
        string,
        string
      >;
      const range = all[font.subset] ?? "";
      return { ...font, range, spans: parseUnicodeRange(range) };
    });
  const used = (text: string) => {
    const codes = [...new Set(text.match(/[^\0-\x7f]/gu))]
      .map((char) => char.codePointAt(0) ?? 0)
      .filter((code) => !covered(code));
    if (codes.length === 0) return [];
    ranges ??= readRanges();
    return ranges.filter((font) =>
      codes.some((code) => font.spans.some(([low, high]) => code >= low && code <= high)),
    );
  };
  const rules = new Map<string, string>();
  const rule = (font: ReturnType<typeof readRanges>[number]) => {
    let css = rules.get(font.family);
    if (css === undefined) {
      css = font.files
        .map(
          ({ weight, file }) =>
            `@font-face{font-family:"${font.family}";font-style:normal;font-weight:${weight};font-display:block;` +
            `src:url(data:font/woff2;base64,${readFileSync(file).toString("base64")}) format("woff2");unicode-range:${font.range}}`,
        )
        .join("\n");
      rules.set(font.family, css);
    }
    return css;
  };
  return {
    /** The @font-face rules of the fallbacks `text` needs, one string per font. */
    css: (text: string): string[] => used(text).map(rule),
    /** The families `text` needs ("Noto Sans Arabic"); none for most decks. */
    families: (text: string): string[] => used(text).map((font) => font.family),
  };
}

/**
 * The theme's font stacks (or a chart's SVG font-family attributes) with the fallback families right
 * after the built-in font, so after the brand's font too: `"Brand", "Source Sans 3", "Noto Sans Arabic",
 * …`. Unchanged without fallbacks.
 */
export function withFallbackFamilies(css: string, families: readonly string[]): string {
  if (families.length === 0) return css;
  const names = families.map((f) => JSON.stringify(f)).join(", ");
  return css
    .replace(/(--bd-[a-z-]*font\s*:[^;{}]*?"Source Sans 3")/g, `$1, ${names}`)
    .replace(/(font-family="[^"]*?&quot;Source Sans 3&quot;)/g, `$1, ${names.replaceAll('"', "&quot;")}`);
}

// "U+0000-00FF,U+0131" -> [[0x0, 0xff], [0x131, 0x131]]
export function parseUnicodeRange(range: string): Array<[number, number]> {
  return range
    .split(",")
    .map((part) => /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(part.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [Number.parseInt(match[1] ?? "0", 16), Number.parseInt(match[2] ?? match[1] ?? "0", 16)]);
}
