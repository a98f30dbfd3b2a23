import { precisionFixed } from "d3-format";
import type { RenderedChart } from "../render/chart.ts";
import { dateLabels, timeOf } from "./chart-dates.ts";
import { type Box, fitInside } from "./place-images.ts";
import type { PptxSlide } from "./pptxgen.ts";
import type { PptxTheme } from "./theme.ts";

// A chart in the PowerPoint: a native chart with its data (editable in PowerPoint) when the spec maps
// simply onto one (a bar, line, area, pie or scatter with one x and one y field and an optional colour
// series), else the SVG the deck shows, as a picture. Either way with the chart's alt text.

type Spec = Record<string, unknown>;
type Row = Record<string, unknown>;
interface Channel {
  field?: unknown;
  title?: unknown;
  type?: unknown;
  aggregate?: unknown;
  bin?: unknown;
  timeUnit?: unknown;
}

/** What pptxgenjs's addChart takes: a chart type, its series, and whether bars lie horizontally. */
export interface NativeChart {
  type: "bar" | "line" | "area" | "pie" | "scatter";
  series: Array<{ name: string; labels?: string[]; values: number[] }>;
  horizontal: boolean;
  /** The axes' titles (the encoding's `title`, else its field), for bars, lines and areas. */
  axes?: { category: string; value: string };
}

const COMPOSED = ["layer", "facet", "repeat", "concat", "hconcat", "vconcat", "transform"];
const TYPES: Record<string, NativeChart["type"]> = {
  bar: "bar",
  line: "line",
  area: "area",
  arc: "pie",
  point: "scatter",
  circle: "scatter",
};

/**
 * The native chart a spec maps onto, or undefined when it does not map simply. Its dates are written in
 * `lang`, in UTC when the deck's scale (of `scales`, as vega computed them) is a UTC one.
 */
export function nativeChart(
  spec: Spec,
  lang = "en",
  scales: RenderedChart["scales"] = {},
): NativeChart | undefined {
  const mark =
    typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  const type = TYPES[String(mark)];
  const rows = (spec.data as { values?: unknown } | undefined)?.values;
  if (type === undefined || !Array.isArray(rows) || COMPOSED.some((key) => key in spec)) return undefined;
  const encoding = (spec.encoding ?? {}) as Record<string, Channel>;
  const plain = Object.values(encoding).every(
    (c) => typeof c?.field === "string" && [c.aggregate, c.bin, c.timeUnit].every((v) => v === undefined),
  );
  if (!plain) return undefined;
  const { x, y, theta, color, ...others } = encoding;
  if (Object.keys(others).length > 0) return undefined;
  const field = (c: Channel | undefined) => c?.field as string;
  if (type === "pie") {
    if (theta === undefined || color === undefined || x !== undefined || y !== undefined) return undefined;
    return { type, horizontal: false, series: [series(rows, field(color), field(theta), "")] };
  }
  if (x === undefined || y === undefined || theta !== undefined) return undefined;
  if (type === "scatter") {
    // A scatter's axes are value axes, which write numbers: over dates, the deck's picture instead.
    if (color !== undefined || x.type === "temporal" || y.type === "temporal") return undefined;
    const numbers = (f: string) => rows.map((r: Row) => Number(r[f]));
    return {
      type,
      horizontal: false,
      series: [
        { name: field(x), values: numbers(field(x)) },
        { name: field(y), values: numbers(field(y)) },
      ],
    };
  }
  // Categories on one axis, values on the other: bars lie horizontally when the values are on x.
  const horizontal = type === "bar" && x.type === "quantitative" && y.type !== "quantitative";
  const [categoryChannel, valueChannel] = horizontal ? [y, x] : [x, y];
  const [category, value] = [field(categoryChannel), field(valueChannel)];
  const titleOf = (c: Channel) => (typeof c.title === "string" ? c.title : field(c));
  const axes = { category: titleOf(categoryChannel), value: titleOf(valueChannel) };
  // Dates in time order (as the deck's time scale places them), each named as a date.
  const utc = scales[horizontal ? "y" : "x"]?.time === "utc";
  const labelled =
    categoryChannel.type === "temporal"
      ? dateRows(rows, category, lang, utc)
      : inDomainOrder(rows, category, scales[horizontal ? "y" : "x"]?.domain, horizontal);
  if (color === undefined)
    return { type, horizontal, axes, series: [series(labelled, category, value, value)] };
  const groups = unique(labelled.map((r: Row) => String(r[field(color)])));
  const labels = unique(labelled.map((r: Row) => String(r[category])));
  const found = groups.map((group) => {
    const inGroup = labelled.filter((r: Row) => String(r[field(color)]) === group);
    return labels.map((label) => inGroup.find((r: Row) => String(r[category]) === label)?.[value]);
  });
  // A series with no value at a category: the deck draws nothing there (a line runs on from its own
  // first point), while a native chart would draw a zero, a line dropping to the axis that the data
  // never said. Such a chart goes in as the deck's picture.
  if (found.some((values) => values.some((v) => v === undefined))) return undefined;
  return {
    type,
    horizontal,
    axes,
    series: groups.map((group, i) => ({ name: group, labels, values: (found[i] ?? []).map(Number) })),
  };
}

