import { basename, join } from "node:path";
import { runtimeFingerprint } from "./assets.ts";
import type { BrowserOptions, BrowserSession } from "./browser/session.ts";
import type { WarmBrowser } from "./browser/warm-browser.ts";
import { cacheKey, outputsExist } from "./build-cache.ts";
import { type CompiledBrief, compileBrief, displayPath, readBrief } from "./compile-brief.ts";
import { type Diagnostic, hasErrors, strictly } from "./diagnostics.ts";
import { discoverBriefs } from "./discover.ts";
import { EnvironmentError } from "./errors.ts";
import { type ManifestEntry, manifestEntry, readManifest, updateIndex } from "./index-page.ts";
import type { PdfOptions, PrintedBrief } from "./pdf/export-pdf.ts";
import type { PagePool } from "./pdf/page-pool.ts";
import { createLimiter } from "./pool.ts";
import { loadTemplates, type Templates } from "./templates.ts";
import type { Cut } from "./variant.ts";
import { toolVersion } from "./version.ts";
import { prepareOutputFolder, pruneOutputs, writeAtomic } from "./write-output.ts";

/** Build settings, resolved once from the flags and defaults. */
export interface ResolvedBuildConfig {
  readonly projectRoot: string;
  readonly outDir: string;
  readonly files: readonly string[];
  readonly templatesDir: string | undefined;
  /** PDF settings, or undefined for HTML only (--no-pdf). */
  readonly pdf:
    | (PdfOptions & { browser: BrowserOptions; concurrency: number; warm?: WarmBrowser })
    | undefined;
  readonly force: boolean;
  readonly clean: boolean;
  /** Make warnings errors (--strict): a brief with warnings is not written. */
  readonly strict?: boolean;
  /** Which audience variant to build and whether to keep speaker notes (--variant, --no-notes). */
  readonly cut?: Cut;
}

/** One brief's fate: built (outputs listed), skipped as unchanged, or failed (diagnostics say why). */
export type BriefResult = CompiledBrief & { outputs: string[]; skipped: boolean; pages: number };

/** What happened to each brief, in order, plus the time taken. */
export interface BuildSummary {
  results: BriefResult[];
  pruned: string[];
  seconds: number;
  /** Set when PDFs could not be made at all (no browser): HTML was still written. */
  environmentError: EnvironmentError | undefined;
}

/** Callbacks for progress: a brief started printing, a brief is done. */
export interface BuildEvents {
  onPrinting?(file: string, index: number, total: number, pages: number): void;
  onResult?(result: BriefResult): void;
}

/**
 * Builds every brief: compiles each, prints its PDFs when asked, then writes its outputs together, each
 * atomically. A brief whose inputs are unchanged since its outputs were written is skipped unless `force`
 * is set. A brief that fails (invalid, overflowing, failed to print) leaves its previous outputs in place
 * and does not stop the others.
 */
