import type { Slide } from "../brief/brief.ts";
import { findChartBlocks } from "../brief/chart-blocks.ts";
import { escapeHtml } from "../escape-html.ts";
import { chartKey, type RenderedChart } from "./chart.ts";

// Charts in the deck's HTML: the SVG named for screen readers (role="img", aria-label and <title>), and
// the placeholders a ```vega-lite block leaves in sanitised Markdown until its SVG takes their place
// (after the sanitiser and the acronym expander, which must not rewrite the chart's markup or labels).

/** The deck's charts, by chartKey. */
export type Charts = ReadonlyMap<string, RenderedChart>;

const MARK = "\uE0BD";
const SLOT = new RegExp(`<p>${MARK}(\\d+)${MARK}</p>`, "g");

/** A chart's figure: its SVG with the text alternative as its accessible name. */
export function chartFigure(chart: RenderedChart | undefined): string {
  if (chart === undefined) return "";
  const alt = escapeHtml(chart.alt);
  const svg = chart.svg.replace(
    /^<svg\b([^>]*)>/,
    `<svg$1 role="img" aria-label="${alt}"><title>${alt}</title>`,
  );
  return `<figure class="bd-chart">${svg}</figure>`;
}

/** The text alternatives of a slide's charts, in order: the handout prints them under the slide. */
export function chartAlts(slide: Slide, charts: Charts): string[] {
  const keys =
    slide.layout === "chart"
      ? [chartKey(slide.index)]
      : slide.layout === "text"
        ? findChartBlocks(slide.body).map((b) => chartKey(undefined, b.text))
        : [];
  return keys.flatMap((key) => {
    const chart = charts.get(key);
    return chart === undefined ? [] : [chart.alt];
  });
}

/** Placeholders for ```vega-lite blocks in Markdown, and their replacement by the charts' figures. */
export function createChartSlots(charts: Charts) {
  const figures: string[] = [];
  return {
    /** A placeholder for the block of this text, or undefined when it has no chart (shown as code). */
    slot(text: string): string | undefined {
      const chart = charts.get(chartKey(undefined, text));
      if (chart === undefined) return undefined;
      figures.push(chartFigure(chart));
      return `<p>${MARK}${figures.length - 1}${MARK}</p>`;
    },
    fill(html: string): string {
      return html.replace(SLOT, (_, n: string) => figures[Number(n)] ?? "");
    },
  };
}
