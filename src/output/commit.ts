import { existsSync, rmSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Templates } from "../render/templates.ts";
import {
  commitStaged,
  digest,
  discardStaged,
  fileDigest,
  pathTaken,
  removeOrphanedTemporaries,
  type StagedFile,
  stageFile,
} from "./files.ts";
import { withOutputLock } from "./folder.ts";
import { renderIndex } from "./index-page.ts";
import {
  ADOPTED,
  findOwner,
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
  type OutputRecord,
  provesOwnership,
  readManifest,
  serializeManifest,
} from "./manifest.ts";
import { INDEX_FILE, type OutputKind, outputFile } from "./names.ts";
import { describeWriteError } from "./write-error.ts";

/** One brief's finished outputs, ready to be written together. */
export interface BriefOutputs {
  entry: Omit<ManifestEntry, "outputs">;
  /** The cache key of the inputs they were made from. */
  key: string;
  files: Array<{ kind: OutputKind; content: string | Uint8Array }>;
}

/** Why a brief's outputs were not written: a file is someone else's, or the disk refused. */
export type CommitFailure =
  | { reason: "collision" | "not-ours"; file: string; message: string }
  | { reason: "environment"; file: string; message: string };

/** What writing a build's outputs did. */
export interface CommitReport {
  /** Per brief, in the order given: the paths written, or why none were. */
  outcomes: Array<{ written: string[] } | CommitFailure>;
  /** Files removed by --clean, and files --clean left because they changed since briefdeck wrote them. */
  pruned: string[];
  kept: string[];
  /** Set when the manifest or the index could not be written. */
  problem: string | undefined;
}

interface CommitContext {
  outDir: string;
  projectRoot: string;
  clean: boolean;
  templates: Templates;
  version: string;
  /** The index page's language: the project's default `lang` (English without one). */
  lang?: string | undefined;
}

/**
 * Writes every brief's outputs into the output folder, holding its lock: each brief's files are staged
 * (written to temporary files) together, and a brief whose files cannot all be staged, or that would
 * replace a file briefdeck cannot prove it wrote, keeps its previous outputs while the others go on. The
 * manifest (with the digests of what is written and of what it replaces) is renamed into place first,
 * then the outputs, then the index page built from it.
 */
export function commitOutputs(
  briefs: readonly BriefOutputs[],
  context: CommitContext,
): Promise<CommitReport> {
  return withOutputLock(context.outDir, () => commitLocked(briefs, context));
}

function commitLocked(briefs: readonly BriefOutputs[], context: CommitContext): CommitReport {
  const { outDir } = context;
  removeOrphanedTemporaries(outDir);
  const read = readManifest(outDir, context.projectRoot);
  if ("problem" in read) {
    const failure = { reason: "environment", file: MANIFEST_FILE, message: read.problem } as const;
    return { outcomes: briefs.map(() => failure), pruned: [], kept: [], problem: undefined };
  }
  const manifest = forgetMissingFiles(read.manifest, outDir);
  const staged: StagedFile[] = [];
  const outcomes = briefs.map((brief) => {
    const outcome = stageBrief(brief, manifest, outDir, context.projectRoot);
    if ("staged" in outcome) {
      staged.push(...outcome.staged);
      return { written: outcome.staged.map((file) => file.target) };
    }
    return outcome;
  });
  const { pruned, kept } = context.clean
    ? pruneDeadBriefs(manifest, outDir, context.projectRoot)
    : { pruned: [], kept: [] };
  const index = stageIndex(manifest, context);
  try {
    const manifestFile = stageFile(join(outDir, MANIFEST_FILE), serializeManifest(manifest));
    commitStaged(manifestFile);
  } catch (error) {
    discardStaged([...staged, ...(index.staged === undefined ? [] : [index.staged])]);
    const problem = describeWriteError(error, join(outDir, MANIFEST_FILE));
    const failure = { reason: "environment", file: MANIFEST_FILE, message: problem } as const;
    return { outcomes: outcomes.map(() => failure), pruned: [], kept: [], problem };
  }
  for (const file of staged) commitStaged(file);
  if (index.staged !== undefined) commitStaged(index.staged);
  return { outcomes, pruned, kept, problem: index.problem };
}

// Stages one brief's files and records them in the manifest, or says why not (nothing is left staged).
function stageBrief(
  brief: BriefOutputs,
  manifest: Manifest,
  outDir: string,
  projectRoot: string,
): { staged: StagedFile[] } | CommitFailure {
  const { entry } = brief;
  const previous: Record<string, OutputRecord> = Object.create(null);
  Object.assign(previous, manifest.briefs[entry.name]?.outputs);
  const claims = brief.files.map((f) => ({ ...f, file: outputFile(entry.name, f.kind) }));
  const replaced = new Map<string, string | undefined>();
  for (const { file } of claims) {
    const refusal = claimFile(manifest, outDir, file, entry, projectRoot);
    if (typeof refusal === "object") return refusal;
    replaced.set(file, refusal);
  }
  const staged: StagedFile[] = [];
  try {
    for (const { file, content } of claims) staged.push(stageFile(join(outDir, file), content));
  } catch (error) {
    discardStaged(staged);
    const file = claims[staged.length]?.file ?? "";
    return { reason: "environment", file, message: describeWriteError(error, join(outDir, file)) };
  }
  for (const { file, kind, content } of claims) {
    const owner = findOwner(manifest, file);
    if (owner !== undefined && owner.entry.name !== entry.name) releaseFile(manifest, owner.entry, file);
    previous[file] = { kind, key: brief.key, sha256: digest(content), replaced: replaced.get(file) };
  }
  manifest.briefs[entry.name] = { ...entry, outputs: previous };
  return { staged };
}

