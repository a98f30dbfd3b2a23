import { basename, join } from "node:path";
import { runtimeFingerprint } from "./assets.ts";
import { cacheKey, outputsExist } from "./build-cache.ts";
import { type CompiledBrief, compileBrief, displayPath, readBrief } from "./compile-brief.ts";
import { discoverBriefs } from "./discover.ts";
import { type ManifestEntry, manifestEntry, readManifest, updateIndex } from "./index-page.ts";
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

/** One brief's fate: built (output set), skipped as unchanged, or failed (diagnostics say why). */
export type BriefResult = CompiledBrief & { output: string | undefined; skipped: boolean };

/** What happened to each brief, in order, plus the time taken. */
export interface BuildSummary {
  results: BriefResult[];
  pruned: string[];
  seconds: number;
}

/**
 * Builds every brief: compiles each, writes the decks that compiled, and refreshes the index. A brief whose
 * inputs are unchanged since its outputs were written is skipped unless `force` is set. A brief that fails
 * leaves its previous output in place and does not stop the others.
 */
export function buildBriefs(
  config: ResolvedBuildConfig,
  onResult?: (result: BriefResult) => void,
): BuildSummary {
  const started = performance.now();
  const version = toolVersion();
  const templates = loadTemplates(config.templatesDir);
  const files = discoverBriefs(config.projectRoot, config.files);
  prepareOutputFolder(config.outDir);
  const manifest = readManifest(config.outDir);
  const environment = [version, templates.fingerprint, runtimeFingerprint()].join("\n");
  const results: BriefResult[] = [];
  const built: ManifestEntry[] = [];
  for (const path of files) {
    const slug = slugOf(path);
    const read = readBrief(path);
    const previous = manifest[slug];
    const unchanged =
      !config.force &&
      "source" in read &&
      previous !== undefined &&
      previous.hash === cacheKey(environment, read.source, previous.images) &&
      outputsExist(config.outDir, slug, config.pdf);
    const result = unchanged
      ? skippedResult(path, config, join(config.outDir, `${slug}.html`))
      : buildOne(path, "source" in read ? read.source : undefined, config, {
          templates,
          version,
          environment,
          built,
        });
    results.push(result);
    onResult?.(result);
  }
  const pruned = config.clean ? pruneOutputs(config.outDir, new Set(files.map(slugOf))) : [];
  updateIndex(config.outDir, manifest, built, templates, version);
  return { results, pruned, seconds: (performance.now() - started) / 1000 };
}

interface BuildContext {
  templates: ReturnType<typeof loadTemplates>;
  version: string;
  environment: string;
  built: ManifestEntry[];
}

function buildOne(
  path: string,
  source: string | undefined,
  config: ResolvedBuildConfig,
  context: BuildContext,
): BriefResult {
  const { templates, version, environment, built } = context;
  const compiled = compileBrief(
    path,
    { projectRoot: config.projectRoot, templates, version, render: true },
    source,
  );
  if (compiled.html === undefined || compiled.brief === undefined || compiled.source === undefined) {
    return { ...compiled, output: undefined, skipped: false };
  }
  const output = join(config.outDir, `${compiled.brief.slug}.html`);
  writeAtomic(output, compiled.html);
  const hash = cacheKey(environment, compiled.source, compiled.images);
  built.push(manifestEntry(compiled.brief, compiled.file, hash, compiled.images));
  return { ...compiled, output, skipped: false };
}

function skippedResult(path: string, config: ResolvedBuildConfig, output: string): BriefResult {
  const file = displayPath(path, config.projectRoot);
  return {
    file,
    source: undefined,
    brief: undefined,
    html: undefined,
    diagnostics: [],
    images: [],
    output,
    skipped: true,
  };
}

function slugOf(path: string): string {
  return basename(path).replace(/\.ya?ml$/i, "");
}
