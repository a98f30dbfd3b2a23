import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readInput } from "../read-input.ts";

/** The SHA-256 of some content, in hex: what the manifest records to prove a file is briefdeck's. */
export function digest(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

// An output is a deck or a PDF; anything bigger than this was not written by briefdeck.
const MAX_OUTPUT_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/**
 * The digest of a file as it is on disk, or undefined when there is no regular file there. A symbolic
 * link, a folder, a FIFO or a device is never treated as an output: briefdeck writes none of them.
 */
export function fileDigest(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const read = readInput(path, MAX_OUTPUT_BYTES);
  return "bytes" in read ? digest(read.bytes) : undefined;
}

/** Whether anything (a file, a link, a folder) has this name. */
export function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

let counter = 0;
// `.<target>.<pid>.<n>.tmp`, for a target briefdeck writes: an output (a deck, a PDF, a PowerPoint), the
// index, the manifest or the write probe.
const TEMPORARY = /^\.(?:.+\.(?:html|pdf|pptx)|\.briefdeck-manifest\.json|briefdeck-probe)\.(\d+)\.\d+\.tmp$/;

/** A file written under a temporary name, waiting to be renamed over its target. */
export interface StagedFile {
  target: string;
  temporary: string;
}

/**
 * Writes content to a temporary file beside its target: `.<name>.<pid>.<n>.tmp`. The pid in the name lets
 * a later run remove what a killed process left behind. Throws (having removed its own partial file)
 * when the disk refuses.
 */
export function stageFile(target: string, content: string | Uint8Array): StagedFile {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${++counter}.tmp`);
  try {
    // "wx": never overwrites, so a name someone else holds is never ours to remove.
    writeFileSync(temporary, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") removeQuietly(temporary);
    throw error;
  }
  return { target, temporary };
}

/** Renames a staged file over its target: readers see the old file or the new one, never half of one. */
export function commitStaged(staged: StagedFile): void {
  renameSync(staged.temporary, staged.target);
}

/** Removes staged files that will not be committed. */
export function discardStaged(staged: readonly StagedFile[]): void {
  for (const file of staged) removeQuietly(file.temporary);
}

// Clean-up after a failed write must not hide the failure: a name too long to write is too long to remove.
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was written under that name.
  }
}

/** Writes a file atomically (temporary file, then rename), creating its folder. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const staged = stageFile(path, content);
  try {
    commitStaged(staged);
  } catch (error) {
    discardStaged([staged]);
    throw error;
  }
}

/**
 * Removes temporary files that processes which no longer run left in a folder (a build killed mid-write).
 * Only names of briefdeck's own pattern, carrying a pid that is not alive, are touched.
 */
export function removeOrphanedTemporaries(folder: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    const pid = Number(TEMPORARY.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === 0 || isAlive(pid)) continue;
    // Only a regular file: a folder or a link of that name is not one of ours.
    if (!lstatSync(join(folder, name)).isFile()) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid is running (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
