// What the chart tests share: a CSV of pledges, a chart slide around a spec, a spec that draws it, and
// the first SVG of a deck.

export const CSV = "country,troops\nAustria,180\nPoland,610\n";
export const CHART_SLIDE = (spec: string, extra = "") => `  - layout: chart
    title: Pledges
    alt: Poland pledges more troops than Austria.
${extra}    spec:
${spec}`;
export const GOOD_SPEC = `      data: { url: pledges.csv }
      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
`;

/** The first SVG of a deck. */
export function firstSvg(html: string): string {
  const svg = /<svg\b[\s\S]*?<\/svg>/.exec(html.slice(html.indexOf('class="bd-chart"')))?.[0];
  if (svg === undefined) throw new Error("no chart in the deck");
  return svg;
}
