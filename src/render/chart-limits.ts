// The numbers in a spec that make vega generate rows, bins or ticks, bounded before it runs: a typo such
// as `stop: 100000000` or `maxbins: 1e9` otherwise exhausts the heap and aborts the whole process (serve
// included), and `tickCount: 1e8` never returns. Sizes are bounded by the slide: a wider chart is only
// scaled down (its labels under the deck's type floor), a taller one overflows.

/** A number in a spec over its bound: the key path to it, a message and a hint. */
export interface Excess {
  path: (string | number)[];
  message: string;
  hint: string;
}

const MAX_ROWS = 1_000_000;
const COUNTS: Record<string, { max: number; what: string }> = {
  width: { max: 1280, what: "px, the slide's width" },
  height: { max: 720, what: "px, the slide's height" },
  maxbins: { max: 1000, what: "bins" },
  tickCount: { max: 1000, what: "ticks" },
  steps: { max: 10_000, what: "steps" },
  minsteps: { max: 10_000, what: "steps" },
  maxsteps: { max: 10_000, what: "steps" },
};

/** The first number in `spec` (at any depth) over its bound, or undefined. */
export function findExcess(spec: unknown, path: (string | number)[] = []): Excess | undefined {
  if (typeof spec !== "object" || spec === null) return undefined;
  const record = spec as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    // Inline data: its rows' fields are not the spec's keys.
    if (key === "values" || key === "datasets") continue;
    const at = [...path, Array.isArray(spec) ? Number(key) : key];
    const bound = COUNTS[key];
    if (bound !== undefined && typeof value === "number" && !(value <= bound.max)) {
      return {
        path: at,
        message: `${key} is ${value}, more than ${bound.max} ${bound.what}`,
        hint:
          key === "width" || key === "height"
            ? `leave ${key} out: the chart fills its frame`
            : `use at most ${bound.max}`,
      };
    }
    const rows = generatedRows(key, value);
    if (rows !== undefined && !(rows <= MAX_ROWS)) {
      return {
        path: at,
        message: `${key} generates ${rows} values, more than ${MAX_ROWS}`,
        hint: "narrow start and stop, or widen step",
      };
    }
    const inner = findExcess(value, at);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** How many values a `sequence` generator, an impute's `keyvals` or a bin's extent and step make. */
function generatedRows(key: string, value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (key === "sequence" || key === "keyvals") {
    if (typeof v.start !== "number" || typeof v.stop !== "number") return undefined;
    const step = typeof v.step === "number" ? v.step : 1;
    return step === 0 ? undefined : Math.ceil((v.stop - v.start) / step);
  }
  if (key === "bin" && Array.isArray(v.extent) && typeof v.step === "number") {
    const [from, to] = v.extent as unknown[];
    if (typeof from !== "number" || typeof to !== "number") return undefined;
    return v.step === 0 ? undefined : Math.ceil(Math.abs(to - from) / Math.abs(v.step));
  }
  return undefined;
}
