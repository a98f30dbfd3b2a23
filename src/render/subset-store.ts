import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Font subsets kept between runs in the user's cache folder ($XDG_CACHE_HOME/briefdeck/fonts, else
 * ~/.cache/briefdeck/fonts), named by a digest of the font, the code points and the subsetter. A cold
 * `build` of a brief whose characters were seen before then loads neither harfbuzz nor the WOFF2
 * encoder (about a third of a second). Optional: a folder that cannot be read or written is a miss.
 */
export function readStoredSubset(key: string): Buffer | undefined {
  try {
    const bytes = readFileSync(join(storeFolder(), `${key}.woff2`));
    // A WOFF2 file names its own length (bytes 8 to 11): a torn or foreign file is a miss.
    return bytes.length >= 12 &&
      bytes.toString("latin1", 0, 4) === "wOF2" &&
      bytes.readUInt32BE(8) === bytes.length
      ? bytes
      : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a subset for later runs; written aside and renamed, so a reader never sees half of it. */
export function storeSubset(key: string, bytes: Buffer): void {
  try {
    const folder = storeFolder();
    mkdirSync(folder, { recursive: true });
    const temporary = join(folder, `${key}.${process.pid}.tmp`);
    writeFileSync(temporary, bytes);
    renameSync(temporary, join(folder, `${key}.woff2`));
  } catch {
    // The store only saves time.
  }
}

function storeFolder(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "briefdeck", "fonts");
}
