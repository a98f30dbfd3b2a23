import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { EnvironmentError, UsageError } from "../errors.ts";
import { isWithin } from "../path-within.ts";
import { readInput } from "../read-input.ts";
import { isAlive } from "./files.ts";
import { describeWriteError } from "./write-error.ts";

/** The file that marks a folder as briefdeck's output folder. */
export const MARKER_FILE = ".briefdeck-output";
const LOCK_FILE = ".briefdeck-lock";

/** What an output folder must not be, to keep the user's own files safe from a mistyped --out. */
export interface OutputFolderRules {
  outDir: string;
  projectRoot: string;
  /** Folders that hold the briefs being built. */
  briefFolders: readonly string[];
}

/**
 * Refuses an output folder that would mix briefdeck's files with the user's: the project root or a folder
 * holding it, a folder of briefs or one holding it, or a non-empty folder briefdeck did not make (it has
 * no marker). A path that is a file is refused too. Throws UsageError (exit 2) with the fix.
 */
export function checkOutputFolder({ outDir, projectRoot, briefFolders }: OutputFolderRules): void {
  // As a path within the project, or absolute when it is outside (`/` is no clearer as `../..`).
  const inside = relative(projectRoot, outDir);
  const shown = inside === "" ? "." : isWithin(outDir, projectRoot) ? inside : outDir;
  const suggestion = shown === "dist" ? "--out out" : "--out dist";
  const pick = `pick a folder of its own for the outputs, such as ${suggestion}`;
  if (isWithin(projectRoot, outDir))
    throw new UsageError(`--out ${shown} is the project folder or holds it: ${pick}`, { usage: false });
  // A folder inside a briefs folder is fine (briefs are not looked for in subfolders); the briefs folder
  // itself, or one that holds it, is not.
  for (const folder of briefFolders) {
    if (isWithin(folder, outDir))
      throw new UsageError(`--out ${shown} holds briefs (${relative(projectRoot, folder) || "."}): ${pick}`, {
        usage: false,
      });
  }
  let entries: string[];
  try {
    if (!statSync(outDir).isDirectory())
      throw new UsageError(`--out ${shown} is a file, not a folder: ${pick}`, { usage: false });
    entries = readdirSync(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
    throw new UsageError(
      `--out ${shown} already holds files that briefdeck did not write (it has no ${MARKER_FILE}): ${pick}, or empty that folder first`,
      { usage: false },
    );
  }
}

/** Creates the output folder and its marker (checkOutputFolder has made sure it is ours or empty). */
export function prepareOutputFolder(outDir: string): void {
  makeFolder(outDir);
  const marker = join(outDir, MARKER_FILE);
  try {
    writeFileSync(
      marker,
      "This folder is written by briefdeck. It deletes or replaces only the files its manifest lists.\n",
      { flag: "wx" },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

// Node's recursive mkdir reports any refusal below an existing folder (a read-only mount, no permission)
// as ENOENT, "a part of the path does not exist": the first missing folder, made alone, says what it is.
function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    let missing = path;
    while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
    try {
      mkdirSync(missing);
    } catch (why) {
      // A link to nowhere is in the way: ENOENT's own "a link to nowhere?" says it best.
      if ((why as NodeJS.ErrnoException).code === "EEXIST") throw error;
      throw new EnvironmentError(describeWriteError(why, dirname(missing), "create a folder in"));
    }
    mkdirSync(path, { recursive: true });
  }
}

/**
 * Runs `work` holding the output folder's lock, so builds that run at once write the manifest and the
 * index one after another. A lock whose process has died (a build killed mid-write) is taken over.
 */
export async function withOutputLock<T>(outDir: string, work: () => T | Promise<T>): Promise<T> {
  const lock = join(outDir, LOCK_FILE);
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (!isRegularFile(lock))
      throw new EnvironmentError(`${lock} is in the way and is not briefdeck's lock file: remove it`);
    // Writing a build's outputs takes seconds: a lock older than a minute was left behind, even when its
    // pid now belongs to another process.
    const holder = lockHolder(lock);
    const age = lockAge(lock);
    if (holder === undefined ? age > 10_000 : !isAlive(holder) || age > 60_000) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        `${lock} has been held for a minute and a half by process ${holder ?? "?"}: if no briefdeck is running, delete that file`,
      );
    }
    await sleep(10 + Math.random() * 20);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return true;
  }
}

// Read like any input: a lock that is not a small regular file (a link to a device) names no holder.
function lockHolder(lock: string): number | undefined {
  const read = readInput(lock, 64);
  if (!("bytes" in read)) return undefined;
  const pid = Number.parseInt(read.bytes.toString("utf8"), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

// A lock with no pid in it was left by a process killed between creating it and writing to it.
function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}