export async function buildBriefs(
  config: ResolvedBuildConfig,
  events: BuildEvents = {},
): Promise<BuildSummary> {
  const started = performance.now();
  const version = toolVersion();
  const templates = loadTemplates(config.templatesDir);
  const files = discoverBriefs(config.projectRoot, config.files);
  prepareOutputFolder(config.outDir);
  const manifest = readManifest(config.outDir);
  const environment = [
    version,
    templates.fingerprint,
    runtimeFingerprint(),
    config.pdf?.paper ?? "html",
    config.cut?.notes === false ? "no-notes" : "notes",
    config.strict ? "strict" : "lenient",
  ].join("\n");
  const context = { config, templates, version, environment };

  const plans = files.map((path) => planBrief(path, manifest, context));
  // Chromium takes a few hundred milliseconds to start: let it start while the briefs compile, unless
  // every brief is unchanged and nothing will be printed.
  const warm = config.pdf?.warm;
  const needed = config.pdf !== undefined && plans.some((plan) => !plan.unchanged);
  const session =
    !needed || config.pdf === undefined ? undefined : (warm?.get() ?? startBrowser(config.pdf.browser));
  let printed = new Map<BriefResult, PrintedBrief>();
  let environmentError: EnvironmentError | undefined;
  let compiled: BriefResult[];
  try {
    // Each brief starts printing as soon as it has compiled, while the next one compiles.
    const printer =
      session === undefined || config.pdf === undefined
        ? undefined
        : createPrinter(session, config.pdf, events);
    const toBuild = plans.filter((plan) => !plan.unchanged).length;
    compiled = [];
    for (const plan of plans) {
      const result = compileOrSkip(plan, context);
      compiled.push(result);
      if (printer !== undefined && !result.skipped && !hasErrors(result.diagnostics))
        printer.add(result, toBuild);
      // Let the browser's replies in between compiles.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (printer !== undefined) ({ printed, environmentError } = await printer.finish());
  } finally {
    const opened = await session;
    if (warm === undefined && opened !== undefined && !(opened instanceof EnvironmentError))
      await opened.release();
  }
  const built: ManifestEntry[] = [];
  const results = compiled.map((result) => {
    const done = result.skipped ? result : writeOutputs(result, printed.get(result), context, built);
    events.onResult?.(done);
    return done;
  });
  const pruned = config.clean ? pruneOutputs(config.outDir, new Set(files.map(slugOf))) : [];
  updateIndex(config.outDir, manifest, built, templates, version);
  return { results, pruned, seconds: (performance.now() - started) / 1000, environmentError };
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
}

// Whether a brief's outputs are current: same cache key as when they were written, and all still there.
function planBrief(
  path: string,
  manifest: ReturnType<typeof readManifest>,
  context: BuildContext,
): BriefPlan {
  const { config, environment } = context;
  const name = outputName(slugOf(path), config.cut?.variant);
  const read = readBrief(path);
  const previous = manifest[name];
  const unchanged =
    !config.force &&
    "source" in read &&
    previous !== undefined &&
    previous.hash === cacheKey(environment, read.source, previous.images) &&
    outputsExist(config.outDir, name, config.pdf !== undefined);
  return { path, read, unchanged };
}

function compileOrSkip({ path, read, unchanged }: BriefPlan, context: BuildContext): BriefResult {
  const { config, templates, version } = context;
  if (unchanged) {
    const file = displayPath(path, config.projectRoot);
    const base = {
      file,
      source: undefined,
      brief: undefined,
      rendered: undefined,
      diagnostics: [],
      images: [],
    };
    return { ...base, outputs: [], skipped: true, pages: 0 };
  }
  const source = "source" in read ? read.source : undefined;
  const result = compileBrief(
    path,
    {
      projectRoot: config.projectRoot,
      templates,
      version,
      render: true,
      strict: config.strict === true,
      cut: config.cut,
    },
    source,
  );
  return { ...result, outputs: [], skipped: false, pages: 0 };
}

// build --watch's warm browser lives with the other browser code; re-exported for commands/build.ts.
export { type WarmBrowser, warmBrowser } from "./browser/warm-browser.ts";

// Resolves to the session, or to the EnvironmentError that says why there is none (never rejects with it).
async function startBrowser(
  options: BrowserOptions,
  ownSignals = true,
): Promise<BrowserSession | EnvironmentError> {
  const { openBrowser } = await import("./browser/session.ts");
  try {
    return await openBrowser(options, ownSignals);
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
}

/** Prints briefs as they are added, a few at a time, with one pool of pages in the session's browser. */
function createPrinter(
  session: Promise<BrowserSession | EnvironmentError>,
  pdf: NonNullable<ResolvedBuildConfig["pdf"]>,
  events: BuildEvents,
) {
  const printed = new Map<BriefResult, PrintedBrief>();
  const tasks: Promise<void>[] = [];
  const limit = createLimiter(pdf.concurrency);
  let environmentError: EnvironmentError | undefined;
  let ready: Promise<
    { pages: PagePool; printBrief: typeof import("./pdf/export-pdf.ts").printBrief } | undefined
  >;
  const open = async () => {
    const opened = await session;
    if (opened instanceof EnvironmentError) {
      environmentError = opened;
      return undefined;
    }
    const { printBrief } = await import("./pdf/export-pdf.ts");
    const { createPagePool } = await import("./pdf/page-pool.ts");
    return { pages: createPagePool(opened.browser), printBrief };
  };
  return {
    add(result: BriefResult, total: number) {
      ready ??= open();
      const index = tasks.length;
      tasks.push(
        limit(async () => {
          const printer = await ready;
          if (printer === undefined || result.brief === undefined || result.rendered === undefined) return;
          events.onPrinting?.(result.file, index, total, result.rendered.titles.length);
          printed.set(result, await printer.printBrief(printer.pages, result.brief, result.rendered, pdf));
        }),
      );
    },
    async finish() {
      try {
        await Promise.all(tasks);
      } finally {
        await (await ready?.catch(() => undefined))?.pages.close();
      }
      return { printed, environmentError };
    },
  };
}

// Writes a compiled brief's outputs only when all of them are ready, so a failure leaves the old set.
function writeOutputs(
  result: BriefResult,
  printed: PrintedBrief | undefined,
  context: BuildContext,
  built: ManifestEntry[],
): BriefResult {
  const { config, environment } = context;
  const all = [...result.diagnostics, ...(printed?.diagnostics ?? [])];
  const diagnostics: Diagnostic[] = config.strict ? strictly(all) : all;
  const { brief, rendered, source } = result;
  const pdfMissing =
    config.pdf !== undefined &&
    printed !== undefined &&
    (printed.slides === undefined || printed.handout === undefined);
  if (
    brief === undefined ||
    rendered === undefined ||
    source === undefined ||
    hasErrors(diagnostics) ||
    pdfMissing
  ) {
    return { ...result, diagnostics, outputs: [] };
  }
  const name = outputName(brief.slug, brief.variant);
  const html = join(config.outDir, `${name}.html`);
  const outputs = [html];
  writeAtomic(html, rendered.deck);
  if (printed?.slides !== undefined && printed.handout !== undefined) {
    const slides = join(config.outDir, `${name}.pdf`);
    const handout = join(config.outDir, `${name}.handout.pdf`);
    writeAtomic(slides, printed.slides);
    writeAtomic(handout, printed.handout);
    outputs.push(slides, handout);
  }
  built.push(
    manifestEntry(brief, name, result.file, cacheKey(environment, source, result.images), result.images),
  );
  return { ...result, diagnostics, outputs, pages: printed?.pages ?? 0 };
}

/** What a brief's outputs are called: `<slug>`, or `<slug>.<variant>` for an audience variant. */
export function outputName(slug: string, variant: string | undefined): string {
  return variant === undefined ? slug : `${slug}.${variant}`;
}

function slugOf(path: string): string {
  return basename(path).replace(/\.ya?ml$/i, "");
}
