// The Vega config a deck's charts are drawn with: the theme's colours and fonts (the built-in theme.css,
// then the brand's variables, then a templates folder's CSS: the last `--bd-*` declaration wins, as in
// the browser) and the deck's type scale on the 1280×720 canvas (labels at least 22 px). A right-to-left
// deck's charts are mirrored by the config alone, as office suites mirror a right-to-left document's.

const FALLBACK = {
  ink: "#15202e",
  muted: "#4a5565",
  paper: "#ffffff",
  rule: "#c9d1dc",
  accent: "#1b4d89",
  holds: "#17663a",
  partial: "#8a4b00",
  fails: "#b1261c",
  unknown: "#4f5866",
  font: '"Source Sans 3", sans-serif',
};

/** The smallest text a chart draws: the deck's secondary text size. */
export const CHART_LABEL_PX = 22;

/** The theme's `--bd-*` variables with a plain value (a colour or a font list), the last one winning. */
export function themeVariables(css: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of css.matchAll(/--bd-([a-z-]+)\s*:\s*([^;}]+)[;}]/g)) {
    const value = (m[2] ?? "").trim();
    if (!value.includes("var(")) vars.set(m[1] ?? "", value);
  }
  return vars;
}

/**
 * Vega's config for a deck whose CSS is `css`: colours, fonts (by family name only) and sizes; for a
 * right-to-left deck, mirrored.
 */
export function chartConfig(css: string, dir: "ltr" | "rtl" = "ltr"): Record<string, unknown> {
  const config = deckConfig(css);
  return dir === "rtl" ? mirrorConfig(config) : config;
}

/**
 * A right-to-left deck's charts, laid out as an office suite lays out a right-to-left document's: the
 * x scale runs from the right (the first category, the earliest date at the right; vega-lite's
 * `xReverse`), the y axis on the right, the legend on the left and the title at the right. The text
 * itself is not mirrored. Config only: what a spec sets itself (an axis' orient, a scale's reverse, a
 * legend's orient, its own config) wins over it.
 */
function mirrorConfig(config: Record<string, unknown>): Record<string, unknown> {
  const part = (key: string) => config[key] as Record<string, unknown>;
  return {
    ...config,
    title: { ...part("title"), anchor: "end" },
    scale: { ...part("scale"), xReverse: true },
    axisY: { ...part("axisY"), orient: "right" },
    legend: { ...part("legend"), orient: "left" },
  };
}

function deckConfig(css: string): Record<string, unknown> {
  const vars = themeVariables(css);
  const colour = (name: keyof typeof FALLBACK) => {
    const value = vars.get(name);
    return value !== undefined && /^#[0-9a-f]{3,8}$/i.test(value) ? value : FALLBACK[name];
  };
  const font = vars.get("font") ?? FALLBACK.font;
  const headingFont = vars.get("heading-font") ?? font;
  const ink = colour("ink");
  const muted = colour("muted");
  const heading = vars.get("heading-ink")?.match(/^#[0-9a-f]{3,8}$/i)
    ? (vars.get("heading-ink") as string)
    : ink;
  const labels = {
    labelFontSize: CHART_LABEL_PX,
    titleFontSize: CHART_LABEL_PX,
    labelColor: ink,
    titleColor: muted,
  };
  return {
    // The SVG carries its own accessible name (render/chart.ts): no per-mark ARIA inside role="img".
    aria: false,
    background: colour("paper"),
    font,
    padding: 8,
    title: { font: headingFont, fontSize: 30, fontWeight: 600, color: heading, anchor: "start", offset: 16 },
    axis: {
      ...labels,
      titleFontWeight: 600,
      domainColor: muted,
      tickColor: muted,
      gridColor: colour("rule"),
      labelLimit: 320,
      titlePadding: 12,
    },
    // Labels under the x axis turn upright when crowded: at 320 px they left a 420 px chart a plot 20 px
    // high and pushed its title off the top. 180 px is vega's own default.
    axisX: { labelLimit: 180 },
    legend: { ...labels, titleFontWeight: 600, symbolSize: 240, labelLimit: 320 },
    header: { ...labels, titleFontWeight: 600 },
    mark: { color: colour("accent"), aria: false },
    text: { fontSize: CHART_LABEL_PX, color: ink },
    range: {
      category: [
        colour("accent"),
        colour("partial"),
        colour("holds"),
        colour("fails"),
        colour("unknown"),
        muted,
      ],
    },
    view: { stroke: null },
  };
}
