import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import Module from "node:module";
import { dirname, join } from "node:path";
import { decodedFont, keptFont } from "./decoded-fonts.ts";
import { findFallbackFonts, parseUnicodeRange } from "./fallback-fonts.ts";

// The font files a chart's text is measured from, in the charts' process (src/render/chart-text-metrics.ts):
// where the built-in font's and the fallbacks' faces are, a brand's files as faces, which face a browser
// picks for a weight and style, and each file's bytes as HarfBuzz reads them (sfnt: TrueType or
// OpenType). WOFF is unpacked by woff2sfnt-sfnt2woff and WOFF2 by wawoff2's decoder (in WebAssembly,
// asynchronous): the two readers fontverter uses for subset-font, found through them, and loaded only
// when a file needs them: what a file decodes to is kept between runs (src/render/decoded-fonts.ts).

// Packages are found from the process' own file (lib/chart.cjs), as the engine beside it is.
const requireHere = Module.createRequire(process.argv[1] ?? join(process.cwd(), "chart.cjs"));

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

/** A face the deck may draw with: its file, and what its @font-face declares. */
export interface FaceFile {
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

/** The built-in family, as a font stack names it (lower case). */
export const BUILT_IN = "source sans 3";
const SUBSETS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext"];
const FACES: Array<{ weight: number; style: "normal" | "italic" }> = [
  { weight: 400, style: "normal" },
  { weight: 400, style: "italic" },
  { weight: 600, style: "normal" },
  { weight: 700, style: "normal" },
];

/** CSS font-weight as a number (vega passes the spec's value through: 600, "bold", "normal"). */
export function cssWeight(weight: string | number | undefined): number {
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

/** A weight within a face's declared range, as a browser draws a variable font. */
export const clamp = (weight: number, [low, high]: [number, number]) => Math.min(high, Math.max(low, weight));

/**
 * Whether a browser's font matching picks this face among its group's (CSS Fonts 4: the style, then
 * for a weight up to 500 the nearest at or below it first, above 500 the nearest at or above it first).
 */
export function isNearest(file: FaceFile, weight: number, style: string, all: FaceFile[]): boolean {
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

/** A brand's file as a face: every code point it has a glyph for, by the weights and style declared. */
export function brandFace(font: FontFile): FaceFile {
  return {
    group: `brand ${font.family.toLowerCase()}`,
    weights: cssWeights(font.weight),
    style: font.style === "italic" || font.style === "oblique" ? "italic" : "normal",
    file: font.path,
    key: font.digest,
    spans: [[0, 0x10ffff]],
  };
}

/** The built-in font's faces (the subsets and weights a deck inlines), then the fallbacks'. */
export function findBuiltInFaces(): FaceFile[] {
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

type Woff2Decompress = (woff2: Buffer) => Promise<Uint8Array>;

/** A WOFF file (the built-in font's) as sfnt, synchronously: vega measures synchronously. */
export function readWoffSync(file: string): Buffer {
  return decodedFont(readFileSync(file), unpackWoff);
}

/**
 * A font file of any format a brand may give (TrueType, OpenType, WOFF, WOFF2) as sfnt. Throws when it
 * is none of them or cannot be unpacked.
 */
export async function readFontFile(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  const signature = bytes.toString("latin1", 0, 4);
  if (signature === "wOFF") return decodedFont(bytes, unpackWoff);
  if (signature === "wOF2") {
    // WOFF2's decoder answers later: what is kept is looked for first, and what it decodes kept after.
    const kept = keptFont(bytes);
    return "sfnt" in kept ? kept.sfnt : kept.keep(Buffer.from(await findWoff2Decompress()(bytes)));
  }
  if (signature === "\0\x01\0\0" || signature === "OTTO" || signature === "true") return bytes;
  throw new Error(`not a font file (it starts with ${JSON.stringify(signature)})`);
}

function unpackWoff(bytes: Buffer): Buffer {
  const { toSfnt } = requireHere("woff2sfnt-sfnt2woff") as { toSfnt(woff: Buffer): Buffer };
  return toSfnt(bytes);
}

let woff2: Woff2Decompress | undefined;
// wawoff2 as fontverter (subset-font's format converter) has it: its decoder alone, not its encoder.
function findWoff2Decompress(): Woff2Decompress {
  if (woff2 === undefined) {
    const fromSubsetFont = Module.createRequire(requireHere.resolve("subset-font"));
    const fromFontverter = Module.createRequire(fromSubsetFont.resolve("fontverter"));
    woff2 = fromFontverter("wawoff2/decompress") as Woff2Decompress;
  }
  return woff2;
}
