import { isMap, type Node, parseDocument } from "yaml";
import type { Brief, Slide } from "../brief/brief.ts";
import { findChartBlocks } from "../brief/chart-blocks.ts";
import { createLocator, findNode, scanWithin, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import { lazyRequire } from "../lazy-require.ts";
import { chartConfig } from "./chart-config.ts";
import { encodedFields, readDataFile } from "./chart-data.ts";
import type { ScaleFacts } from "./chart-engine.ts";
import { locateChartError } from "./chart-errors.ts";
import { findExcess } from "./chart-limits.ts";

// The charts of a brief (`chart` slides and ```vega-lite blocks in `text` bodies), rendered to SVG at
// build time: each spec's data file read, checked and inlined, then vega-lite and vega (lib/chart.cjs,
// loaded only when a brief has a chart). Problems are positioned at the spec's key in the brief.

type Engine = typeof import("./chart-engine.ts");
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

/** Renders every chart of the brief's visible slides. Loads vega only when there is one. */
export async function loadCharts(brief: Brief, projectRoot: string, themeCss: string): Promise<LoadedCharts> {
  const found = brief.slides.filter((s) => !s.hidden).flatMap((slide) => findCharts(brief, slide));
  const loaded: LoadedCharts = { charts: new Map(), files: [], diagnostics: [] };
  if (found.length === 0) return loaded;
  const engine = await loadEngine();
  const config = chartConfig(themeCss);
  for (const chart of found) {
    const spec = await prepareSpec(chart, brief, projectRoot, engine, loaded);
    if (spec === undefined) continue;
    const outcome = await engine.renderChartSvg(spec, config);
    if ("error" in outcome && outcome.hint !== undefined) {
      loaded.diagnostics.push(diagnose("chart-spec-invalid", outcome.error, chart.at([]), outcome.hint));
      continue;
    }
    if ("error" in outcome) {
      const located = locateChartError(spec, outcome.error);
      loaded.diagnostics.push(
        diagnose("chart-spec-invalid", located.message, chart.at(located.path), located.hint),
      );
      continue;
    }
    // The deck loads nothing: a chart whose marks link or load images (image marks, href) is refused.
    if (/<script|<image|\bhref=|url\((?!#)/i.test(outcome.svg)) {
      const message = "the chart links to or loads something outside the deck (an image mark or an href)";
      const hint = "draw the chart from marks and data only; decks never load from the network";
      loaded.diagnostics.push(diagnose("chart-spec-invalid", message, chart.at([]), hint));
      continue;
    }
    for (const warning of new Set(outcome.warnings)) {
      loaded.diagnostics.push(diagnose("chart-warning", `vega-lite: ${warning}`, chart.at([])));
    }
    loaded.charts.set(chart.key, { svg: outcome.svg, alt: String(chart.alt), spec, scales: outcome.scales });
  }
  return loaded;
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

/** The spec with its data inline, alt as its description, and the deck's size; undefined after a problem. */
async function prepareSpec(
  chart: Found,
  brief: Brief,
  projectRoot: string,
  engine: Engine,
  loaded: LoadedCharts,
): Promise<Spec | undefined> {
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
  if (typeof data?.url !== "string") return spec;
  const at = chart.at(["data", "url"]);
  const file = readDataFile(data.url, data.format, brief.file, projectRoot);
  if ("code" in file) return fail(file.code, file.message, at, file.hint);
  loaded.files.push(file.real);
  let rows: object[];
  try {
    rows = engine.readTable(file.text, file.type);
  } catch (error) {
    return fail(
      "chart-data-invalid",
      `chart data "${data.url}" cannot be read as ${file.type.toUpperCase()}: ${(error as Error).message}`,
      at,
    );
  }
  if (!Array.isArray(rows) || rows.length === 0) {
    return fail(
      "chart-data-invalid",
      `chart data "${data.url}" has no rows`,
      at,
      "give a header line and at least one row",
    );
  }
  const columns = Object.keys(rows[0] ?? {});
  for (const { channel, field } of encodedFields(raw)) {
    if (columns.includes(field)) continue;
    return fail(
      "chart-data-invalid",
      `encoding.${channel} names the field "${field}", which "${data.url}" does not have`,
      chart.at(["encoding", channel, "field"]),
      `its fields are: ${columns.join(", ")}`,
    );
  }
  spec.data = { values: rows };
  return spec;
}

/**
 * vega and vega-lite: the bundle's own lib/chart.cjs beside lib/briefdeck.cjs (CommonJS, so it loads from
 * V8's code cache without an ES module loader); from the sources (tests), the engine module itself.
 */
async function loadEngine(): Promise<Engine> {
  if (import.meta.url.endsWith(".cjs")) return lazyRequire("./chart.cjs") as Engine;
  return import("./chart-engine.ts");
}
