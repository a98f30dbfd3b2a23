import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import Module from "node:module";
import { join } from "node:path";

// A font file's bytes as HarfBuzz reads them (sfnt: TrueType or OpenType), in the charts' process
// (src/render/chart-text-metrics.ts). WOFF is unpacked by woff2sfnt-sfnt2woff and WOFF2 by wawoff2's
// decoder (in WebAssembly, asynchronous): the two readers fontverter uses for subset-font, found through
// them, and loaded only when a file needs them.

// Packages are found from the process' own file (lib/chart.cjs), as the engine beside it is.
export const requireHere = Module.createRequire(process.argv[1] ?? join(process.cwd(), "chart.cjs"));

type Woff2Decompress = (woff2: Buffer) => Promise<Uint8Array>;

/** A WOFF file (the built-in font's) as sfnt, synchronously: vega measures synchronously. */
export function readWoffSync(file: string): Buffer {
  return unpackWoff(readFileSync(file));
}

/**
 * A font file of any format a brand may give (TrueType, OpenType, WOFF, WOFF2) as sfnt. Throws when it
 * is none of them or cannot be unpacked.
 */
export async function readFontFile(file: string): Promise<Buffer> {
  const bytes = await readFile(file);
  const signature = bytes.toString("latin1", 0, 4);
  if (signature === "wOFF") return unpackWoff(bytes);
  if (signature === "wOF2") return Buffer.from(await findWoff2Decompress()(bytes));
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
