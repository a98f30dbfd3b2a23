import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { findNode, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { UsageError } from "../errors.ts";
import { readYamlFile } from "./read-yaml-file.ts";
import {
  DEFAULT_FORMATS,
  type FORMATS,
  type ProjectDefaults,
  type SettingsInput,
  settingsSchema,
} from "./settings-schema.ts";

/** The project settings file, at the project root. */
export const SETTINGS_FILE = "briefdeck.yaml";
/** The brand file used when the settings name none. */
export const DEFAULT_BRAND_FILE = "_brand.yml";

export type Format = (typeof FORMATS)[number];

/** The command-line flags that override the settings file. */
export interface SettingsFlags {
  out?: string | undefined;
  templates?: string | undefined;
  replaceTheme?: boolean;
  brand?: string | undefined;
  /** --no-pdf: HTML only, whatever the file's formats say. */
  noPdf?: boolean;
  /** --pptx / --no-pptx: the PowerPoint on or off, whatever the file's formats say. */
  pptx?: boolean | undefined;
}

/** Flags, then briefdeck.yaml, then defaults: resolved once, read-only, every path absolute. */
export interface ResolvedProject {
  readonly root: string;
  /** briefdeck.yaml's path, when the project has one. */
  readonly settingsFile: string | undefined;
  /**
   * The settings' `briefs` (a folder or a pattern), absolute, or undefined for the default (briefs/*.yaml):
   * `expandBriefs` lists its files, again at every call.
   */
  readonly briefsPattern: string | undefined;
  readonly out: string;
  readonly formats: ReadonlySet<Format>;
  readonly templates: string | undefined;
  readonly replaceTheme: boolean;
  /** The brand file, when there is one (the default _brand.yml only if it exists). */
  readonly brandFile: string | undefined;
  readonly defaults: Readonly<ProjectDefaults>;
  /** Problems in briefdeck.yaml, positioned in it. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Resolves the project's settings: briefdeck.yaml in `root` (optional), overridden by flags. Paths in the
 * file resolve against its folder, paths in flags against the working folder. A flag naming a folder or
 * file that does not exist is a UsageError; a problem in the file is a diagnostic.
 */
export function resolveProject(root: string, cwd: string, flags: SettingsFlags = {}): ResolvedProject {
  const path = join(root, SETTINGS_FILE);
  const checked = existsSync(path)
    ? readYamlFile(path, SETTINGS_FILE, settingsSchema())
    : { data: {}, diagnostics: [] as Diagnostic[], root: undefined, locator: undefined };
  const file: SettingsInput = checked.data ?? {};
  const diagnostics = [...checked.diagnostics];
  const fromFlag = (value: string | undefined) => (value === undefined ? undefined : resolve(cwd, value));
  // A path the file names that is not there is a problem in the file, at its value; one a flag names is a
  // usage error.
  const fromFile = (key: "templates" | "brand", what: string, there: (path: string) => boolean) => {
    const value = file[key];
    if (value === undefined) return undefined;
    const full = resolve(root, value);
    if (there(full)) return full;
    const position = checked.locator?.at(startOf(findNode(checked.root, [key]).node)) ?? {
      file: SETTINGS_FILE,
      line: 1,
      column: 1,
    };
    diagnostics.push(diagnose("settings-path-missing", `the ${what} "${value}" does not exist`, position));
    return undefined;
  };
  const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  const templates =
    flags.templates === undefined
      ? fromFile("templates", "templates folder", isFolder)
      : fromFlag(flags.templates);
  if (templates !== undefined && !isFolder(templates)) {
    throw new UsageError(`the templates folder ${flags.templates} does not exist`);
  }
  const namedBrand =
    flags.brand === undefined ? fromFile("brand", "brand file", existsSync) : fromFlag(flags.brand);
  if (namedBrand !== undefined && !existsSync(namedBrand)) {
    throw new UsageError(`the brand file ${flags.brand} does not exist`);
  }
  const defaultBrand = join(root, DEFAULT_BRAND_FILE);
  const formats = new Set<Format>(file.formats ?? DEFAULT_FORMATS);
  formats.add("html");
  if (flags.noPdf) for (const printed of ["pdf", "handout"] as const) formats.delete(printed);
  if (flags.pptx === true) formats.add("pptx");
  if (flags.pptx === false) formats.delete("pptx");
  return Object.freeze({
    root,
    settingsFile: existsSync(path) ? path : undefined,
    briefsPattern: file.briefs === undefined ? undefined : resolve(root, file.briefs),
    out:
      fromFlag(flags.out) ??
      (file.out === undefined ? undefined : resolve(root, file.out)) ??
      join(root, "dist"),
    formats,
    templates,
    replaceTheme: flags.replaceTheme === true || file["replace-theme"] === true,
    brandFile:
      namedBrand ??
      (flags.brand === undefined && file.brand === undefined && existsSync(defaultBrand)
        ? defaultBrand
        : undefined),
    defaults: Object.freeze(file.defaults ?? {}),
    diagnostics,
  });
}

/** The folder a `briefs` setting lists briefs from: the folder itself, or a pattern's folder. */
export function briefsFolder(pattern: string): string {
  return statSync(pattern, { throwIfNoEntry: false })?.isDirectory() === true ? pattern : dirname(pattern);
}

/** The brief files of a `briefs` setting: a folder's *.yaml and *.yml, or a pattern with * in its last part. */
export function expandBriefs(pattern: string): string[] {
  const folder = briefsFolder(pattern);
  const isFolder = folder === pattern;
  const glob = basename(pattern)
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", "[^/]*");
  const test = isFolder ? /\.ya?ml$/ : new RegExp(`^${glob}$`);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !entry.startsWith(".") && test.test(entry))
    .sort()
    .map((entry) => join(folder, entry));
}
