import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { readVerticalAxis } from "./chart-helpers.ts";
import { FIXTURES, makeProject, read, runCli } from "./helpers.ts";
import { openPrintView } from "./page-helpers.ts";

// A brand whose own font sets the deck's text sets its charts' text too: the charts' process measures
// it from the brand's files (src/render/chart-text-metrics.ts), whatever their format (WOFF, TrueType,
// WOFF2), so vega lays the labels out as wide as Chromium draws them, not at its 0.8-em estimate (League
// Gothic, a condensed face, is less than half that).

const NAMES = ["Netherlands", "Belgium", "Luxembourg", "Germany", "Switzerland", "Denmark"];
const FORMATS = ["woff", "ttf", "woff2"] as const;
type Format = (typeof FORMATS)[number];
const family = (format: Format) => `Brand ${format.toUpperCase()}`;

// The base font is the WOFF2 face (the deck's stack, with the fallbacks after it); the other briefs name
// their family in the spec's own config.
const brief = (format: Format, category: "x" | "y") => `title: Pledges
slides:
  - layout: chart
    title: Pledges
    alt: The pledges by country.
    spec:
      data: { url: pledges.csv }
      mark: bar
${format === "woff2" ? "" : `      config: { font: "${family(format)}" }\n`}      encoding:
        ${category}: { field: country, type: nominal, title: Country }
        ${category === "x" ? "y" : "x"}: { field: troops, type: quantitative, title: Troops }
`;

let project: string;

beforeAll(async () => {
  const briefs = FORMATS.flatMap((format) =>
    (["x", "y"] as const).map((c) => [`briefs/${format}-${c}.yaml`, brief(format, c)]),
  );
  project = makeProject({
    ...Object.fromEntries(briefs),
    "briefs/pledges.csv": `country,troops\n${NAMES.map((n, i) => `${n},${200 + 70 * i}`).join("\n")}\n`,
    "fonts/league-gothic.woff": "fixture:brand/fonts/league-gothic.woff",
  });
  // The same face in the other formats, made by the library subset-font uses (fontverter).
  const fontverter = createRequire(import.meta.url)("fontverter") as {
    convert(font: Buffer, to: string): Promise<Buffer>;
  };
  const woff = readFileSync(join(FIXTURES, "brand", "fonts", "league-gothic.woff"));
  writeFileSync(join(project, "fonts", "league-gothic.ttf"), await fontverter.convert(woff, "sfnt"));
  writeFileSync(join(project, "fonts", "league-gothic.woff2"), await fontverter.convert(woff, "woff2"));
  const fonts = FORMATS.map(
    (format) =>
      `    - family: ${family(format)}\n      source: file\n      files:\n        - { path: fonts/league-gothic.${format}, weight: 400 }`,
  );
  writeFileSync(
    join(project, "_brand.yml"),
    `typography:\n  fonts:\n${fonts.join("\n")}\n  base: ${family("woff2")}\n`,
  );
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
});

const svgOf = (name: string) => {
  const html = read(join(project, `dist/${name}.html`));
  const svg = /<figure class="bd-chart"><svg\b[\s\S]*?<\/svg>/.exec(html)?.[0];
  if (svg === undefined) throw new Error(`${name}: no chart`);
  return svg;
};

describe("a chart's text in the brand's font", () => {
  it.each(FORMATS)("keeps category labels whole and flat where League Gothic fits them (%s)", (format) => {
    const svg = svgOf(`${format}-x`);
    expect(svg).toMatch(new RegExp(`font-family="(&quot;)?${family(format)}`));
    const labels = /<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? "";
    const texts = [...labels.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)];
    expect(texts.map((m) => m[2]).sort(), format).toEqual([...NAMES].sort());
    for (const [, attributes] of texts) expect(attributes, format).not.toMatch(/rotate\((?!0\))/);
  });
});

describe.skipIf(!browserAvailable())("a brand font chart's text widths against Chromium's", () => {
  it.each(FORMATS)(
    "lays the labels' column out as wide as the browser draws it in the brand's font (%s)",
    async (format) => {
      const name = `${format}-y`;
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await openPrintView(page, read(join(project, `dist/${name}.html`)), `${name}.html`);
        // And whether the brand's face is the one drawing the labels.
        const found = await readVerticalAxis(page, family(format));
        await page.close();
        expect(found.loaded, `${name}: the brand's font is loaded`).toBe(true);
        expect(found.widths.length, name).toBe(NAMES.length);
        const drawn = Math.max(...found.widths);
        // The labels' column vega laid out: the room less the tick (5), the label padding (2) and the
        // title padding (12) the config gives.
        const laidOut = found.domain.left - found.title.right - 5 - 2 - 12;
        expect(
          Math.abs(laidOut - drawn),
          `${name}: vega ${laidOut} px, Chromium ${drawn} px`,
        ).toBeLessThanOrEqual(0.15 * drawn);
      } finally {
        await browser.close();
      }
    },
  );
});

describe("a brand font the charts' process cannot read", () => {
  it("leaves its text to vega's estimate, and the chart is drawn", async () => {
    const broken = makeProject({
      "briefs/x.yaml": brief("woff2", "x"),
      "briefs/pledges.csv": `country,troops\n${NAMES.map((n, i) => `${n},${200 + 70 * i}`).join("\n")}\n`,
      "fonts/broken.woff2": "wOF2 but not a font at all",
      "_brand.yml": `typography:\n  fonts:\n    - family: ${family("woff2")}\n      source: file\n      files:\n        - fonts/broken.woff2\n  base: ${family("woff2")}\n`,
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], broken);
    expect(code, stderr).toBe(0);
    const html = read(join(broken, "dist/x.html"));
    expect(html).toMatch(/<figure class="bd-chart"><svg\b/);
    // The estimate (0.8 em a character at 22 px) cuts the longest names at the axis' 180 px.
    expect(html).toContain("…</text>");
  });
});
