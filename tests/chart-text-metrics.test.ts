import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { firstSvg, readVerticalAxis } from "./chart-helpers.ts";
import { makeProject, read, runCli } from "./helpers.ts";
import { openPrintView } from "./page-helpers.ts";

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
const svgOf = (name: string) => firstSvg(read(join(project, `dist/${name}.html`)));

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
          await openPrintView(page, read(join(project, `dist/${name}.html`)), `${name}.html`);
          const found = await readVerticalAxis(page);
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
