import type { View } from "vega";

// The category labels under (or over) a chart: horizontal whenever each fits in its band, as office suites
// and good chart style draw them, not stood on end as vega-lite draws every discrete x axis' by default
// (270°). A chart is first drawn with them horizontal (config `axisXDiscrete.labelAngle: 0`, the likely
// answer on a slide: a few short categories), and only when vega's own layout shows a label wider than its
// band is it drawn again, angled: at -45°, which reads with a tilt of the head rather than a turn, when
// the slanted labels' spacing (step × sin 45°) clears a line of text, else upright (270°, vega-lite's
// default), which packs the most labels without overlap. An angle the author set wins: in the encoding's
// axis (vega-lite's precedence) or anywhere in the spec's own config (then nothing is tried).

/** The smallest gap between slanted labels, as a share of their font size (a line of text and a little). */
const LINE = 1.2;

/**
 * The config a chart is first drawn with: its discrete x axes' labels horizontal; undefined when the
 * spec's config or this config already sets a label angle (the author's, or a fallback already chosen).
 */
export function horizontalLabelsConfig(spec: object, config: object): object | undefined {
  if (setsAngle((spec as { config?: unknown }).config) || setsAngle(config)) return undefined;
  const discrete = (config as { axisXDiscrete?: object }).axisXDiscrete;
  return { ...config, axisXDiscrete: { ...discrete, labelAngle: 0 } };
}

/**
 * After a first drawing with horizontal labels: the config to draw the chart again with, its labels
 * angled, when a category label is wider than its band; else undefined (a continuous axis never asks).
 */
export function angledLabelsConfig(view: View, compiled: object, config: object): object | undefined {
  const horizontal = horizontalScales(compiled);
  let angle: number | undefined;
  for (const axis of axisGroups((view.scenegraph() as unknown as { root: Node }).root)) {
    const name = axis.datum?.scale;
    if (name === undefined || !horizontal.has(name)) continue;
    const labels = (axis.items ?? [])
      .filter((mark) => mark.role === "axis-label")
      .flatMap((mark) => mark.items ?? [])
      .filter((label) => (label.angle ?? 0) === 0);
    if (labels.length === 0) continue;
    // A continuous scale's axis (dates, numbers) has no bands and no category labels: the discrete
    // axes' angle is not its, and drawing the chart again would change nothing.
    const room = bandOf(view, name);
    if (room === undefined) continue;
    const fits = (label: Node) => {
      const { x1 = 0, x2 = 0 } = label.bounds ?? {};
      return x2 - x1 <= room.band;
    };
    if (labels.every(fits)) continue;
    const fontSize = Math.max(...labels.map((label) => label.fontSize ?? 11));
    const slanted = room.step * Math.SQRT1_2 >= LINE * fontSize;
    angle = slanted && angle !== 270 ? -45 : 270;
  }
  if (angle === undefined) return undefined;
  const discrete = (config as { axisXDiscrete?: object }).axisXDiscrete;
  return { ...config, axisXDiscrete: { ...discrete, labelAngle: angle } };
}

interface Node {
  role?: string;
  items?: Node[];
  datum?: { scale?: string };
  angle?: number;
  fontSize?: number;
  bounds?: { x1: number; x2: number };
}

/** A band's width (a point scale's step) and the step between bands; undefined for a continuous scale. */
function bandOf(view: View, name: string): { band: number; step: number } | undefined {
  try {
    const scale = view.scale(name) as { step?: () => number; bandwidth?: () => number };
    if (typeof scale.step !== "function") return undefined;
    const step = scale.step();
    const band = scale.bandwidth?.() || step;
    return { band, step };
  } catch {
    return undefined;
  }
}

/** The scene graph's axis groups (each axis' group item, whose datum names its scale). */
function axisGroups(node: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const mark = stack.pop() as Node;
    for (const item of mark.items ?? []) {
      if (mark.role === "axis") found.push(item);
      else if (item.items !== undefined) stack.push(...item.items);
    }
  }
  return found;
}

/** The names of the scales a compiled Vega spec's horizontal axes (bottom, top) draw. */
function horizontalScales(spec: unknown, names = new Set<string>()): Set<string> {
  if (typeof spec !== "object" || spec === null) return names;
  const { axes, marks } = spec as { axes?: { scale?: string; orient?: unknown }[]; marks?: unknown[] };
  for (const axis of axes ?? []) {
    if ((axis.orient === "bottom" || axis.orient === "top") && typeof axis.scale === "string")
      names.add(axis.scale);
  }
  for (const mark of marks ?? []) horizontalScales(mark, names);
  return names;
}

/** Whether a config (or any part of it: an axis config, a style) sets `labelAngle`. */
function setsAngle(config: unknown): boolean {
  if (typeof config !== "object" || config === null) return false;
  return Object.entries(config).some(([key, value]) => key === "labelAngle" || setsAngle(value));
}
