import { join } from "node:path";
import { EnvironmentError } from "../errors.ts";
import { outputsCurrent } from "./cache.ts";
import { type BriefOutputs, type CommitReport, commitOutputs } from "./commit.ts";
import { discardStaged, stageFile } from "./files.ts";
import { checkOutputFolder, type OutputFolderRules, prepareOutputFolder } from "./folder.ts";
import { readManifest } from "./manifest.ts";
import { asEnvironmentError } from "./write-error.ts";

export type { BriefOutputs, CommitFailure, CommitReport } from "./commit.ts";
export type { ManifestEntry } from "./manifest.ts";

/**
 * The output folder, the one owner of what briefdeck writes: which outputs are current, and writing a
 * build's outputs together with the manifest and the index page. Nothing else writes into it.
 */
export interface OutputFolder {
  readonly outDir: string;
  /** Whether every output a build would write for a brief is recorded with this key and still on disk. */
  isCurrent(
    brief: { name: string; source: string },
    key: (images: readonly string[]) => string,
    pdf: boolean,
    pptx?: boolean,
  ): boolean;
  /** Writes a build's outputs (see commitOutputs). */
  commit(
    briefs: readonly BriefOutputs[],
    options: Pick<Parameters<typeof commitOutputs>[1], "clean" | "templates" | "version" | "lang">,
  ): Promise<CommitReport>;
}

/**
 * Opens an output folder for a build: refuses one that would mix outputs with the user's files (a
 * UsageError), creates it with its marker, and makes sure it can be written to before anything is
 * compiled or printed (an EnvironmentError naming the path and the fix).
 */
export function openOutputFolder(rules: OutputFolderRules): OutputFolder {
  const { outDir, projectRoot } = rules;
  checkOutputFolder(rules);
  try {
    prepareOutputFolder(outDir);
    discardStaged([stageFile(join(outDir, "briefdeck-probe"), "probe\n")]);
  } catch (error) {
    throw asEnvironmentError(error, outDir);
  }
  const read = readManifest(outDir, projectRoot);
  if ("problem" in read) throw new EnvironmentError(read.problem);
  const { manifest } = read;
  return {
    outDir,
    isCurrent: (brief, key, pdf, pptx) => outputsCurrent(manifest, outDir, brief, key, pdf, pptx),
    commit: async (briefs, options) => {
      try {
        return await commitOutputs(briefs, { ...options, outDir, projectRoot });
      } catch (error) {
        throw asEnvironmentError(error, outDir);
      }
    },
  };
}
