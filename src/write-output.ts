import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file that marks a folder as briefdeck's output folder; only such folders are ever cleaned. */
export const MARKER = ".briefdeck-output";

let written = 0;
const tag = Math.random().toString(36).slice(2, 8);

/**
 * Writes a file atomically: the content goes to a temporary file in the same folder, which is then
 * renamed over the target. Readers see the old file or the new one, never half of one.
 */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // Unique to this process (pid and a counter) and unlikely to be anyone else's; "wx" never overwrites.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${++written}${tag}.tmp`);
  try {
    writeFileSync(temporary, content, { flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    // Remove what this call wrote; a file that already had the name is not ours.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") rmSync(temporary, { force: true });
    throw error;
  }
}

/** Creates the output folder and its marker. */
export function prepareOutputFolder(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const marker = join(outDir, MARKER);
  if (!existsSync(marker))
    writeFileSync(
      marker,
      "This folder is written by briefdeck. `briefdeck build --clean` may delete its contents.\n",
    );
}

/** Whether a folder carries briefdeck's marker. */
export function isOutputFolder(outDir: string): boolean {
  return existsSync(join(outDir, MARKER));
}

/**
 * Deletes the outputs of briefs that are no longer built: files named `<slug>.*` whose slug is not in
 * `keep`. Refuses a folder without the marker, so a mistyped --out never deletes someone's files.
 */
export function pruneOutputs(outDir: string, keep: ReadonlySet<string>): string[] {
  if (!isOutputFolder(outDir)) throw new Error(`${outDir} has no ${MARKER} marker`);
  const removed: string[] = [];
  for (const entry of readdirSync(outDir)) {
    if (entry.startsWith(".") || entry === "index.html") continue;
    const slug = entry.split(".")[0] ?? "";
    if (!keep.has(slug) && /\.(html|pdf)$/.test(entry)) {
      rmSync(join(outDir, entry), { force: true });
      removed.push(entry);
    }
  }
  return removed;
}
