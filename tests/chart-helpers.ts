import type { Page } from "puppeteer-core";
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

/** A brief in `lang` of the given slides (chartSlide's). */
export const chartBrief = (lang: string, ...slides: string[]) =>
  `title: Pledges\nlang: ${lang}\nslides:\n${slides.join("")}`;

/** A chart slide with its title and alt over a spec's lines (dataSpec's, or any indented as `spec:` wants). */
export const chartSlide = (title: string, alt: string, spec: string) =>
  `  - layout: chart\n    title: ${title}\n    alt: ${alt}\n    spec:\n${spec}`;

/** A spec drawing `mark` from a data file's fields; each channel as YAML, e.g. "{ field: day, type: temporal }". */
export function dataSpec(url: string, mark: string, channels: Record<string, string>): string {
  const encoding = Object.entries(channels).map(([name, value]) => `        ${name}: ${value}\n`);
  return `      data: { url: ${url} }\n      mark: ${mark}\n      encoding:\n${encoding.join("")}`;
}

/** The first SVG of a deck. */
export function firstSvg(html: string): string {
  const svg = /<svg\b[\s\S]*?<\/svg>/.exec(html.slice(html.indexOf('class="bd-chart"')))?.[0];
  if (svg === undefined) throw new Error("no chart in the deck");
  return svg;
}

/**
 * The first chart's vertical axis as Chromium drew it, in the SVG's own units (the chart may be scaled to
 * its frame): its labels' drawn widths and boxes, its line and its title; and whether `fontFamily` is
 * loaded. vega's layout can be read off it: the room between the line and the title is the labels'
 * column it laid out, with the tick (5), the label padding (2) and the title padding (12) the config gives.
 */
export function readVerticalAxis(page: Page, fontFamily = "Source Sans 3") {
  return page.evaluate((family: string) => {
    const svg = document.querySelector(".bd-chart svg") as SVGSVGElement;
    const axis = [...svg.querySelectorAll(".role-axis")].find((a) => {
      const line = a.querySelector(".role-axis-domain line")?.getBoundingClientRect();
      return line !== undefined && line.height > line.width;
    }) as Element;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width || 1;
    const box = (e: Element) => {
      const { left, right } = e.getBoundingClientRect();
      return { left: left / scale, right: right / scale };
    };
    const labels = [...axis.querySelectorAll(".role-axis-label text")] as SVGTextElement[];
    return {
      loaded: document.fonts.check(`22px "${family}"`),
      widths: labels.map((t) => t.getComputedTextLength()),
      labels: labels.map(box),
      domain: box(axis.querySelector(".role-axis-domain line") as Element),
      title: box(axis.querySelector(".role-axis-title text") as Element),
    };
  }, fontFamily);
}
