import { lazyRequire } from "../lazy-require.ts";
import { didYouMean } from "../suggest.ts";

// Where in a spec vega-lite's error lies, and what to do about it. vega-lite reports some mistakes in
// words that name no key ("Cannot read properties of undefined"), so the spec's mark and encoding types
// are checked against vega-lite's own JSON Schema (read only when a chart has failed).

type Spec = Record<string, unknown>;

/** The key path of the spec an error is about (empty: the spec itself), and a hint. */
export interface Located {
  path: (string | number)[];
  message: string;
  hint: string;
}

const DOCS = "see https://vega.github.io/vega-lite/docs/";

/** Locates a failed chart's error in its spec. */
export function locateChartError(spec: Spec, error: string): Located {
  const schema = readSchemaEnums();
  const mark =
    typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  if (typeof mark === "string" && schema.marks.length > 0 && !schema.marks.includes(mark)) {
    const path = typeof spec.mark === "string" ? ["mark"] : ["mark", "type"];
    const hint = didYouMean(mark, schema.marks, `the marks are: ${schema.marks.join(", ")}`);
    return { path, message: `"${mark}" is not a Vega-Lite mark`, hint };
  }
  const encoding = (spec.encoding ?? {}) as Record<string, { type?: unknown } | null>;
  for (const [channel, def] of Object.entries(encoding)) {
    const type = def?.type;
    if (type === undefined || schema.types.length === 0 || schema.types.includes(String(type))) continue;
    const hint = didYouMean(String(type), schema.types, `the types are: ${schema.types.join(", ")}`);
    return { path: ["encoding", channel, "type"], message: `"${String(type)}" is not a field type`, hint };
  }
  const key = /\b(mark|encoding|layer|data|transform|facet|repeat|concat|hconcat|vconcat)\b/.exec(error)?.[1];
  return {
    path: key !== undefined && key in spec ? [key] : [],
    message: `the chart cannot be drawn: ${error}`,
    hint: `check the spec's keys and values; ${DOCS}`,
  };
}

let enums: { marks: string[]; types: string[] } | undefined;

function readSchemaEnums(): { marks: string[]; types: string[] } {
  if (enums !== undefined) return enums;
  try {
    const schema = lazyRequire("vega-lite/vega-lite-schema.json") as {
      definitions: Record<string, { enum?: string[] }>;
    };
    enums = {
      marks: schema.definitions.Mark?.enum ?? [],
      types: [...(schema.definitions.StandardType?.enum ?? []), "geojson"],
    };
  } catch {
    enums = { marks: [], types: [] };
  }
  // Empty lists (no schema) check nothing.
  return enums;
}
