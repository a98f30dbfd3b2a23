import { relative, resolve } from "node:path";
import type { Node } from "yaml";
import type { Brief } from "../brief/brief.ts";
import { lintBrief } from "../brief/lint-brief.ts";
import { MAX_BRIEF_BYTES, parseBrief, tooLargeMessage } from "../brief/parse-brief.ts";
import { validateBrief } from "../brief/validate-brief.ts";
import { type Cut, cutBrief } from "../brief/variant.ts";
import { verifyQuotes } from "../brief/verify-quotes.ts";
import { findNode, findPair, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose, hasErrors, sortDiagnostics, strictly } from "../diagnostics.ts";
import { applyDefaults } from "../project/apply-defaults.ts";
import type { ProjectDefaults } from "../project/settings-schema.ts";
import { decodeText, failurePosition, type ReadFailure, readInput } from "../read-input.ts";
import { loadImages, loadRuntimeAssets } from "../render/assets.ts";
import { loadCharts } from "../render/chart.ts";
import { mayHaveCharts, warmChartProcess } from "../render/chart-process.ts";
import type { Charts } from "../render/chart-view.ts";
import { type RenderedBrief, renderDeck } from "../render/render-deck.ts";
import { TemplateFailure } from "../render/template-failure.ts";
import type { Templates } from "../render/templates.ts";
import { didYouMean } from "../suggest.ts";

/** The result of compiling one brief file: its deck when it compiled, and everything found on the way. */
export interface CompiledBrief {
  /** The file as given, relative to the project root where possible. */
  file: string;
  source: string | undefined;
  brief: Brief | undefined;
  /** The deck and handout, when the brief compiled and rendering was asked for. */
  rendered: RenderedBrief | undefined;
  diagnostics: Diagnostic[];
  /** The image files the deck inlines and the archives its quotes were checked in, for the build cache. */
  images: string[];
  /** The charts rendered to SVG (for the PowerPoint), when the brief has any. */
  charts?: Charts;
}

/** What compiling needs: where the project is, the templates, and the tool's version. */
export interface CompileOptions {
  projectRoot: string;
  templates: Templates;
  version: string;
  /** Render the deck (build) or stop after checking (check without a browser). */
  render: boolean;
  /** Make warnings errors (--strict). */
  strict?: boolean;
  /** The audience variant and whether notes are kept (build --variant, --no-notes). */
  cut?: Cut;
  /** Header fields, glossary and sources from briefdeck.yaml. */
  defaults?: ProjectDefaults | undefined;
}

/**
 * Reads a brief's text, or says why it cannot be read. Only a regular file within the size cap is read
 * (see readInput): a device, a FIFO or a huge file is refused before it can hang or exhaust memory.
 */
export function readBrief(path: string): { source: string } | ReadFailure {
  const read = readInput(path, MAX_BRIEF_BYTES);
  if (!("bytes" in read)) return read;
  const decoded = decodeText(read.bytes);
  return "text" in decoded ? { source: decoded.text } : decoded;
}

/**
 * Parses, validates and renders one brief. Never throws for a problem in the brief. The text may be
 * passed in when the caller has already read it. Asynchronous only for the brand's fonts (renderDeck).
 */
