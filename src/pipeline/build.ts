import { dirname, join } from "node:path";
import type { Cut } from "../brief/variant.ts";
import type { BrowserOptions } from "../browser/session.ts";
import type { WarmBrowser } from "../browser/warm-browser.ts";
import { type Diagnostic, hasErrors } from "../diagnostics.ts";
import type { EnvironmentError } from "../errors.ts";
import { cacheKey } from "../output/cache.ts";
import { findNameClashes, outputName, slugOf } from "../output/names.ts";
import { type BriefOutputs, type OutputFolder, openOutputFolder } from "../output/output-folder.ts";
import type { PdfOptions, PrintedBrief } from "../pdf/export-pdf.ts";
import type { ProjectDefaults } from "../project/settings-schema.ts";
import { runtimeFingerprint } from "../render/assets.ts";
import { loadTemplates, type TemplateSource, type Templates } from "../render/templates.ts";
import { toolBuild, toolVersion } from "../version.ts";
import { addPptx, applyOutcome, type BriefResult, finishResult } from "./brief-outputs.ts";
import { compileBrief, displayPath, readBrief } from "./compile-brief.ts";
import { BRIEFS_DIR, discoverBriefs } from "./discover.ts";
import { createPrinter, startPrinting } from "./printer.ts";

/** Build settings, resolved once from the flags and defaults. */
export interface ResolvedBuildConfig {
  readonly projectRoot: string;
  readonly outDir: string;
  readonly files: readonly string[];
  readonly templatesDir: string | undefined;
  /** The brand and whether the templates folder's CSS replaces the theme (briefdeck.yaml, _brand.yml). */
  readonly theme?: Omit<TemplateSource, "folder">;
  /** Header fields, glossary and sources every brief may take from briefdeck.yaml. */
  readonly defaults?: ProjectDefaults;
  /** PDF settings, or undefined for HTML only (--no-pdf). */
  readonly pdf:
    | (PdfOptions & { browser: BrowserOptions; concurrency: number; warm?: WarmBrowser })
    | undefined;
  /** Write `<name>.pptx` too (build --pptx, `formats: [pptx]`). */
  readonly pptx?: boolean;
  readonly force: boolean;
  readonly clean: boolean;
  /** Make warnings errors (--strict): a brief with warnings is not written. */
  readonly strict?: boolean;
  /** Which audience variant to build and whether to keep speaker notes (--variant, --no-notes). */
  readonly cut?: Cut;
}

/** What happened to each brief, in order, plus the time taken. */
export interface BuildSummary {
  results: BriefResult[];
  /** Files --clean removed, and files it left because they changed since briefdeck wrote them. */
  pruned: string[];
  kept: string[];
  seconds: number;
  /** Set when PDFs could not be made at all (no browser): HTML was still written. */
  environmentError: EnvironmentError | undefined;
  /** Set when the manifest or the index page could not be written. */
  folderProblem: string | undefined;
  /** The browser that printed (what it is, where it was found), when one was started. */
  browser?: string | undefined;
}

/** Callbacks for progress: a brief started printing, a brief is done. */
export interface BuildEvents {
  onPrinting?(file: string, index: number, total: number, pages: number): void;
  onResult?(result: BriefResult): void;
}

/**
 * Builds every brief: compiles each, prints its PDFs when asked, then writes all outputs through the
 * output folder. A brief whose outputs are all current is skipped unless `force` is set. A brief that
 * fails (invalid, overflowing, failed to print, refused by the disk) leaves its previous outputs in place
 * and does not stop the others.
 */
