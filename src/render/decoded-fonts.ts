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

/**
 * What `bytes` (a font file) decoded to on an earlier run, or, when nothing whole is kept, `keep`, which
 * keeps what the caller decodes now and hands it back (WOFF's decoder answers at once, WOFF2's later).
 */
export function keptFont(bytes: Buffer): { sfnt: Buffer } | { keep(sfnt: Buffer): Buffer } {
  const place = join(cacheFolder(), `${digest(bytes).toString("hex")}.sfnt`);
  const kept = readKept(place);
  if (kept !== undefined) return { sfnt: kept };
  return {
    keep(sfnt) {
      write(place, sfnt);
      return sfnt;
    },
  };
}

/** What `bytes` decode to: kept from an earlier run, else `decode`d now and kept. */
export function decodedFont(bytes: Buffer, decode: (bytes: Buffer) => Buffer): Buffer {
  const kept = keptFont(bytes);
  return "sfnt" in kept ? kept.sfnt : kept.keep(decode(bytes));
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
function write(place: string, sfnt: Buffer): void {
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
