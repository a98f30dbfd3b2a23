import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { findFallbackFonts, parseUnicodeRange } from "./fallback-fonts.ts";

// The widths of a chart's text, in the charts' process (src/render/chart-child.ts): shaped by HarfBuzz
// (harfbuzzjs, which subset-font brings) from the font files the deck draws with, so vega lays labels,
// titles and legends out as the browser will draw them. Node has no canvas, and vega's own estimate
// (0.8 × the font size a character) makes Source Sans 3's text about half again too wide.
//
// The fonts: the built-in Source Sans 3 (@fontsource, the subsets and weights a deck inlines, see
// src/render/assets.ts) and after it the bundled fallbacks for Arabic and Hebrew (as the deck's font stacks
// name them, src/render/fallback-fonts.ts), each character drawn by the first face whose unicode-range
// holds it and which has a glyph for it, as a browser picks. A text whose font stack starts with another
// family (a brand's font, a system font) is not measured here: vega estimates it, as before (the brand's
// files stay with the main process). Faces are read on first use (their WOFF files unpacked by
// woff2sfnt-sfnt2woff, fontverter's WOFF reader, synchronously, as vega measures) and kept for the process.

type HarfBuzz = typeof import("harfbuzzjs");

/** The font of a text as vega's items carry it. */
export interface TextFont {
  font?: string;
  fontWeight?: string | number;
  fontStyle?: string;
  fontSize?: number;
}

interface FaceFile {
  /** The family and subset: the faces a browser chooses among by weight and style. */
  group: string;
  weight: number;
  style: "normal" | "italic";
  file: string;
  spans: Array<[number, number]>;
}

interface LoadedFace {
  font: InstanceType<HarfBuzz["Font"]>;
  upem: number;
}

const BUILT_IN = "source sans 3";
const SUBSETS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext"];
const FACES: Array<{ weight: number; style: "normal" | "italic" }> = [
  { weight: 400, style: "normal" },
  { weight: 400, style: "italic" },
  { weight: 600, style: "normal" },
  { weight: 700, style: "normal" },
];

let harfbuzz: HarfBuzz | undefined;
let faceFiles: FaceFile[] | undefined;
const loaded = new Map<string, LoadedFace | null>();
const widths = new Map<string, number>();
const MAX_WIDTHS = 20_000;

/**
 * Loads HarfBuzz (its WebAssembly, found beside harfbuzzjs in node_modules): true when text can then be
 * measured, false when it cannot be had (vega then estimates every width). Once per process.
 */
export async function loadTextMetrics(): Promise<boolean> {
  if (harfbuzz !== undefined) return true;
  try {
    // An ES module that awaits its WebAssembly at the top level: import(), not require().
    harfbuzz = (await import("harfbuzzjs")) as HarfBuzz;
    return true;
  } catch {
    return false;
  }
}

/**
 * The width in pixels of `text` drawn in `item`'s font, shaped by HarfBuzz; undefined when its font
 * stack does not start with a font this process has (or HarfBuzz is not loaded): then vega estimates.
 */
