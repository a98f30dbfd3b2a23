import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

// Fonts as HarfBuzz reads them (sfnt), decoded once per machine. Unpacking a WOFF (zlib, in JavaScript) or
// a WOFF2 (brotli, in WebAssembly) costs the charts' process tens of milliseconds at every start, more
// than drawing a chart, so what a file decodes to is kept in the user's cache folder, named by the digest
// of the file's bytes, as the bins keep V8's code cache there. A kept file starts with the digest of what
// follows it: one cut short or damaged is decoded again and replaced. Never required: a cache that
// cannot be read or written only costs the decoding.

const HEADER = 32;

function cacheFolder(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "briefdeck", "fonts");
}

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();

/** What `bytes` (a font file) decode to: kept from an earlier run, else `decode`d now and kept. */
export function decodedFont(bytes: Buffer, decode: (bytes: Buffer) => Buffer): Buffer {
  const place = join(cacheFolder(), `${digest(bytes).toString("hex")}.sfnt`);
  const kept = readKept(place);
  if (kept !== undefined) return kept;
  const sfnt = decode(bytes);
  keep(place, sfnt);
  return sfnt;
}

/** As decodedFont, for a decoder that answers later (WOFF2's). */
export async function decodedFontAsync(
  bytes: Buffer,
  decode: (bytes: Buffer) => Promise<Buffer>,
): Promise<Buffer> {
  const place = join(cacheFolder(), `${digest(bytes).toString("hex")}.sfnt`);
  const kept = readKept(place);
  if (kept !== undefined) return kept;
  const sfnt = await decode(bytes);
  keep(place, sfnt);
  return sfnt;
}

function readKept(place: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(place);
  } catch {
    return undefined;
  }
  const body = file.subarray(HEADER);
  return file.length > HEADER && digest(body).equals(file.subarray(0, HEADER)) ? body : undefined;
}

// Written to a temporary name and renamed, so a process starting meanwhile reads a whole file or none.
function keep(place: string, sfnt: Buffer): void {
  const temporary = `${place}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(place), { recursive: true });
    writeFileSync(temporary, Buffer.concat([digest(sfnt), sfnt]));
    renameSync(temporary, place);
  } catch {
    // Read-only, full, or no folder to be had: the next run decodes again.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Its folder could not be made, so there is no temporary file.
    }
  }
}
