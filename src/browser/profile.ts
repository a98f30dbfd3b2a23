import {
  accessSync,
  constants,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statfsSync,
} from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// briefdeck-chromium-<pid namespace>.<pid of the briefdeck process>-<random>: the pid tells a later run
// whether its owner is still alive, the prefix that the folder is ours, and the pid namespace that the pid
// is one this run can see (a folder shared between containers, as /dev/shm often is, holds profiles whose
// pids mean nothing here). Without a namespace (another system, an older briefdeck): <pid>-<random>.
const PREFIX = "briefdeck-chromium-";
const OURS = /^briefdeck-chromium-(?:(\d+)\.)?(\d+)-[A-Za-z0-9]{6}$/;

// Linux's shared-memory folder: a file system in memory.
const IN_MEMORY = "/dev/shm";
// Free space a profile needs there to be made in memory (it takes about a megabyte).
const IN_MEMORY_ROOM = 64 * 1024 * 1024;

/** The number of this process's pid namespace, when the system names one (Linux). */
function pidNamespace(): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1];
  } catch {
    return undefined;
  }
}

const NAMESPACE = pidNamespace();

/**
 * Where profiles are made: in memory (/dev/shm) on Linux when it has room, unless TMPDIR (or TMP, TEMP)
 * names a temporary folder, which is the user's (or a test's) choice and is kept; else the temporary
 * folder. Chromium writes a profile of a few hundred files (about a megabyte) as it starts: on a disk's
 * file system, creating them made a cold build with PDFs about 5 % slower (paired runs).
 */
export function profileFolder(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (process.platform !== "linux" || env.TMPDIR || env.TMP || env.TEMP) return tmpdir();
  try {
    accessSync(IN_MEMORY, constants.W_OK);
    const { bavail, bsize } = statfsSync(IN_MEMORY);
    if (bavail * bsize >= IN_MEMORY_ROOM) return IN_MEMORY;
  } catch {
    // No such folder here, or not ours to write.
  }
  return tmpdir();
}

/**
 * Makes a fresh profile folder for one launched Chromium (in profileFolder(), else the temporary folder
 * when that one refuses). It is briefdeck's to remove: Puppeteer removes only the temporary profiles it
 * made itself, and a process killed with SIGKILL removes nothing, so each launch also removes the folders
 * of briefdeck processes that are gone, in both places (`staleRemoved`, awaited when the browser is let
 * go). Those listings (thousands of entries in a busy machine's temporary folder) are read on Node's
 * thread pool while Chromium starts, not before the launch.
 */
export function createProfile(preferred = profileFolder()): {
  path: string;
  staleRemoved: Promise<string[]>;
} {
  const name = `${PREFIX}${NAMESPACE === undefined ? "" : `${NAMESPACE}.`}${process.pid}-`;
  let path: string;
  try {
    path = mkdtempSync(join(preferred, name));
  } catch (error) {
    if (preferred === tmpdir()) throw error;
    path = mkdtempSync(join(tmpdir(), name));
  }
  const folders = [...new Set([preferred, tmpdir()])];
  const staleRemoved = Promise.all(
    folders.map((folder) =>
      readdir(folder).then(
        (names) => removeStaleIn(folder, names),
        () => [],
      ),
    ),
  ).then((removed) => removed.flat());
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
 * whose name is ours, made in this run's pid namespace (or naming none), and whose owner's pid is dead;
 * another user's folders, another container's, or a live run's, stay.
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
    const [, namespace, owner] = OURS.exec(name) ?? [];
    if (owner === undefined || (namespace !== undefined && namespace !== NAMESPACE)) continue;
    if (isRunning(Number(owner))) continue;
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
