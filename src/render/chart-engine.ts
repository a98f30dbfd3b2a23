import * as vega from "vega";
import { loader, parse, parseExpression, read, View } from "vega";
import { compile } from "vega-lite";
import { angledLabelsConfig, horizontalLabelsConfig } from "./chart-labels.ts";

// vega and vega-lite, which only briefs with charts load: bundled on their own into lib/chart.cjs
// (scripts/bundle.mjs) and reached through src/render/chart.ts. Nothing here touches the disk or the
// network: data comes in as values, and vega's loader refuses every URL.

/** A positional scale as vega computed it: the PowerPoint's native chart follows it. */
export interface ScaleFacts {
  /** The domain (a quantitative scale's is "nice": it ends on ticks). */
  domain: unknown[];
  /** The axis' tick step, for a quantitative scale (ticks as vega-lite counts them: one per 40 px). */
  step?: number;
  /** A band scale's inner padding (the share of a step between bars). */
  paddingInner?: number;
  /** The x scale runs from the right (a right-to-left brief's, or a spec's `reverse`). */
  reverse?: true;
  /** A scale over dates: in local time (vega's "time") or in UTC ("utc"). */
  time?: "local" | "utc";
}

/** A chart rendered to SVG, with what the compilers warned about and its x and y scales. */
export type ChartOutcome =
  | { svg: string; warnings: string[]; scales: Partial<Record<"x" | "y", ScaleFacts>> }
  | { error: string; hint?: string; path?: (string | number)[] };

/**
 * The most marks (scene items: bars, points, ticks, labels…) a chart may draw. A slide cannot show more,
 * and each costs SVG in the deck: a scatter of a million rows made a 177 MB deck in a 2.8 GB build.
 */
export const MAX_CHART_MARKS = 5000;

/** Renders a Vega-Lite spec whose data is inline (`values`) to an SVG document. */
export async function renderChartSvg(spec: object, config: object): Promise<ChartOutcome> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = collectingLogger(warnings, errors);
  // Category labels horizontal first; drawn again, angled, only when vega's layout shows they do not fit.
  const horizontal = horizontalLabelsConfig(spec, config);
  try {
    const compiled = compile(spec as never, { config: (horizontal ?? config) as never, logger }).spec;
    const offline = loader();
    const unread: string[] = [];
    const refuse = async (uri: string): Promise<never> => {
      unread.push(String(uri));
      throw new Error(`charts read data only from a file in the project, not "${uri}"`);
    };
    offline.load = refuse as never;
    // A link (href) or an image: noted, and answered with no address. Not refused: vega's renderer reads
    // a refused link's answer as an object after the SVG is written, and that TypeError ended the process.
    const linked: string[] = [];
    offline.sanitize = (async (uri: string) => {
      linked.push(String(uri));
      return { href: "" };
    }) as never;
    const view = new View(parse(compiled), { renderer: "none", loader: offline, logger });
    await view.runAsync();
    const marks = countItems((view.scenegraph() as unknown as { root: unknown }).root);
    if (marks > MAX_CHART_MARKS) {
      view.finalize();
      return {
        error: `the chart would draw ${marks} marks, more than a slide's ${MAX_CHART_MARKS}`,
        hint: "aggregate the data (an `aggregate` or `bin` in the encoding) or filter it to what the slide shows",
      };
    }
    const angled = horizontal && angledLabelsConfig(view, compiled, config);
    if (angled) {
      view.finalize();
      return renderChartSvg(spec, angled);
    }
    const svg = await view.toSVG();
    const scales = readScales(view);
    view.finalize();
    // vega reports a failed data load or expression through its logger, and draws on without it.
    if (errors.length > 0) return { error: errors[0] as string };
    // A url below the top level (a layer's, a lookup's): vega only warns, and draws the chart without it.
    if (unread.length > 0) {
      return {
        error: `the chart's data "${unread[0]}" is not read: only the spec's own data.url names a file`,
        hint: "give the file as the spec's top-level data (layers share it), or its rows as values",
      };
    }
    if (linked.length > 0) {
      return {
        error: `the chart links to or loads "${linked[0]}" (an href or an image mark)`,
        hint: "draw the chart from marks and data only; a deck never loads from the network",
      };
    }
    return { svg, warnings, scales };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? String(error);
    return message === "Disabled." ? (findRefusedExpression(spec) ?? { error: message }) : { error: message };
  }
}

/** The keys whose strings vega reads as expressions (Vega-Lite's calculate, filter, params' expr…). */
const EXPRESSION_KEYS = new Set(["calculate", "filter", "expr", "test", "signal", "update", "init"]);

