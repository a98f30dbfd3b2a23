import {
  BUILT_IN,
  brandFace,
  clamp,
  cssWeight,
  type FaceFile,
  type FontFile,
  findBuiltInFaces,
  isNearest,
  readFontFile,
  readWoffSync,
} from "./chart-font-files.ts";

export type { FontFile } from "./chart-font-files.ts";

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

let harfbuzz: HarfBuzz | undefined;
let faceFiles: FaceFile[] | undefined;
const loaded = new Map<string, LoadedFace | null>();
let brand: Brand = { signature: "", families: new Map() };
const widths = new Map<string, number>();
/** The face chosen for a code point, weight and style, in the faces that start with a given file. */
const chosen = new Map<string, { face: LoadedFace; weight: number } | null>();
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
    families.set(family, [...(families.get(family) ?? []), brandFace(font)]);
  }
  // A family none of whose files can be read is vega's to estimate.
  for (const [family, faces] of families) {
    if (faces.every((f) => loaded.get(f.key as string) === null)) families.delete(family);
  }
  brand = { signature, families };
  // Widths are kept by family name: another brand's family of the same name has other widths.
  widths.clear();
  chosen.clear();
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
    faceFiles ??= findBuiltInFaces();
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
  // Asked once for every character vega measures: each code point is looked up once per font.
  const key = `${files[0]?.key ?? files[0]?.file}\0${code}\0${weight}\0${style}`;
  let found = chosen.get(key);
  if (found === undefined) {
    found = chooseFace(code, weight, style, files);
    chosen.set(key, found);
  }
  return found;
}

function chooseFace(
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
