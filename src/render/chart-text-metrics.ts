import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readFontFile, readWoffSync, requireHere } from "./chart-font-files.ts";
import { findFallbackFonts, parseUnicodeRange } from "./fallback-fonts.ts";

// The widths of a chart's text, in the charts' process (src/render/chart-child.ts): shaped by HarfBuzz
// (harfbuzzjs, which subset-font brings) from the font files the deck draws with, so vega lays labels,
// titles and legends out as the browser will draw them. Node has no canvas, and vega's own estimate
// (0.8 × the font size a character) makes Source Sans 3's text about half again too wide.
//
// The fonts: the built-in Source Sans 3 (@fontsource, the subsets and weights a deck inlines, see
// src/render/assets.ts) and after it the bundled fallbacks for Arabic and Hebrew (as the deck's font stacks
// name them, src/render/fallback-fonts.ts), each character drawn by the first face whose unicode-range
// holds it and which has a glyph for it, as a browser picks. A brand's own fonts (its `source: file`
// fonts, named with each chart job: src/render/chart.ts) are read before the job is drawn, in any format
// (src/render/chart-font-files.ts), and a text whose stack starts with one of their families is measured
// in its faces, then in the built-in's and the fallbacks' for characters it lacks, as the deck's stack
// has them. A stack starting with another family (a system font), or a brand family none of whose files
// can be read, is not measured here: vega estimates it. The built-in faces are read on first use
// (synchronously, as vega measures), and every face is kept for the process.

type HarfBuzz = typeof import("harfbuzzjs");

/** The font of a text as vega's items carry it. */
export interface TextFont {
  font?: string;
  fontWeight?: string | number;
  fontStyle?: string;
  fontSize?: number;
}

/** A brand's font file, as a chart job names it: the charts' process reads the file itself. */
export interface FontFile {
  family: string;
  /** CSS font-weight as _brand.yml gives it: 400, "bold", or a variable font's range "100 900". */
  weight: number | string;
  style: string;
  path: string;
  /** A digest of the file's bytes: its faces are kept by it. */
  digest: string;
}

interface FaceFile {
  /** The family and subset: the faces a browser chooses among by weight and style. */
  group: string;
  /** The weights it is declared for (one, or a variable font's range). */
  weights: [number, number];
  style: "normal" | "italic";
  file: string;
  /** What it is kept by, when not its path (a brand's file, by its digest). */
  key?: string;
  spans: Array<[number, number]>;
}

type HbFont = InstanceType<HarfBuzz["Font"]>;

interface LoadedFace {
  face: InstanceType<HarfBuzz["Face"]>;
  font: HbFont;
  upem: number;
  /** A variable font's instances by weight (its wght axis set as the browser sets it). */
  instances?: Map<number, HbFont>;
}

