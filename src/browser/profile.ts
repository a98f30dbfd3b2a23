import { accessSync, constants, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// briefdeck-chromium-<pid of the briefdeck process>-<random>: the pid tells a later run whether its owner
// is still alive, and the prefix that the folder is ours.
const PREFIX = "briefdeck-chromium-";
const OURS = /^briefdeck-chromium-(\d+)-[A-Za-z0-9]{6}$/;

// Linux's shared-memory folder: a file system in memory.
const IN_MEMORY = "/dev/shm";

/**
 * Where profiles are made: in memory (/dev/shm) on Linux, unless TMPDIR names a temporary folder, which is
 * the user's (or a test's) choice and is kept; else the temporary folder. Chromium writes a profile of a
 * few hundred files (about a megabyte) as it starts: on a disk's file system, creating them made a cold
 * build with PDFs about 5 % slower (paired runs).
 */
export function profileFolder(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (process.platform !== "linux" || env.TMPDIR) return tmpdir();
  try {
    if (statSync(IN_MEMORY).isDirectory()) {
      accessSync(IN_MEMORY, constants.W_OK);
      return IN_MEMORY;
    }
  } catch {
    // No such folder here, or not ours to write.
  }
  return tmpdir();
}

/**
 * Makes a fresh profile folder for one launched Chromium (in profileFolder(), else the temporary folder
 * when that one refuses). It is briefdeck's to remove: Puppeteer removes only the temporary profiles it
 * made itself, and a process killed with SIGKILL removes nothing, so each launch also removes the folders
 * of briefdeck processes that are gone (`staleRemoved`, awaited when the browser is let go). That listing
 * (thousands of entries in a busy machine's temporary folder) is read on Node's thread pool while
 * Chromium starts, not before the launch.
 */
export function createProfile(preferred = profileFolder()): {
  path: string;
  staleRemoved: Promise<string[]>;
} {
  let folder = preferred;
  let path: string;
  try {
    path = mkdtempSync(join(folder, `${PREFIX}${process.pid}-`));
  } catch (error) {
    if (folder === tmpdir()) throw error;
    folder = tmpdir();
    path = mkdtempSync(join(folder, `${PREFIX}${process.pid}-`));
  }
  const staleRemoved = readdir(folder).then(
    (names) => removeStaleIn(folder, names),
    () => [],
  );
  return { path, staleRemoved };
}

/**
 * Removes a profile folder, quietly: Chromium may still be letting go of a file in it. On Node's thread
 * pool, so the outputs are written meanwhile (a profile is a few hundred files).
 */
export async function removeProfile(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // Left for the next run's removeStaleProfiles.
  }
}

/**
 * Removes the profile folders of briefdeck processes that no longer run. Only real folders (not links)
 * whose name is ours and whose owner's pid is dead; another user's folders, or a live run's, stay.
 */
export function removeStaleProfiles(folder = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return removeStaleIn(folder, names);
}

function removeStaleIn(folder: string, names: readonly string[]): string[] {
  const removed: string[] = [];
  for (const name of names) {
    const owner = OURS.exec(name)?.[1];
    if (owner === undefined || isRunning(Number(owner))) continue;
    const path = join(folder, name);
    try {
      if (!lstatSync(path).isDirectory()) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Not ours to remove after all (another user's), or already gone.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