export async function compileBrief(
  path: string,
  options: CompileOptions,
  text?: string,
): Promise<CompiledBrief> {
  const file = displayPath(path, options.projectRoot);
  const read = text === undefined ? readBrief(path) : { source: text };
  if ("error" in read) {
    const at = { file, ...failurePosition(read) };
    const diagnostics = [
      read.tooLarge !== undefined
        ? diagnose("file-too-large", tooLargeMessage(read.tooLarge.bytes), at)
        : diagnose(read.notUtf8 === undefined ? "file-unreadable" : "not-utf8", read.error, at),
    ];
    return { file, source: undefined, brief: undefined, rendered: undefined, diagnostics, images: [] };
  }
  const { source } = read;
  // The charts' process starts while the brief is parsed, checked and rendered.
  if (mayHaveCharts(source)) warmChartProcess();
  const merged = applyDefaults(parseBrief(source, file), options.defaults, source);
  const validated = validateBrief(merged.parsed, { projectRoot: options.projectRoot });
  const found = [...merged.diagnostics, ...validated.diagnostics];
  const full = validated.brief;
  // Read top to bottom; under --strict every warning is an error.
  const finish = (diagnostics: Diagnostic[]) =>
    sortDiagnostics(options.strict ? strictly(diagnostics) : diagnostics);
  if (full === undefined) {
    return { file, source, brief: full, rendered: undefined, diagnostics: finish(found), images: [] };
  }
  const cut = options.cut ?? { variant: undefined, notes: true };
  const brief = cutBrief(full, cut);
  if (brief === undefined) {
    found.push(unknownVariant(full, cut.variant ?? ""));
    return { file, source, brief, rendered: undefined, diagnostics: finish(found), images: [] };
  }
  // Linted as built: a variant's first use of an acronym may fall where the full brief's did not.
  found.push(...lintBrief(brief));
  const quotes = verifyQuotes(brief, {
    briefPath: resolve(options.projectRoot, path),
    projectRoot: options.projectRoot,
  });
  found.push(...quotes.diagnostics);
  if (!brief.slides.some((s) => !s.hidden)) found.push(emptyVariant(brief));
  const loaded = loadImages(brief, options.projectRoot);
  found.push(...loaded.diagnostics);
  const charts = await loadCharts(
    brief,
    options.projectRoot,
    options.templates.theme,
    options.templates.brandFonts,
  );
  found.push(...charts.diagnostics);
  // The files the outputs depend on besides the brief (the cache key hashes them): images, archives and
  // charts' data.
  const images = { ...loaded, files: [...loaded.files, ...quotes.files, ...charts.files] };
  const diagnostics = finish(found);
  if (hasErrors(diagnostics) || !options.render) {
    return { file, source, brief, rendered: undefined, diagnostics, images: images.files };
  }
  try {
    const rendered = await renderDeck(brief, options.templates, {
      assets: loadRuntimeAssets(),
      images: images.images,
      version: options.version,
      charts: charts.charts,
    });
    const all =
      rendered.diagnostics.length === 0 ? diagnostics : finish([...diagnostics, ...rendered.diagnostics]);
    return { file, source, brief, rendered, diagnostics: all, images: images.files, charts: charts.charts };
  } catch (error) {
    // At the template's own file:line:col (a TemplateFailure), else at the brief.
    const failed = error instanceof TemplateFailure ? error : undefined;
    const message = `a template failed: ${failed?.message ?? (error as Error).message.split("\n")[0]}`;
    const at = failed
      ? { file: displayPath(failed.path, options.projectRoot), line: failed.line, column: failed.column }
      : { file, line: 1, column: 1 };
    const hint = "check the templates in your --templates folder against the built-in ones";
    diagnostics.push(diagnose("template-error", message, at, hint));
    return { file, source, brief, rendered: undefined, diagnostics, images: images.files };
  }
}

function emptyVariant(brief: Brief): Diagnostic {
  const found = findNode(brief.root, ["variants", brief.variant ?? ""]);
  const at = brief.locator.at(startOf((found.pair?.key as Node | undefined) ?? found.node));
  const message = `variant "${brief.variant}" leaves out every slide`;
  return diagnose(
    "no-slides",
    message,
    at,
    "omit fewer ids, or make sure the variant keeps at least one slide",
  );
}

function unknownVariant(brief: Brief, name: string): Diagnostic {
  const names = [...brief.variants.keys()];
  const pair = findPair(brief.root, "variants");
  const at = brief.locator.at(startOf(pair?.key as never));
  const fallback =
    names.length > 0
      ? `the variants are: ${names.join(", ")}`
      : 'define it under "variants:" in the brief, or build only the briefs that have it (name their files)';
  return diagnose(
    "unknown-variant",
    `the brief has no variant "${name}"`,
    at,
    didYouMean(name, names, fallback),
  );
}

/** A path as the user would write it: relative to the project when inside it. */
export function displayPath(path: string, projectRoot: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") || rel === "" ? path : rel.split("\\").join("/");
}