/**
 * vega's expression parser refuses what could escape its sandbox (keywords such as `new` or `this`,
 * `++`, `typeof`, a comma sequence) with only "Disabled.": the expression it refused, at its key.
 */
function findRefusedExpression(spec: unknown, path: (string | number)[] = []): ChartOutcome | undefined {
  if (typeof spec !== "object" || spec === null) return undefined;
  for (const [key, value] of Object.entries(spec)) {
    if (key === "values" || key === "datasets") continue;
    const at = [...path, Array.isArray(spec) ? Number(key) : key];
    if (typeof value === "string" && EXPRESSION_KEYS.has(key)) {
      try {
        parseExpression(value);
      } catch (error) {
        if ((error as Error).message !== "Disabled.") continue;
        const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
        return {
          error: `the expression "${shown}" uses ${refusedPart(value)}, which chart expressions do not allow`,
          hint: "use vega's expression functions and operators only; see https://vega.github.io/vega/docs/expressions/",
          path: at,
        };
      }
    }
    const inner = findRefusedExpression(value, at);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** What of an expression vega's parser refuses, in words (its error names none). */
function refusedPart(expression: string): string {
  if (/\+\+|--/.test(expression)) return "`++` or `--`";
  const word =
    /\b(typeof|delete|void|new|this|function|var|let|const|class|return|if|else|for|while|do|switch|throw|try|catch|instanceof|yield|await|import|export|super|with|debugger)\b/.exec(
      expression,
    )?.[1];
  if (word !== undefined) return `\`${word}\``;
  return "a comma outside a function call";
}

type Scale = {
  type?: string;
  domain(): unknown[];
  range(): number[];
  ticks?: (count: number) => number[];
  paddingInner?: () => number;
  bandwidth?: () => number;
};

function readScales(view: View): Partial<Record<"x" | "y", ScaleFacts>> {
  const out: Partial<Record<"x" | "y", ScaleFacts>> = {};
  for (const name of ["x", "y"] as const) {
    let scale: Scale;
    try {
      scale = view.scale(name) as Scale;
    } catch {
      continue;
    }
    const facts: ScaleFacts = { domain: [...scale.domain()] };
    const [start = 0, end = 0] = scale.range();
    if (name === "x" && start > end) facts.reverse = true;
    if (scale.type === "time" || scale.type === "utc") facts.time = scale.type === "utc" ? "utc" : "local";
    if (typeof scale.bandwidth === "function" && typeof scale.paddingInner === "function")
      facts.paddingInner = scale.paddingInner();
    else if (typeof scale.ticks === "function") {
      const ticks = scale.ticks(Math.ceil(Math.abs(end - start) / 40));
      if (ticks.length > 1) facts.step = (ticks[1] as number) - (ticks[0] as number);
    }
    out[name] = facts;
  }
  return out;
}

/** The items of a scene graph below `node`, counted until the count passes the cap. */
function countItems(node: unknown): number {
  let count = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0 && count <= MAX_CHART_MARKS) {
    const items = (stack.pop() as { items?: unknown[] } | undefined)?.items;
    if (!Array.isArray(items)) continue;
    count += items.length;
    stack.push(...items.slice(0, MAX_CHART_MARKS + 1));
  }
  return count;
}

/** A text item's font and size, as vega's text measure is given it. */
type TextItem = {
  font?: string;
  fontWeight?: string | number;
  fontStyle?: string;
  fontSize?: number;
  limit?: number;
};

interface TextMetrics {
  width(item: TextItem, text: unknown): number;
  estimateWidth(item: TextItem, text: unknown): number;
}

/**
 * Has vega measure text with `measure` (src/render/chart-text-metrics.ts: the deck's fonts, shaped), and
 * estimate it (0.8 × the font size a character, vega's way without a canvas) where that gives no width.
 * vega asks for a line's width for its bounds, and for parts of the line (and the ellipsis) when it cuts
 * a line at the item's `limit`: a width held to the limit answers both, as vega's own measure does (a
 * cut line is just under its limit, and a part that reaches the limit does not fit).
 */
export function useTextWidth(measure: (item: TextItem, text: string) => number | undefined): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    // The estimate of the whole line (vega's own would cut it at the limit, asking this measure again).
    const width = measure(item, line) ?? metrics.estimateWidth({ fontSize: item.fontSize }, line);
    const limit = Number(item.limit);
    return limit > 0 ? Math.min(width, limit) : width;
  };
}

/** Rows of a CSV or JSON text, read by vega (types inferred as Vega-Lite would infer them). */
export function readTable(text: string, type: "csv" | "json"): object[] {
  return read(text, { type, parse: "auto" }) as object[];
}

function collectingLogger(warnings: string[], errors: string[]) {
  let level = 2;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      errors.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger as never;
}