export async function buildBriefs(
  config: ResolvedBuildConfig,
  events: BuildEvents = {},
): Promise<BuildSummary> {
  // hrtime, not performance.now(): the global `performance` loads Node's perf_hooks, 2 ms of a cold build.
  const started = process.hrtime.bigint();
  const version = toolVersion();
  const templates = loadTemplates({ folder: config.templatesDir, ...config.theme });
  const files = discoverBriefs(config.projectRoot, config.files);
  const folder = openOutputFolder({
    outDir: config.outDir,
    projectRoot: config.projectRoot,
    briefFolders: [...new Set([join(config.projectRoot, BRIEFS_DIR), ...files.map((f) => dirname(f))])],
  });
  const environment = [
    version,
    toolBuild(),
    templates.fingerprint,
    runtimeFingerprint(),
    config.pdf?.paper ?? "html",
    config.pptx === true ? "pptx" : "no-pptx",
    config.cut?.notes === false ? "no-notes" : "notes",
    config.strict ? "strict" : "lenient",
    JSON.stringify(config.defaults ?? {}),
  ].join("\n");
  const context = { config, templates, version, environment };

  const clashes = findNameClashes(files, config.cut?.variant);
  const plans = files.map((path) => planBrief(path, folder, context, clashes.get(path)));
  // Chromium starts while the briefs compile, unless every brief is unchanged and nothing will print.
  const warm = config.pdf?.warm;
  const needed = config.pdf !== undefined && plans.some((plan) => !plan.unchanged);
  const browser = needed && config.pdf ? await startPrinting(config.pdf.browser, warm) : undefined;
  const session = browser?.session;
  let printed = new Map<BriefResult, PrintedBrief>();
  let environmentError: EnvironmentError | undefined;
  let compiled: BriefResult[];
  let released: Promise<string | undefined> | undefined;
  try {
    // Each brief starts printing as soon as it has compiled, while the next one compiles.
    const printer =
      session === undefined || config.pdf === undefined
        ? undefined
        : createPrinter<BriefResult>(
            session,
            { ...config.pdf, pptx: config.pptx === true },
            events,
            warm !== undefined,
          );
    const toBuild = plans.filter((plan) => !plan.unchanged).length;
    compiled = [];
    for (const plan of plans) {
      const result = await compileOrSkip(plan, context);
      compiled.push(result);
      if (printer !== undefined && !result.skipped && !hasErrors(result.diagnostics))
        printer.add(result, toBuild);
      // Let the browser's replies in between compiles.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (printer !== undefined) {
      await printer.pagesDone();
      // A browser of its own closes as soon as no page is in use, while Node finishes the PDFs and
      // writes the outputs.
      released = browser?.letGo();
      ({ printed, environmentError } = await printer.finish());
    }
  } catch (error) {
    await browser?.letGo();
    throw error;
  }
  released ??= browser?.letGo();
  const outputContext = {
    projectRoot: config.projectRoot,
    strict: config.strict === true,
    printing: config.pdf !== undefined,
    pptx: config.pptx === true,
    environment,
    templates,
    version,
  };
  const withPptx = await Promise.all(
    compiled.map((result) => addPptx(result, printed.get(result), outputContext)),
  );
  const finished = withPptx.map((result, i) =>
    finishResult(result, printed.get(compiled[i] as BriefResult), outputContext),
  );
  const ready = finished.filter((f) => f.outputs !== undefined);
  const outputs = ready.map((f) => f.outputs as BriefOutputs);
  // Ctrl-C (or SIGTERM) while printing: the signal's handler is closing the browser and then ends the
  // process. The prints it cut short look like a lost browser, whose build still writes the HTML; a build
  // interrupted before its commit writes nothing, so it waits here for the end. (One interrupted during
  // the commit ends with each output the old file or the new: every write is a rename.)
  const opened = await session;
  if (opened !== undefined && !(opened instanceof Error) && opened.interrupted()) await new Promise(() => {});
  const committed = folder.commit(outputs, {
    clean: config.clean,
    templates,
    version,
    lang: config.defaults?.lang,
  });
  const report = await committed.finally(() => released);
  const outcomes = new Map(ready.map((f, i) => [f.result, report.outcomes[i]]));
  const results = finished.map(({ result }) => {
    const done = applyOutcome(result, outcomes.get(result), config.outDir);
    events.onResult?.(done);
    return done;
  });
  return {
    results,
    pruned: report.pruned,
    kept: report.kept,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    environmentError,
    folderProblem: report.problem,
    browser: await released,
  };
}

interface BuildContext {
  config: ResolvedBuildConfig;
  templates: Templates;
  version: string;
  environment: string;
}

interface BriefPlan {
  path: string;
  read: ReturnType<typeof readBrief>;
  /** Inputs and outputs as the manifest recorded them: nothing to do. */
  unchanged: boolean;
  /** Why this brief's outputs cannot be written under its name, when they cannot. */
  clash: Diagnostic | undefined;
}

// Whether a brief's outputs are current: same cache key as when each was written, and all still there.
function planBrief(
  path: string,
  folder: OutputFolder,
  context: BuildContext,
  clash: Diagnostic | undefined,
): BriefPlan {
  const { config, environment } = context;
  const name = outputName(slugOf(path), config.cut?.variant);
  const read = readBrief(path);
  const unchanged =
    !config.force &&
    clash === undefined &&
    "source" in read &&
    folder.isCurrent(
      { name, source: path },
      (images) => cacheKey(environment, read.source, images),
      config.pdf !== undefined,
      config.pptx === true,
    );
  return { path, read, unchanged, clash };
}

async function compileOrSkip(
  { path, read, unchanged, clash }: BriefPlan,
  context: BuildContext,
): Promise<BriefResult> {
  const { config, templates, version } = context;
  const file = displayPath(path, config.projectRoot);
  const base = { file, source: undefined, brief: undefined, rendered: undefined, images: [] };
  if (unchanged) return { ...base, diagnostics: [], outputs: [], skipped: true, pages: 0 };
  if (clash !== undefined) {
    return { ...base, diagnostics: [{ ...clash, file }], outputs: [], skipped: false, pages: 0 };
  }
  const result = await compileBrief(
    path,
    {
      projectRoot: config.projectRoot,
      templates,
      version,
      render: true,
      strict: config.strict === true,
      cut: config.cut,
      defaults: config.defaults,
    },
    "source" in read ? read.source : undefined,
  );
  return { ...result, outputs: [], skipped: false, pages: 0 };
}
