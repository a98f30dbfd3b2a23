import { join } from "node:path";
import { type CompiledBrief, compileBrief } from "./compile-brief.ts";
import { discoverBriefs } from "./discover.ts";
import { type ManifestEntry, manifestEntry, updateIndex } from "./index-page.ts";
import { loadTemplates } from "./templates.ts";
import { toolVersion } from "./version.ts";
import { prepareOutputFolder, pruneOutputs, writeAtomic } from "./write-output.ts";

/** Build settings, resolved once from the flags and defaults. */
export interface ResolvedBuildConfig {
  readonly projectRoot: string;
  readonly outDir: string;
  readonly files: readonly string[];
  readonly templatesDir: string | undefined;
  readonly pdf: boolean;
  readonly force: boolean;
  readonly clean: boolean;
}

/** What happened to each brief, in order, plus the time taken. */
export interface BuildSummary {
  results: Array<CompiledBrief & { output: string | undefined }>;
  pruned: string[];
  seconds: number;
}

/**
 * Builds every brief: compiles each, writes the decks that compiled, and refreshes the index. A brief that
 * fails leaves its previous output in place and does not stop the others.
 */
export function buildBriefs(
  config: ResolvedBuildConfig,
  onResult?: (result: BuildSummary["results"][number]) => void,
): BuildSummary {
  const started = performance.now();
  const version = toolVersion();
  const templates = loadTemplates(config.templatesDir);
  const files = discoverBriefs(config.projectRoot, config.files);
  prepareOutputFolder(config.outDir);
  const results: BuildSummary["results"] = [];
  const built: ManifestEntry[] = [];
  for (const path of files) {
    const compiled = compileBrief(path, {
      projectRoot: config.projectRoot,
      templates,
      version,
      render: true,
    });
    let output: string | undefined;
    if (compiled.html !== undefined && compiled.brief !== undefined) {
      output = join(config.outDir, `${compiled.brief.slug}.html`);
      writeAtomic(output, compiled.html);
      built.push(manifestEntry(compiled.brief, compiled.file));
    }
    const result = { ...compiled, output };
    results.push(result);
    onResult?.(result);
  }
  const pruned = config.clean ? pruneOutputs(config.outDir, new Set(files.map(slugOf))) : [];
  updateIndex(config.outDir, built, templates, version);
  return { results, pruned, seconds: (performance.now() - started) / 1000 };
}

function slugOf(path: string): string {
  return (path.split(/[\\/]/).at(-1) ?? "").replace(/\.ya?ml$/i, "");
}
