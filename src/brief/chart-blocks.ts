import { Marked } from "marked";

/** The language a fenced block names to be drawn as a chart: ```vega-lite. */
export const CHART_FENCE = "vega-lite";

/** A ```vega-lite block in Markdown: its text (the spec, YAML or JSON) and its raw source. */
export interface ChartBlock {
  text: string;
  raw: string;
}

/** The chart blocks of a Markdown text, in order (marked's lexer, as the renderer reads them). */
export function findChartBlocks(text: string): ChartBlock[] {
  if (!text.includes(CHART_FENCE)) return [];
  const found: ChartBlock[] = [];
  const marked = new Marked();
  marked.walkTokens(marked.lexer(text), (token) => {
    if (token.type === "code" && token.lang?.trim() === CHART_FENCE)
      found.push({ text: token.text, raw: token.raw });
  });
  return found;
}