interface Brand {
  signature: string;
  /** Each family's faces (by its name, lower case), those after it in the stack following. */
  families: Map<string, FaceFile[]>;
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
let brand: Brand = { signature: "", families: new Map() };
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
 * Reads a brand's font files (after loadTextMetrics): texts in their families are then measured in
 * them, until other files are given (none: no brand). Files already read are kept; a file that cannot
 * be read is left to vega's estimate.
 */
export async function useFontFiles(fonts: readonly FontFile[]): Promise<void> {
  const signature = fonts.map((f) => `${f.digest} ${f.family} ${f.weight} ${f.style}`).join("\n");
  if (harfbuzz === undefined || signature === brand.signature) return;
  const families = new Map<string, FaceFile[]>();
  for (const font of fonts) {
    if (!loaded.has(font.digest)) loaded.set(font.digest, await loadFontFile(font.path));
    const family = font.family.toLowerCase();
    const face: FaceFile = {
      group: `brand ${family}`,
      weights: cssWeights(font.weight),
      style: font.style === "italic" || font.style === "oblique" ? "italic" : "normal",
      file: font.path,
      key: font.digest,
      spans: [[0, 0x10ffff]],
    };
    families.set(family, [...(families.get(family) ?? []), face]);
  }
  // A family none of whose files can be read is vega's to estimate.
  for (const [family, faces] of families) {
    if (faces.every((f) => loaded.get(f.key as string) === null)) families.delete(family);
  }
  brand = { signature, families };
  // Widths are kept by family name: another brand's family of the same name has other widths.
  widths.clear();
}

async function loadFontFile(path: string): Promise<LoadedFace | null> {
  try {
    return makeFace(await readFontFile(path));
  } catch {
    return null;
  }
}

/**
 * The width in pixels of `text` drawn in `item`'s font, shaped by HarfBuzz; undefined when its font
 * stack does not start with a font this process has (or HarfBuzz is not loaded): then vega estimates.
 */
export function measureText(item: TextFont, text: string): number | undefined {
  if (harfbuzz === undefined) return undefined;
  const family = firstFamily(item.font);
  const faces = family === BUILT_IN ? [] : brand.families.get(family);
  if (faces === undefined) return undefined;
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  if (size <= 0 || text === "") return 0;
  const weight = cssWeight(item.fontWeight);
  const style = item.fontStyle === "italic" || item.fontStyle === "oblique" ? "italic" : "normal";
  const key = `${family} ${weight} ${style} ${size} ${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    faceFiles ??= findFaceFiles();
    width = shapeWidth(text, weight, style, faces.length > 0 ? [...faces, ...faceFiles] : faceFiles) * size;
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width;
}

function firstFamily(stack: string | undefined): string {
  const first = (stack ?? "")
    .split(",")[0]
    ?.trim()
    .replace(/^["']|["']$/g, "");
  return first?.toLowerCase() ?? "";
}

// CSS font-weight to a number (vega passes the spec's value through: 600, "bold", "normal").
function cssWeight(weight: string | number | undefined): number {
  if (weight === undefined || weight === "normal" || weight === "") return 400;
  if (weight === "bold" || weight === "bolder") return 700;
  if (weight === "lighter") return 300;
  const value = Number(weight);
  return Number.isFinite(value) ? value : 400;
}

// A @font-face's font-weight: one weight, or a variable font's range ("100 900").
function cssWeights(weight: string | number): [number, number] {
  const [low = "", high = low] = String(weight).trim().split(/\s+/);
  return [cssWeight(low), cssWeight(high)].sort((a, b) => a - b) as [number, number];
}

/** The width of `text` in ems: runs of characters drawn by one face, each shaped whole. */
function shapeWidth(
  text: string,
  weight: number,
  style: "normal" | "italic",
  files: readonly FaceFile[],
): number {
  let total = 0;
  let run = "";
  let runFace: HbFont | null | undefined;
  let upem = 1000;
  const flush = () => {
    if (run === "") return;
    // A character no face has: a browser draws it in some system font, unknown here; vega's estimate.
    total += runFace ? shapeRun(runFace, upem, run) : 0.8 * [...run].length;
    run = "";
  };
  for (const char of text) {
    const found = faceFor(char.codePointAt(0) ?? 0, weight, style, files);
    const face = found && fontAt(found.face, found.weight);
    if (face !== runFace) {
      flush();
      runFace = face;
      upem = found?.face.upem ?? upem;
    }
    run += char;
  }
  flush();
  return total;
}

function shapeRun(font: HbFont, upem: number, run: string): number {
  const hb = harfbuzz as HarfBuzz;
  const buffer = new hb.Buffer();
  buffer.addText(run);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  let advance = 0;
  for (const position of buffer.getGlyphPositions()) advance += position.xAdvance;
  return advance / upem;
}

/**
 * The face that draws a code point in a weight and style (the first whose range holds it, with a
 * glyph), and the weight it is drawn at (a variable font's, within its range).
 */
function faceFor(
  code: number,
  weight: number,
  style: "normal" | "italic",
  files: readonly FaceFile[],
): { face: LoadedFace; weight: number } | null {
  const candidates = files.filter((f) => f.spans.some(([low, high]) => code >= low && code <= high));
  // Each family's subsets in turn (the brand's, the built-in's, the fallbacks'): the face nearest the weight.
  for (const file of candidates) {
    if (!isNearest(file, weight, style, candidates)) continue;
    const face = loadFace(file);
    if (face !== null && face.font.nominalGlyph(code) !== undefined)
      return { face, weight: clamp(weight, file.weights) };
  }
  return null;
}

const clamp = (weight: number, [low, high]: [number, number]) => Math.min(high, Math.max(low, weight));

/** The face's font at a weight: a variable font's instance (its wght axis), else the font itself. */
function fontAt(face: LoadedFace, weight: number): HbFont {
  if (face.instances === undefined) return face.font;
  let font = face.instances.get(weight);
  if (font === undefined) {
    const hb = harfbuzz as HarfBuzz;
    font = new hb.Font(face.face);
    font.setVariations([new hb.Variation("wght", weight)]);
    face.instances.set(weight, font);
  }
  return font;
}

// The face a browser's font matching picks among a subset's faces (CSS Fonts 4: the style, then for a
// weight up to 500 the nearest at or below it first, above 500 the nearest at or above it first).
function isNearest(file: FaceFile, weight: number, style: string, all: FaceFile[]): boolean {
  const siblings = all.filter((f) => f.group === file.group);
  const styled = siblings.some((f) => f.style === style)
    ? siblings.filter((f) => f.style === style)
    : siblings;
  if (!styled.includes(file)) return false;
  const rank = (range: [number, number]) => {
    const w = clamp(weight, range);
    return weight <= 500
      ? w <= weight
        ? weight - w
        : 1000 + w
      : w >= weight
        ? w - weight
        : 1000 + weight - w;
  };
  return styled.every((f) => rank(file.weights) <= rank(f.weights));
}

function loadFace(file: FaceFile): LoadedFace | null {
  const key = file.key ?? file.file;
  let face = loaded.get(key);
  if (face === undefined) {
    try {
      face = makeFace(readWoffSync(file.file));
    } catch {
      // A file missing or unreadable: its characters fall to the next face, or to vega's estimate.
      face = null;
    }
    loaded.set(key, face);
  }
  return face;
}

/** HarfBuzz's face of an sfnt font; throws when it has no character map (not a font HarfBuzz reads). */
function makeFace(sfnt: Buffer): LoadedFace {
  const hb = harfbuzz as HarfBuzz;
  const face = new hb.Face(new hb.Blob(sfnt), 0);
  if (face.referenceTable("cmap") === undefined) throw new Error("no character map");
  const variable = "wght" in face.getAxisInfos();
  return { face, font: new hb.Font(face), upem: face.upem, ...(variable ? { instances: new Map() } : {}) };
}

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
      weights: [weight, weight] as [number, number],
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
        weights: [weight, weight],
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
