import { isMap, type Node, parseDocument } from "yaml";
import type { Brief, Slide } from "../brief/brief.ts";
import { findChartBlocks } from "../brief/chart-blocks.ts";
import { createLocator, findNode, scanWithin, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import { localeFor } from "../messages/locale.ts";
import type { BrandFont } from "./brand-theme.ts";
import type { ChartJob, ChildOutcome } from "./chart-child.ts";
import { chartConfig } from "./chart-config.ts";
import { encodedFields, readDataFile } from "./chart-data.ts";
import type { ScaleFacts } from "./chart-engine.ts";
import { locateChartError } from "./chart-errors.ts";
import { findExcess } from "./chart-limits.ts";
import { chartLocale } from "./chart-locale.ts";
import { drawCharts, type Runaway, warmChartProcess } from "./chart-process.ts";

// The charts of a brief (`chart` slides and ```vega-lite blocks in `text` bodies), rendered to SVG at
// build time: each spec's data file read, then all the brief's charts drawn by vega-lite and vega in the
// charts' process (src/render/chart-process.ts), which reads the data tables. Problems are positioned at
// the spec's key in the brief.

type Spec = Record<string, unknown>;

/** A chart as the deck, the handout and the PowerPoint show it. */
export interface RenderedChart {
  /** The SVG document (no script, no external reference). */
  svg: string;
  alt: string;
  /** The spec as rendered, its data inline (`data.values`): the PowerPoint's native charts read it. */
  spec: Spec;
  /** The x and y scales as vega computed them (nice domains, bar padding), for the native charts. */
  scales?: Partial<Record<"x" | "y", ScaleFacts>>;
}

/** A brief's charts by key (chartKey), the data files read, and the problems found. */
export interface LoadedCharts {
  charts: Map<string, RenderedChart>;
  files: string[];
  diagnostics: Diagnostic[];
}

/** The key of a `chart` slide's chart (by the slide's index), or of a ```vega-lite block (by its text). */
export function chartKey(slide: number | undefined, block?: string): string {
  return block === undefined ? `slide:${slide}` : `block:${block}`;
}

/** The title a chart slide shows: its own, else its spec's. */
export function specTitle(spec: Spec): string | undefined {
  const title = spec.title;
  if (typeof title === "string") return title;
  const text = (title as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : undefined;
}

/** Where a spec sits in the brief: a position for a path of keys inside it. */
type Pointer = (path: readonly (string | number)[]) => Position;

interface Found {
  key: string;
  spec: unknown;
  alt: unknown;
  at: Pointer;
  size: { width: number; height: number };
  /** The slide's own title: the spec's title is then drawn in the chart, else it is the slide's. */
  titled: boolean;
}

/**
 * Renders every chart of the brief's visible slides, in the charts' process (started only when there is
 * one), their text measured in the deck's fonts: the built-in ones and the brand's `fonts`.
 */
export async function loadCharts(
  brief: Brief,
  projectRoot: string,
  themeCss: string,
  fonts: readonly BrandFont[] = [],
): Promise<LoadedCharts> {
  const found = brief.slides.filter((s) => !s.hidden).flatMap((slide) => findCharts(brief, slide));
  const loaded: LoadedCharts = { charts: new Map(), files: [], diagnostics: [] };
  if (found.length === 0) return loaded;
  warmChartProcess();
  // The brief's language writes the charts' numbers and dates, as it does the deck's, and sets their
  // direction: a right-to-left brief's charts are mirrored.
  const locale = chartLocale(brief.lang);
  const dir = localeFor(brief.lang).dir;
  const config = { ...chartConfig(themeCss, dir), ...(locale === undefined ? {} : { locale }) };
  // The brand's font files by path (the process reads them), not their bytes.
  const files = fonts.map(({ family, weight, style, path, digest }) => ({
    family,
    weight,
    style,
    path,
    digest,
  }));
  const prepared: Array<{ chart: Found; job: ChartJob }> = [];
  for (const chart of found) {
    const job = prepareJob(chart, brief, projectRoot, loaded);
    if (job !== undefined)
      prepared.push({ chart, job: { ...job, config, ...(files.length > 0 ? { fonts: files } : {}) } });
  }
  const outcomes = await drawCharts(prepared.map((p) => p.job));
  prepared.forEach(({ chart, job }, i) => {
    const outcome = outcomes[i] as ChildOutcome | Runaway;
    const rendered = readOutcome(chart, job.spec, outcome, loaded);
    if (rendered === undefined) return;
    // vega anchors its text (text-anchor start or end) as left-to-right text is anchored: a
    // right-to-left page's direction, which the SVG inherits, would swap every label's anchor and draw
    // it across the axis. Each label's own letters still run right to left.
    if (dir === "rtl") rendered.svg = rendered.svg.replace(/^<svg\b/, '<svg direction="ltr"');
    loaded.charts.set(chart.key, rendered);
  });
  return loaded;
}

/** A chart as drawn, or undefined after its problems are added to `loaded`. */
function readOutcome(
  chart: Found,
  spec: Spec,
  outcome: ChildOutcome | Runaway,
  loaded: LoadedCharts,
): RenderedChart | undefined {
  const fail = (code: Parameters<typeof diagnose>[0], message: string, at: Position, hint?: string) => {
    loaded.diagnostics.push(diagnose(code, message, at, hint));
    return undefined;
  };
  if ("runaway" in outcome) {
    const hint = "aggregate or filter the data, or simplify its expressions";
    return fail("chart-spec-invalid", `the chart ${outcome.runaway}`, chart.at([]), hint);
  }
  if ("dataProblem" in outcome) {
    const { message, path, hint } = outcome.dataProblem;
    return fail("chart-data-invalid", message, chart.at(path), hint);
  }
  if ("error" in outcome && outcome.hint !== undefined) {
    return fail("chart-spec-invalid", outcome.error, chart.at(outcome.path ?? []), outcome.hint);
  }
  if ("error" in outcome) {
    const located = locateChartError(spec, outcome.error);
    return fail("chart-spec-invalid", located.message, chart.at(located.path), located.hint);
  }
  // The deck loads nothing: a font named by url(), a link or an image in the SVG is refused.
  const font = /font-family="[^"]*url\(/i.test(outcome.svg) ? findFontUrl(spec) : undefined;
  if (font !== undefined) {
    const message = `the chart's font "${font.value}" would load a file`;
    const hint =
      "name a font family, or leave it out for the deck's own fonts; a deck never loads from the network";
    return fail("chart-spec-invalid", message, chart.at(font.path), hint);
  }
  if (/<script|<image|\bhref=|url\((?!#)/i.test(outcome.svg)) {
    const message = "the chart links to or loads something outside the deck (an image mark or an href)";
    const hint = "draw the chart from marks and data only; decks never load from the network";
    return fail("chart-spec-invalid", message, chart.at([]), hint);
  }
  for (const warning of new Set(outcome.warnings)) {
    loaded.diagnostics.push(diagnose("chart-warning", `vega-lite: ${warning}`, chart.at([])));
  }
  if (outcome.rows !== undefined) spec.data = { values: outcome.rows };
  return { svg: outcome.svg, alt: String(chart.alt), spec, scales: outcome.scales };
}

/** The first string in a spec (not its data) that names a font by url(), and its key path. */
function findFontUrl(
  spec: unknown,
  path: (string | number)[] = [],
): { value: string; path: (string | number)[] } | undefined {
  if (typeof spec !== "object" || spec === null) return undefined;
  for (const [key, value] of Object.entries(spec)) {
    if (key === "values" || key === "datasets") continue;
    const at = [...path, Array.isArray(spec) ? Number(key) : key];
    if (typeof value === "string" && /url\(/i.test(value)) return { value, path: at };
    const inner = findFontUrl(value, at);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function findCharts(brief: Brief, slide: Slide): Found[] {
  if (slide.layout === "chart") {
    const at: Pointer = (path) => {
      const { node, pair } = findNode(slide.node, ["spec", ...path]);
      return brief.locator.at(startOf((pair?.key as Node | undefined) ?? node));
    };
    return [
      {
        key: chartKey(slide.index),
        spec: slide.spec,
        alt: slide.alt,
        at,
        size: { width: 1120, height: 420 },
        titled: slide.title !== undefined,
      },
    ];
  }
  if (slide.layout !== "text") return [];
  const body = findNode(slide.node, ["body"]).node;
  const scan = scanWithin(brief.locator.source, body);
  return findChartBlocks(slide.body).map((block) => {
    const found = scan(block.raw.split("\n")[0] ?? "");
    const from = found < 0 ? startOf(body) : found;
    const parsed = parseDocument(block.text);
    const local = createLocator("", block.text);
    // The block's first line in the brief: a block scalar indents every line alike.
    const lineStart = brief.locator.source.indexOf("\n", from) + 1;
    const indent = /^[ \t]*/.exec(brief.locator.source.slice(lineStart, lineStart + 200))?.[0].length ?? 0;
    const first = brief.locator.at(lineStart + indent - (/^[ \t]*/.exec(block.text)?.[0].length ?? 0));
    const atOffset = (offset: number) => {
      const { line, column } = local.at(offset);
      return { file: brief.locator.file, line: first.line + line - 1, column: first.column + column - 1 };
    };
    const at: Pointer = (path) => {
      if (path.length === 0) return brief.locator.at(from);
      const { node, pair } = findNode(parsed.contents, path);
      return atOffset(startOf((pair?.key as Node | undefined) ?? node));
    };
    const error = parsed.errors[0];
    const mapping = error === undefined && isMap(parsed.contents) ? (parsed.toJS() as Spec) : undefined;
    const { alt, ...rest } = mapping ?? {};
    return {
      key: chartKey(undefined, block.text),
      spec:
        error !== undefined
          ? { error, at: atOffset(error.pos[0]) }
          : mapping === undefined
            ? undefined
            : rest,
      alt,
      at,
      size: { width: 1000, height: 300 },
      titled: true,
    };
  });
}

/** The spec with alt as its description and the deck's size, and its data file; undefined after a problem. */
function prepareJob(
  chart: Found,
  brief: Brief,
  projectRoot: string,
  loaded: LoadedCharts,
): Omit<ChartJob, "config"> | undefined {
  const fail = (code: Parameters<typeof diagnose>[0], message: string, at: Position, hint?: string) => {
    loaded.diagnostics.push(diagnose(code, message, at, hint));
    return undefined;
  };
  const raw = chart.spec as Spec | undefined;
  if (raw === undefined || typeof raw !== "object") {
    return fail(
      "chart-spec-invalid",
      "a vega-lite block must hold a mapping: the spec",
      chart.at([]),
      "write the spec as YAML or JSON, with an `alt:` key",
    );
  }
  if (raw.error instanceof Error) {
    return fail(
      "chart-spec-invalid",
      `the chart's spec is not valid YAML: ${raw.error.message.split(/ at line \d+|\n/)[0]}`,
      raw.at as Position,
    );
  }
  if (typeof chart.alt !== "string" || chart.alt.trim() === "") {
    return fail("chart-no-alt", "the chart has no text alternative", chart.at([]));
  }
  if (!chart.titled && specTitle(raw) === undefined) {
    return fail("chart-untitled", "the chart slide has no title", chart.at([]));
  }
  const excess = findExcess(raw);
  if (excess !== undefined)
    return fail("chart-spec-invalid", excess.message, chart.at(excess.path), excess.hint);
  const spec: Spec = {
    width: chart.size.width,
    height: chart.size.height,
    autosize: { type: "fit", contains: "padding" },
    ...raw,
  };
  spec.description = chart.alt;
  // An untitled slide shows the spec's title as its heading: not drawn twice.
  if (!chart.titled) delete spec.title;
  const data = raw.data as { url?: unknown; format?: unknown } | undefined;
  if (typeof data?.url !== "string") return { spec };
  const file = readDataFile(data.url, data.format, brief.file, projectRoot);
  if ("code" in file) return fail(file.code, file.message, chart.at(["data", "url"]), file.hint);
  loaded.files.push(file.real);
  return { spec, table: { text: file.text, type: file.type, url: data.url, fields: encodedFields(raw) } };
}
