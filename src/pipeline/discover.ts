import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { BRIEF_FILE } from "../output/names.ts";
import { briefsFolder, expandBriefs } from "../project/load-settings.ts";

/** The folder briefs live in, relative to the project root. */
export const BRIEFS_DIR = "briefs";

/** The brief files to build: the ones named, or every `briefs/*.yaml` in the project. */
export function discoverBriefs(projectRoot: string, named: readonly string[]): string[] {
  // A brief named twice (briefs/a.yaml ./briefs/a.yaml) is built once.
  if (named.length > 0) return [...new Set(named.map((file) => resolve(projectRoot, file)))];
  let entries: string[];
  try {
    entries = readdirSync(join(projectRoot, BRIEFS_DIR));
  } catch {
    return [];
  }
  return entries
    .filter((name) => BRIEF_FILE.test(name) && !name.startsWith("."))
    .sort()
    .map((name) => join(projectRoot, BRIEFS_DIR, name));
}

/** Where a project's briefs are: how to list them now, and the folders a new or changed one appears in. */
export interface BriefSource {
  find(): string[];
  folders(): string[];
}

/**
 * The briefs a command works on: the files named on its command line, else the settings' `briefs` (a
 * folder or a pattern, listed again at every call), else every `briefs/*.yaml`. `build --watch` and
 * `serve` watch its folders.
 */
export function briefSource(
  projectRoot: string,
  named: readonly string[],
  pattern: string | undefined,
): BriefSource {
  if (named.length > 0) {
    const files = discoverBriefs(projectRoot, named);
    return { find: () => files, folders: () => [...new Set(files.map((file) => dirname(file)))] };
  }
  if (pattern !== undefined)
    return { find: () => expandBriefs(pattern), folders: () => [briefsFolder(pattern)] };
  return { find: () => discoverBriefs(projectRoot, []), folders: () => [join(projectRoot, BRIEFS_DIR)] };
}
