import { loader, parse, read, View } from "vega";
import { compile } from "vega-lite";

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
}

/** A chart rendered to SVG, with what the compilers warned about and its x and y scales. */
export type ChartOutcome =
  | { svg: string; warnings: string[]; scales: Partial<Record<"x" | "y", ScaleFacts>> }
  | { error: string };

/** Renders a Vega-Lite spec whose data is inline (`values`) to an SVG document. */
export async function renderChartSvg(spec: object, config: object): Promise<ChartOutcome> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = collectingLogger(warnings, errors);
  try {
    const compiled = compile(spec as never, { config: config as never, logger }).spec;
    const offline = loader();
    const refuse = async (uri: string): Promise<never> => {
      throw new Error(`charts read data only from a file in the project, not "${uri}"`);
    };
    offline.load = refuse as never;
    offline.sanitize = refuse as never;
    const view = new View(parse(compiled), { renderer: "none", loader: offline, logger });
    const svg = await view.toSVG();
    const scales = readScales(view);
    view.finalize();
    // vega reports a failed data load or expression through its logger, and draws on without it.
    if (errors.length > 0) return { error: errors[0] as string };
    return { svg, warnings, scales };
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] ?? String(error) };
  }
}

type Scale = {
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
    if (typeof scale.bandwidth === "function" && typeof scale.paddingInner === "function")
      facts.paddingInner = scale.paddingInner();
    else if (typeof scale.ticks === "function") {
      const [a = 0, b = 0] = scale.range();
      const ticks = scale.ticks(Math.ceil(Math.abs(b - a) / 40));
      if (ticks.length > 1) facts.step = (ticks[1] as number) - (ticks[0] as number);
    }
    out[name] = facts;
  }
  return out;
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
