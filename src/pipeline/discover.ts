import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { BRIEF_FILE } from "../output/names.ts";

/** The folder briefs live in, relative to the project root. */
export const BRIEFS_DIR = "briefs";

/** The brief files to build: the ones named, or every `briefs/*.yaml` in the project. */
export function discoverBriefs(projectRoot: string, named: readonly string[]): string[] {
  if (named.length > 0) return named.map((file) => resolve(projectRoot, file));
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
