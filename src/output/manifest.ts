import { join, resolve } from "node:path";
import { decodeText, readInput } from "../read-input.ts";
import { fileDigest } from "./files.ts";
import { INDEX_FILE, OUTPUT_KINDS, type OutputKind, outputFile, unusableName } from "./names.ts";

/** The file in the output folder that records what briefdeck wrote there. */
export const MANIFEST_FILE = ".briefdeck-manifest.json";
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The cache key of a record adopted from a format-1 manifest: never current, and never proof enough to delete. */
export const ADOPTED = "format-1";

/** One file briefdeck wrote: the cache key it was written from and the digest that proves it is ours. */
export interface OutputRecord {
  kind: OutputKind;
  /** The build cache key of the inputs it was written from (see build-cache.ts). */
  key: string;
  /** SHA-256 of the content written. */
  sha256: string;
  /**
   * The digest of the file this one replaced, while the replacement may not have landed yet: the
   * manifest is written before the renames, so a build killed in between still knows both are ours.
   */
  replaced?: string | undefined;
}

/** What the output folder records about each brief built into it. */
export interface ManifestEntry {
  /** The outputs' name: the brief's slug, plus `.<variant>` for a variant. */
  name: string;
  variant: string | null;
  /** The brief file, absolute: `--clean` removes an entry's outputs only when this file is gone. */
  source: string;
  /** The brief file as shown to the user. */
  file: string;
  title: string;
  subtitle: string | null;
  date: string | null;
  version: string | null;
  marking: string | null;
  draft: boolean;
  slides: number;
  /** The image files the deck inlines (watched by build --watch). */
  images: string[];
  /** Every file written for this brief, by file name. */
  outputs: Record<string, OutputRecord>;
}

/** The output folder's record: its briefs by output name, and the index page it wrote. */
export interface Manifest {
  format: 2;
  briefs: Record<string, ManifestEntry>;
  index: { sha256: string; replaced?: string | undefined } | null;
}

/** An empty manifest. Built on a null prototype: brief names are never object keys of note. */
export function emptyManifest(): Manifest {
  return { format: 2, briefs: Object.create(null), index: null };
}

/**
 * The folder's manifest (an empty one when there is none), or why it cannot be read. A manifest written
 * by briefdeck before format 2 recorded no digests: the files it names are adopted as they are now, and
 * their cache keys never match, so each brief is rebuilt once. One that exists but cannot be read (a
 * merge conflict in a committed manifest) is a problem to report, never a reason to write a new one: it
 * is the only proof of which files in the folder briefdeck wrote.
 */
export function readManifest(
  outDir: string,
  projectRoot: string,
): { manifest: Manifest } | { problem: string } {
  const path = join(outDir, MANIFEST_FILE);
  // Read like any input: a manifest that is a FIFO, a device or huge is no manifest.
  const read = readInput(path, MAX_MANIFEST_BYTES);
  if (!("bytes" in read)) {
    if (read.missing) return { manifest: emptyManifest() };
    return unreadable(path, outDir, `cannot be read (${read.error})`);
  }
  const decoded = decodeText(read.bytes);
  if (!("text" in decoded)) return unreadable(path, outDir, "is not UTF-8 text");
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.text);
  } catch (error) {
    return unreadable(path, outDir, `is not valid JSON${describeJsonPosition(decoded.text, error)}`);
  }
  if (!isObject(parsed)) return unreadable(path, outDir, "is not a briefdeck manifest (not a JSON object)");
  if (parsed.format === 2 && isObject(parsed.briefs)) {
    const manifest = emptyManifest();
    for (const [name, entry] of Object.entries(parsed.briefs)) {
      const trusted = trustedEntry(name, entry);
      if (trusted !== undefined) manifest.briefs[name] = trusted;
    }
    manifest.index = isObject(parsed.index) ? (parsed.index as Manifest["index"]) : null;
    return { manifest };
  }
  return { manifest: adoptFormat1(parsed, outDir, projectRoot) };
}

function unreadable(path: string, outDir: string, what: string): { problem: string } {
  return {
    problem: `${path} ${what}, so briefdeck cannot tell which files in ${outDir} it wrote: repair it (after a merge conflict, keep one side), or delete it together with the outputs in that folder you want rebuilt`,
  };
}

// " (line 2, column 1)" from V8's "… at position 3", when the message has one.
function describeJsonPosition(text: string, error: unknown): string {
  const offset = /at position (\d+)/.exec((error as Error).message)?.[1];
  if (text.trim() === "") return " (it is empty)";
  if (offset === undefined) return /end of JSON/.test((error as Error).message) ? " (it ends too soon)" : "";
  const lines = text.slice(0, Number(offset)).split("\n");
  return ` (line ${lines.length}, column ${(lines.at(-1) ?? "").length + 1})`;
}

function adoptFormat1(old: Record<string, unknown>, outDir: string, projectRoot: string): Manifest {
  const manifest = emptyManifest();
  for (const [name, value] of Object.entries(old)) {
    if (!isObject(value) || typeof value.file !== "string" || !plainName(name)) continue;
    const outputs: Record<string, OutputRecord> = Object.create(null);
    for (const kind of Object.keys(OUTPUT_KINDS) as OutputKind[]) {
      const file = outputFile(name, kind);
      const sha256 = fileDigest(join(outDir, file));
      if (sha256 !== undefined) outputs[file] = { kind, key: ADOPTED, sha256 };
    }
    manifest.briefs[name] = {
      ...(value as unknown as ManifestEntry),
      name,
      source: resolve(projectRoot, value.file),
      outputs,
    };
  }
  const index = fileDigest(join(outDir, INDEX_FILE));
  manifest.index = index === undefined ? null : { sha256: index };
  return manifest;
}

/** The manifest as written to disk. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Who recorded a file name as theirs: the entry and its record, if any. */
export function findOwner(
  manifest: Manifest,
  file: string,
): { entry: ManifestEntry; record: OutputRecord } | undefined {
  for (const entry of Object.values(manifest.briefs)) {
    const record = entry.outputs[file];
    if (record !== undefined) return { entry, record };
  }
  return undefined;
}

/** Whether a file's digest is one the manifest recorded for it (its content, or the one it replaced). */
export function provesOwnership(
  record: { sha256: string; replaced?: string | undefined },
  sha256: string,
): boolean {
  return record.sha256 === sha256 || record.replaced === sha256;
}

/**
 * An entry as far as it can be trusted: the manifest is a file anyone can edit, and its names decide what
 * briefdeck replaces and deletes. A record counts only for the file its brief's name and kind give, a
 * plain name inside the folder; anything else (`../x.html`, a record under another name) is dropped.
 */
function trustedEntry(name: string, entry: unknown): ManifestEntry | undefined {
  if (!isObject(entry) || !isObject(entry.outputs) || entry.name !== name || !plainName(name))
    return undefined;
  if (typeof entry.source !== "string") return undefined;
  const outputs: Record<string, OutputRecord> = Object.create(null);
  for (const [file, record] of Object.entries(entry.outputs)) {
    if (!isObject(record) || typeof record.sha256 !== "string" || typeof record.key !== "string") continue;
    const kind = record.kind as OutputKind;
    if (Object.hasOwn(OUTPUT_KINDS, kind) && file === outputFile(name, kind))
      outputs[file] = record as unknown as OutputRecord;
  }
  return { ...(entry as unknown as ManifestEntry), outputs };
}

// A name whose outputs stay inside the folder.
function plainName(name: string): boolean {
  return unusableName(name) === undefined && !name.includes("/") && !name.includes("\\");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