export function measureText(item: TextFont, text: string): number | undefined {
  if (harfbuzz === undefined || !startsWithBuiltIn(item.font)) return undefined;
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (size <= 0 || text === "") return 0;
  const weight = cssWeight(item.fontWeight);
  const style = item.fontStyle === "italic" || item.fontStyle === "oblique" ? "italic" : "normal";
  const key = `${weight} ${style} ${size} ${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = shapeWidth(text, weight, style) * size;
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width;
}

function startsWithBuiltIn(stack: string | undefined): boolean {
  const first = (stack ?? "")
    .split(",")[0]
    ?.trim()
    .replace(/^["']|["']$/g, "");
  return first?.toLowerCase() === BUILT_IN;
}

// CSS font-weight to a number (vega passes the spec's value through: 600, "bold", "normal").
function cssWeight(weight: string | number | undefined): number {
  if (weight === undefined || weight === "normal" || weight === "") return 400;
  if (weight === "bold" || weight === "bolder") return 700;
  if (weight === "lighter") return 300;
  const value = Number(weight);
  return Number.isFinite(value) ? value : 400;
}

/** The width of `text` in ems: runs of characters drawn by one face, each shaped whole. */
function shapeWidth(text: string, weight: number, style: "normal" | "italic"): number {
  let total = 0;
  let run = "";
  let runFace: LoadedFace | null | undefined;
  const flush = () => {
    if (run === "") return;
    // A character no face has: a browser draws it in some system font, unknown here; vega's estimate.
    total += runFace ? shapeRun(runFace, run) : 0.8 * [...run].length;
    run = "";
  };
  for (const char of text) {
    const face = faceFor(char.codePointAt(0) ?? 0, weight, style);
    if (face !== runFace) {
      flush();
      runFace = face;
    }
    run += char;
  }
  flush();
  return total;
}

function shapeRun({ font, upem }: LoadedFace, run: string): number {
  const hb = harfbuzz as HarfBuzz;
  const buffer = new hb.Buffer();
  buffer.addText(run);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  let advance = 0;
  for (const position of buffer.getGlyphPositions()) advance += position.xAdvance;
  return advance / upem;
}

/** The face that draws a code point in a weight and style: the first whose range holds it, with a glyph. */
function faceFor(code: number, weight: number, style: "normal" | "italic"): LoadedFace | null {
  faceFiles ??= findFaceFiles();
  const candidates = faceFiles.filter((f) => f.spans.some(([low, high]) => code >= low && code <= high));
  // Each family's subsets in turn (the built-in's, then the fallbacks'): the face nearest the weight.
  for (const file of candidates) {
    if (!isNearest(file, weight, style, candidates)) continue;
    const face = loadFace(file);
    if (face !== null && face.font.nominalGlyph(code) !== undefined) return face;
  }
  return null;
}

// The face a browser's font matching picks among a subset's faces (CSS Fonts 4: the style, then for a
// weight up to 500 the nearest at or below it first, above 500 the nearest at or above it first).
function isNearest(file: FaceFile, weight: number, style: string, all: FaceFile[]): boolean {
  const siblings = all.filter((f) => f.group === file.group);
  const styled = siblings.some((f) => f.style === style)
    ? siblings.filter((f) => f.style === style)
    : siblings;
  if (!styled.includes(file)) return false;
  const rank = (w: number) =>
    weight <= 500 ? (w <= weight ? weight - w : 1000 + w) : w >= weight ? w - weight : 1000 + weight - w;
  return styled.every((f) => rank(file.weight) <= rank(f.weight));
}

function loadFace(file: FaceFile): LoadedFace | null {
  let face = loaded.get(file.file);
  if (face === undefined) {
    try {
      const hb = harfbuzz as HarfBuzz;
      const { toSfnt } = requireHere("woff2sfnt-sfnt2woff") as { toSfnt(woff: Buffer): Buffer };
      const hbFace = new hb.Face(new hb.Blob(toSfnt(readFileSync(file.file))), 0);
      face = { font: new hb.Font(hbFace), upem: hbFace.upem };
    } catch {
      // A file missing or unreadable: its characters fall to the next face, or to vega's estimate.
      face = null;
    }
    loaded.set(file.file, face);
  }
  return face;
}

// Packages are found from the process' own file (lib/chart.cjs), as the engine beside it is.
const requireHere = Module.createRequire(process.argv[1] ?? join(process.cwd(), "chart.cjs"));

/** The built-in font's faces (the subsets and weights a deck inlines), then the fallbacks'. */
function findFaceFiles(): FaceFile[] {
  const packageDir = (name: string, entry: string) => {
    try {
      return dirname(requireHere.resolve(name));
    } catch {
      return join(name, entry, "..");
    }
  };
  const builtIn = packageDir("@fontsource/source-sans-3", "index.css");
  const unicode = readRanges(builtIn);
  const files: FaceFile[] = SUBSETS.flatMap((subset) =>
    FACES.map(({ weight, style }) => ({
      group: `${BUILT_IN} ${subset}`,
      weight,
      style,
      file: join(builtIn, "files", `source-sans-3-${subset}-${weight}-${style}.woff`),
      spans: parseUnicodeRange(unicode[subset] ?? ""),
    })),
  );
  for (const fallback of findFallbackFonts(packageDir)) {
    const spans = parseUnicodeRange(readRanges(fallback.folder)[fallback.subset] ?? "");
    for (const { weight, file } of fallback.files) {
      files.push({
        group: fallback.family,
        weight,
        style: "normal",
        file: file.replace(/\.woff2$/, ".woff"),
        spans,
      });
    }
  }
  return files;
}

function readRanges(folder: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(folder, "unicode.json"), "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}