/** Where a brief's file is: its absolute path when built, and its path within the project. */
type BriefPlace = Pick<ManifestEntry, "source" | "file">;

// The same brief: the same file, or the same path within its project (a project moved or copied keeps
// its briefs, and the manifest in its output folder goes with it).
function sameBrief(a: BriefPlace, b: BriefPlace): boolean {
  return a.source === b.source || (!isAbsolute(a.file) && a.file === b.file);
}

// Whether a recorded brief still exists, where it was built or at its place in the project as it is now.
function briefExists(entry: BriefPlace, projectRoot: string): boolean {
  return (
    existsSync(entry.source) || (!isAbsolute(entry.file) && existsSync(resolve(projectRoot, entry.file)))
  );
}

/**
 * Whether a brief may write `file`: the digest of the file it replaces (undefined when there is none),
 * or why not. Another brief's output is refused while that brief's file exists; a file on disk must be
 * one the manifest records with this very content.
 */
function claimFile(
  manifest: Manifest,
  outDir: string,
  file: string,
  brief: BriefPlace,
  projectRoot: string,
): string | undefined | CommitFailure {
  const owner = findOwner(manifest, file);
  if (owner !== undefined && !sameBrief(owner.entry, brief) && briefExists(owner.entry, projectRoot)) {
    const message = `${file} is already an output of ${owner.entry.file}`;
    return { reason: "collision", file, message };
  }
  const path = join(outDir, file);
  if (!pathTaken(path)) return undefined;
  const current = fileDigest(path);
  if (current !== undefined && owner !== undefined && provesOwnership(owner.record, current)) return current;
  return {
    reason: "not-ours",
    file,
    message: `${file} is in the output folder but briefdeck did not write it`,
  };
}

function releaseFile(manifest: Manifest, entry: ManifestEntry, file: string): void {
  const outputs: Record<string, OutputRecord> = Object.create(null);
  for (const [name, record] of Object.entries(entry.outputs)) if (name !== file) outputs[name] = record;
  manifest.briefs[entry.name] = { ...entry, outputs };
}

// A file the user deleted is no longer ours to speak of; a brief with no files left leaves the index.
function forgetMissingFiles(manifest: Manifest, outDir: string): Manifest {
  for (const entry of Object.values(manifest.briefs)) {
    const outputs: Record<string, OutputRecord> = Object.create(null);
    for (const [file, record] of Object.entries(entry.outputs)) {
      if (pathTaken(join(outDir, file))) outputs[file] = record;
    }
    if (Object.keys(outputs).length === 0) delete manifest.briefs[entry.name];
    else manifest.briefs[entry.name] = { ...entry, outputs };
  }
  return manifest;
}

// --clean: the outputs of briefs whose file is gone, each removed only if it is still what was written.
function pruneDeadBriefs(
  manifest: Manifest,
  outDir: string,
  projectRoot: string,
): { pruned: string[]; kept: string[] } {
  const pruned: string[] = [];
  const kept: string[] = [];
  for (const entry of Object.values(manifest.briefs)) {
    if (briefExists(entry, projectRoot)) continue;
    for (const [file, record] of Object.entries(entry.outputs)) {
      const path = join(outDir, file);
      const current = fileDigest(path);
      // A file adopted from a format-1 manifest was never proved briefdeck's: it is replaced, never deleted.
      if (current !== undefined && provesOwnership(record, current) && record.key !== ADOPTED) {
        rmSync(path, { force: true });
        pruned.push(file);
      } else if (pathTaken(path)) {
        kept.push(file);
      }
    }
    delete manifest.briefs[entry.name];
  }
  return { pruned, kept };
}

function stageIndex(manifest: Manifest, context: CommitContext): { staged?: StagedFile; problem?: string } {
  const path = join(context.outDir, INDEX_FILE);
  const current = pathTaken(path) ? (fileDigest(path) ?? "") : undefined;
  if (current !== undefined && (manifest.index === null || !provesOwnership(manifest.index, current))) {
    return {
      problem: `${INDEX_FILE} in the output folder was not written by briefdeck, so it was not replaced`,
    };
  }
  const html = renderIndex(manifest, context.templates, context.version, context.lang);
  try {
    const staged = stageFile(path, html);
    manifest.index = { sha256: digest(html), replaced: current };
    return { staged };
  } catch (error) {
    return { problem: describeWriteError(error, path) };
  }
}
