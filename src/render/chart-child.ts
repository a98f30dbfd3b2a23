import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import type { ChartOutcome } from "./chart-engine.ts";
import { type FontFile, loadTextMetrics, measureText, useFontFiles } from "./chart-text-metrics.ts";

// The charts' process: lib/chart.cjs, run by src/render/chart-process.ts with a heap limit, so that a
// chart whose expressions exhaust memory or never finish ends this process, not briefdeck. It reads each
// chart's data table, checks the fields the encoding names, renders the chart with vega and vega-lite
// (lib/chart-engine.cjs, bundled by scripts/bundle.mjs), and answers chart by chart over Node's IPC channel.
// The engine runs with V8's code cache, as bin/briefdeck.cjs runs the command line's bundle: written
// beside it (or in the user's cache folder) after the first charts are drawn, keyed by the engine's build
// and Node's version, and never required (V8 rejects a stale or corrupt one and compiles as usual).

type Engine = typeof import("./chart-engine.ts");

// HarfBuzz, which measures the charts' text in the deck's fonts, loads (its WebAssembly compiling) while
// the engine does; the first chart waits for it.
const textMetrics = loadTextMetrics();

const engineFile = join(dirname(process.argv[1] ?? "."), "chart-engine.cjs");
// Latin-1, as bin/briefdeck.cjs reads its bundle: the engine is ASCII (scripts/bundle.mjs checks).
const engineSource = readFileSync(engineFile, "latin1");
// The code cache's loader, shared with bin/briefdeck.cjs (the package ships bin/ beside lib/).
const { runCached } = Module.createRequire(engineFile)(
  join(dirname(engineFile), "..", "bin", "code-cache.cjs"),
) as {
  runCached(
    file: string,
    source: string,
    name: string,
  ): { exports: Engine; stale: boolean; writeCache(): void };
};
const engine = runCached(engineFile, engineSource, "chart-engine");
const { readTable, renderChartSvg, useTextWidth } = engine.exports;
let cacheWanted = engine.stale;
let measuring = false;

/**
 * A chart to draw: its spec (data inline or in `table`), vega-lite's config, its data file's text, and
 * the brand's font files its text may be set in (their paths: this process reads them).
 */
export interface ChartJob {
  spec: Record<string, unknown>;
  config: object;
  fonts?: FontFile[];
  table?: { text: string; type: "csv" | "json"; url: string; fields: { channel: string; field: string }[] };
}

/** A chart's data that cannot be used: a message at a key path of the spec, and a hint. */
export interface DataProblem {
  dataProblem: { message: string; path: (string | number)[]; hint?: string };
}

/** What the process answers for a chart: its SVG (with its data table's rows), or the problem. */
export type ChildOutcome = (ChartOutcome & { rows?: object[] }) | DataProblem;

/** Messages from the process: ready once vega is loaded, then one answer per chart of a request. */
export type ChildMessage = { ready: true } | { request: number; index: number; outcome: ChildOutcome };

/** A request to the process: draw these charts, in order. */
export interface ChildRequest {
  request: number;
  jobs: ChartJob[];
}

async function draw(job: ChartJob): Promise<ChildOutcome> {
  if (!measuring && (await textMetrics)) {
    useTextWidth(measureText);
    measuring = true;
  }
  // A brand's fonts, read before vega measures (a WOFF2 file unpacks asynchronously); none, no brand.
  if (measuring) await useFontFiles(job.fonts ?? []);
  const { table } = job;
  if (table === undefined) return renderChartSvg(job.spec, job.config);
  const at = ["data", "url"];
  let rows: object[];
  try {
    rows = readTable(table.text, table.type);
  } catch (error) {
    const message = `chart data "${table.url}" cannot be read as ${table.type.toUpperCase()}: ${(error as Error).message}`;
    return { dataProblem: { message, path: at } };
  }
  if (!Array.isArray(rows) || rows.length === 0) {
    const message = `chart data "${table.url}" has no rows`;
    return { dataProblem: { message, path: at, hint: "give a header line and at least one row" } };
  }
  const columns = Object.keys(rows[0] ?? {});
  for (const { channel, field } of table.fields) {
    if (columns.includes(field)) continue;
    return {
      dataProblem: {
        message: `encoding.${channel} names the field "${field}", which "${table.url}" does not have`,
        path: ["encoding", channel, "field"],
        hint: `its fields are: ${columns.join(", ")}`,
      },
    };
  }
  const outcome = await renderChartSvg({ ...job.spec, data: { values: rows } }, job.config);
  return "svg" in outcome ? { ...outcome, rows } : outcome;
}

const send = (message: ChildMessage) => process.send?.(message);

// Requests are drawn one after another, each chart answered as soon as it is drawn: when this process
// dies, the parent knows which chart it was drawing.
let queue = Promise.resolve();
process.on("message", (message: ChildRequest) => {
  queue = queue.then(async () => {
    for (const [index, job] of message.jobs.entries()) {
      send({ request: message.request, index, outcome: await draw(job) });
    }
    if (cacheWanted) {
      cacheWanted = false;
      engine.writeCache();
    }
  });
});
// The parent has gone (or let this process go): nothing is left to draw for.
process.on("disconnect", () => process.exit(0));
send({ ready: true });