/**
 * The rows in the order the deck's chart shows their categories: its scale's domain, as vega sorted it
 * (ascending unless the spec sorts otherwise). PowerPoint draws a lying bar chart's first category at the
 * bottom, the deck at the top: for those, the other way round.
 */
function inDomainOrder(
  rows: Row[],
  field: string,
  domain: unknown[] | undefined,
  horizontal: boolean,
): Row[] {
  if (domain === undefined) return rows;
  const place = new Map(domain.map((value, i) => [String(value), horizontal ? -i : i]));
  const at = (row: Row) => place.get(String(row[field])) ?? Number.POSITIVE_INFINITY;
  return [...rows].sort((a, b) => at(a) - at(b));
}

/** The rows in time order, each with its date in `field` written as the chart's category label. */
function dateRows(rows: Row[], field: string, lang: string, utc: boolean): Row[] {
  const timed = rows.map((row) => ({ row, time: timeOf(row[field]) })).sort((a, b) => a.time - b.time);
  const labels = dateLabels(
    timed.map((t) => t.time),
    lang,
    utc,
  );
  return timed.map(({ row }, i) => ({ ...row, [field]: labels[i] }));
}

function series(rows: Row[], labelField: string, valueField: string, name: string) {
  return {
    name,
    labels: rows.map((r) => String(r[labelField])),
    values: rows.map((r) => Number(r[valueField])),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The value axis's step between labels: vega's tick step (its ticks are the deck's grid lines), doubled
 * while it would label more than eight intervals. vega hides the labels that would overlap (every other
 * one on a long horizontal axis); PowerPoint would turn them all on their side instead.
 */
function labelledStep(step: number | undefined, min: unknown, max: unknown): number | undefined {
  if (step === undefined || !(step > 0) || typeof min !== "number" || typeof max !== "number") return step;
  let unit = step;
  while ((max - min) / unit > 8) unit *= 2;
  return unit;
}

/**
 * A spreadsheet number format that groups thousands and shows the decimals `step` needs, as d3-format
 * (vega's own number format) counts them for an axis's ticks (at most 6).
 */
function groupedFormat(step: number): string {
  const decimals = Math.min(6, precisionFixed(step));
  return decimals === 0 ? "#,##0" : `#,##0.${"0".repeat(decimals)}`;
}

type LegendPos = "t" | "b" | "l" | "r" | "tr";
const LEGEND_POSITIONS: Record<string, LegendPos> = {
  top: "t",
  bottom: "b",
  left: "l",
  right: "r",
  "top-right": "tr",
  "top-left": "t",
  "bottom-left": "b",
  "bottom-right": "b",
};

/**
 * Where the deck's chart has its legend, as PowerPoint can place it: vega-lite's default is at the right
 * (at the left for a right-to-left brief, chart-config.ts); the colour channel's `legend.orient` or the
 * config's wins. Undefined when the spec hides the legend (`legend: null`, orient "none").
 */
export function legendPosition(spec: Spec, rtl: boolean): LegendPos | undefined {
  const color = (spec.encoding as Record<string, { legend?: unknown }> | undefined)?.color ?? {};
  const theta = (spec.encoding as Record<string, { legend?: unknown }> | undefined)?.theta ?? {};
  if (color.legend === null || theta.legend === null) return undefined;
  const own = (color.legend as { orient?: unknown } | undefined)?.orient;
  const config = (spec.config as { legend?: { orient?: unknown } } | undefined)?.legend?.orient;
  const orient = String(own ?? config ?? (rtl ? "left" : "right"));
  if (orient === "none") return undefined;
  return LEGEND_POSITIONS[orient] ?? (rtl ? "l" : "r");
}

/** An SVG's width and height (its attributes, px), when it has them. */
export function svgSize(svg: string): { w: number; h: number } | undefined {
  const size = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  return size ? { w: Number(size[1]), h: Number(size[2]) } : undefined;
}

/** Adds a chart slide's chart inside `box`: native when it maps simply, else its SVG as a picture. */
export function addChart(target: PptxSlide, chart: RenderedChart, box: Box, theme: PptxTheme) {
  const native = nativeChart(chart.spec, theme.lang, chart.scales);
  if (native === undefined) {
    const data = `data:image/svg+xml;base64,${Buffer.from(chart.svg).toString("base64")}`;
    const fitted = fitInside(svgSize(chart.svg), box);
    target.addImage({ data, ...fitted, altText: chart.alt });
    return;
  }
  const c = theme.colours;
  const font = { fontFace: theme.font, color: c.ink };
  // The value axis over vega's nice domain with its tick step, and bars as wide as the deck's: the band
  // scale's inner padding is the gap's share of a step (PowerPoint's gap is a share of a bar).
  const valueScale = chart.scales?.[native.horizontal ? "x" : "y"];
  const band = chart.scales?.[native.horizontal ? "y" : "x"]?.paddingInner;
  const [min, max] = valueScale?.domain ?? [];
  const unit = labelledStep(valueScale?.step, min, max);
  const axisRange =
    native.axes !== undefined && typeof min === "number" && typeof max === "number"
      ? {
          valAxisMinVal: min,
          valAxisMaxVal: max,
          ...(unit === undefined ? {} : { valAxisMajorUnit: unit }),
        }
      : {};
  const gap =
    native.type === "bar" && band !== undefined && band < 1
      ? Math.round((100 * band) / (1 - band))
      : undefined;
  const axis = { fontFace: theme.font, fontSize: 16, color: c.ink };
  // The value axis's numbers grouped, with as many decimals as its tick step has, as vega's default
  // format writes the deck's (30,000; 0.25); the separators are the viewer's. A spec that formats its
  // axis itself keeps PowerPoint's General.
  const valueChannel = (chart.spec.encoding as Record<string, { axis?: { format?: unknown } }> | undefined)?.[
    native.horizontal ? "x" : "y"
  ];
  const numbers =
    unit === undefined || valueChannel?.axis?.format !== undefined
      ? {}
      : { valAxisLabelFormatCode: groupedFormat(unit) };
  // The deck's x scale runs from the right (a right-to-left brief's chart): so does the horizontal axis
  // here, the values' for lying bars, else the categories' (or a scatter's x), and PowerPoint then draws
  // the other axis at the right, where it crosses the first category or zero.
  // pptxgenjs's types name only "minMax"; it writes the orientation it is given.
  const fromRight = "maxMin" as "minMax";
  const mirrored =
    chart.scales?.x?.reverse === true
      ? native.horizontal
        ? { valAxisOrientation: fromRight }
        : { catAxisOrientation: fromRight }
      : {};
  const legend = legendPosition(chart.spec, theme.rtl === true);
  target.addChart(native.type, native.series, {
    ...box,
    altText: chart.alt,
    barDir: native.horizontal ? "bar" : "col",
    ...axisRange,
    ...(gap === undefined ? {} : { barGapWidthPct: gap }),
    ...mirrored,
    // One series is one colour, as in the deck; several take the deck's category colours in order.
    chartColors:
      native.series.length === 1 && native.type !== "pie"
        ? [c.accent]
        : [c.accent, c.partial, c.holds, c.fails, c.unknown, c.muted],
    ...(native.axes === undefined
      ? {}
      : {
          showCatAxisTitle: true,
          catAxisTitle: native.axes.category,
          showValAxisTitle: true,
          valAxisTitle: native.axes.value,
          catAxisTitleFontSize: 16,
          valAxisTitleFontSize: 16,
          catAxisTitleColor: c.muted,
          valAxisTitleColor: c.muted,
        }),
    catAxisLabelFontFace: axis.fontFace,
    catAxisLabelFontSize: axis.fontSize,
    catAxisLabelColor: axis.color,
    valAxisLabelFontFace: axis.fontFace,
    valAxisLabelFontSize: axis.fontSize,
    valAxisLabelColor: axis.color,
    ...numbers,
    valGridLine: { color: c.rule, size: 1 },
    showLegend: (native.series.length > 1 || native.type === "pie") && legend !== undefined,
    legendPos: legend ?? "r",
    legendFontFace: font.fontFace,
    legendFontSize: 16,
    legendColor: font.color,
    lineDataSymbol: native.type === "scatter" ? "circle" : "none",
    lineSize: native.type === "scatter" ? 0 : 3,
  });
}
