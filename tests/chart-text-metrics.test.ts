import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareDocumentPage } from "../src/pdf/load-page.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { makeProject, read, runCli } from "./helpers.ts";

// vega lays a chart's text out by its width: in the charts' process (Node, no canvas) measured from the
// deck's own fonts (src/render/chart-text-metrics.ts), not estimated at 0.8 × the font size a character.
// Measured widths keep labels whole where they fit, flat where they fit their bars, and an axis' title
// beside its labels; the browser, which draws them, is the judge.

const EN = ["Netherlands", "Belgium", "Luxembourg", "Germany", "Switzerland", "Denmark"];
const AR = ["هولندا", "بلجيكا", "لوكسمبورغ", "ألمانيا", "المملكة المتحدة"];
const csv = (names: string[]) =>
  `country,troops\n${names.map((n, i) => `${n},${200 + 70 * i}`).join("\n")}\n`;

// Bars standing on the categories (x) or lying along them (y: the labels' column beside the axis title).
const brief = (lang: string, data: string, category: "x" | "y") => `title: Pledges
lang: ${lang}
slides:
  - layout: chart
    title: Pledges
    alt: The pledges by country.
    spec:
      data: { url: ${data} }
      mark: bar
      encoding:
        ${category}: { field: country, type: nominal, title: Country }
        ${category === "x" ? "y" : "x"}: { field: troops, type: quantitative, title: Troops }
`;

const BRIEFS = {
  "en-x": brief("en", "en.csv", "x"),
  "en-y": brief("en", "en.csv", "y"),
  "ar-x": brief("ar", "ar.csv", "x"),
  "ar-y": brief("ar", "ar.csv", "y"),
};

let project: string;
const svgOf = (name: string) => {
  const html = read(join(project, `dist/${name}.html`));
  const svg = /<figure class="bd-chart"><svg\b[\s\S]*?<\/svg>/.exec(html)?.[0];
  if (svg === undefined) throw new Error(`${name}: no chart`);
  return svg;
};

/** An axis' labels as vega drew them (the axis whose domain line is horizontal, or vertical). */
function axisLabels(svg: string, horizontal: boolean) {
  const axes = svg
    .split('<g class="mark-group role-axis"')
    .slice(1)
    .filter((a) => a.includes("role-axis-domain"));
  const flat = (a: string) => /role-axis-domain"[^>]*><line[^>]* y2="0"/.test(a);
  const axis = axes.find((a) => flat(a) === horizontal) ?? "";
  const labels = /<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/.exec(axis)?.[1] ?? "";
  return [...labels.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    text: m[2] ?? "",
    rotate: /rotate\((-?[\d.]+)\)/.exec(m[1] ?? "")?.[1] ?? "0",
  }));
}

beforeAll(async () => {
  project = makeProject({
    ...Object.fromEntries(Object.entries(BRIEFS).map(([name, text]) => [`briefs/${name}.yaml`, text])),
    "briefs/en.csv": csv(EN),
    "briefs/ar.csv": csv(AR),
  });
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
});

describe("a chart's text, measured in the deck's fonts", () => {
  it.each([
    ["en-x", EN],
    ["ar-x", AR],
  ])("keeps category labels whole and horizontal where their real widths fit (%s)", (name, names) => {
    const labels = axisLabels(svgOf(name), true);
    expect(labels.map((l) => l.text).sort(), name).toEqual([...names].sort());
    for (const label of labels) expect(label.rotate, `${name}: ${label.text}`).toBe("0");
  });
});

describe.skipIf(!browserAvailable())("a chart's text widths against Chromium's", () => {
  it.each(["en-y", "ar-y"])(
    "lays the labels' column out as wide as the browser draws it, the axis title by its labels (%s)",
    async (name) => {
      const browser = await launchChromium();
      try {
        {
          const page = await browser.newPage();
          await page.setViewport({ width: 1280, height: 720 });
          const deck = await prepareDocumentPage(page);
          await deck.load(read(join(project, `dist/${name}.html`)), `${name}.html`, "?view=print");
          await page.evaluate(
            () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
          );
          // In the SVG's own units (the chart may be scaled to its frame): the vertical axis' labels (their
          // drawn widths) and the room vega left for them, between the axis line and its title.
          const found = await page.evaluate(() => {
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
              widths: labels.map((t) => t.getComputedTextLength()),
              labels: labels.map(box),
              domain: box(axis.querySelector(".role-axis-domain line") as Element),
              title: box(axis.querySelector(".role-axis-title text") as Element),
            };
          });
          await page.close();
          expect(found.widths.length, name).toBeGreaterThan(0);
          const drawn = Math.max(...found.widths);
          // The title's near edge to the axis line: the labels' column vega laid out, with the tick (5),
          // the label padding (2) and the title padding (12) the config gives.
          const left = found.title.right <= found.domain.left;
          const room = left ? found.domain.left - found.title.right : found.title.left - found.domain.right;
          const laidOut = room - 5 - 2 - 12;
          expect(
            Math.abs(laidOut - drawn),
            `${name}: vega ${laidOut} px, Chromium ${drawn} px`,
          ).toBeLessThanOrEqual(0.15 * drawn);
          // And the title is close to the nearest label: no gap wider than its padding and a little.
          const nearest = left
            ? Math.min(...found.labels.map((l) => l.left)) - found.title.right
            : found.title.left - Math.max(...found.labels.map((l) => l.right));
          expect(nearest, name).toBeLessThanOrEqual(12 + 0.15 * drawn);
        }
      } finally {
        await browser.close();
      }
    },
  );
});
