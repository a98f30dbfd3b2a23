import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { firstSvg } from "./chart-helpers.ts";
import { makeProject, read, runCli } from "./helpers.ts";
import { openPrintView } from "./page-helpers.ts";

// A chart's category labels (a discrete x axis') lie horizontal when each fits in its band, as office
// suites draw them, and are angled only when they do not (src/render/chart-labels.ts); an angle the
// author set wins.

const SHORT = "country,troops\nSpain,420\nPoland,610\nAustria,180\n";
const LONG_NAMES = [
  "Bosnia and Herzegovina",
  "United Kingdom of Great Britain",
  "North Macedonia (Republic of)",
  "Czech Republic (Czechia)",
  "Federal Republic of Germany",
  "Kingdom of the Netherlands",
  "Grand Duchy of Luxembourg",
  "Principality of Liechtenstein",
  "Republic of Moldova",
  "Kingdom of Denmark",
  "Republic of Slovenia",
  "Hellenic Republic (Greece)",
];
const LONG = `country,troops\n${LONG_NAMES.map((name, i) => `${name},${100 + 40 * i}`).join("\n")}\n`;

// Thirty regions: too many for a slanted label's line to clear the next (upright is tighter).
const DENSE = `country,troops\n${Array.from({ length: 30 }, (_, i) => `Region ${i + 1} of the north,${10 + i}`).join("\n")}\n`;

const brief = (lang: string, data: string, axis = "", config = "") => `title: Pledges
lang: ${lang}
slides:
  - layout: chart
    title: Pledges
    alt: Poland pledges the most troops.
    spec:
      data: { url: ${data} }
      mark: bar
      encoding:
        x: { field: country, type: nominal${axis} }
        y: { field: troops, type: quantitative }
${config}`;

const BRIEFS = {
  en: brief("en", "short.csv"),
  ar: brief("ar", "short.csv"),
  long: brief("en", "long.csv"),
  "long-ar": brief("ar", "long.csv"),
  dense: brief("en", "dense.csv"),
  author: brief("en", "short.csv", ", axis: { labelAngle: -45 }"),
  "author-config": brief("en", "short.csv", "", "      config: { axisX: { labelAngle: -45 } }\n"),
};

let project: string;
const svgOf = (name: string) => firstSvg(read(join(project, `dist/${name}.html`)));

/** The x axis' labels as vega drew them: text, position along the axis, rotation, font size. */
function xLabels(svg: string) {
  const axes = svg.split('<g class="mark-group role-axis"').slice(1);
  const xAxis = axes.find((a) => /role-axis-domain"[^>]*><line[^>]* y2="0"/.test(a)) ?? "";
  const labels = /<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/.exec(xAxis)?.[1] ?? "";
  return [...labels.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const attrs = m[1] ?? "";
    return {
      text: m[2] ?? "",
      x: Number(/translate\((-?[\d.]+),/.exec(attrs)?.[1]),
      rotate: /rotate\((-?[\d.]+)\)/.exec(attrs)?.[1],
      fontSize: Number(/font-size="([\d.]+)px"/.exec(attrs)?.[1]),
    };
  });
}

beforeAll(async () => {
  project = makeProject({
    ...Object.fromEntries(Object.entries(BRIEFS).map(([name, text]) => [`briefs/${name}.yaml`, text])),
    "briefs/short.csv": SHORT,
    "briefs/long.csv": LONG,
    "briefs/dense.csv": DENSE,
  });
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
});

describe("a chart's category labels", () => {
  it("lie horizontal when a few short names fit their bars, left-to-right and right-to-left", () => {
    for (const name of ["en", "ar"]) {
      const labels = xLabels(svgOf(name));
      expect(labels.map((l) => l.text).sort(), name).toEqual(["Austria", "Poland", "Spain"]);
      for (const label of labels) expect(label.rotate ?? "0", `${name}: ${label.text}`).toBe("0");
    }
  });

  it("are angled when many long names do not fit (-45°, else upright when too many), none overlapping the next", () => {
    const angles = { long: 315, "long-ar": 315, dense: 270 };
    for (const [name, angle] of Object.entries(angles)) {
      const labels = xLabels(svgOf(name)).sort((a, b) => a.x - b.x);
      expect(labels).toHaveLength(name === "dense" ? 30 : LONG_NAMES.length);
      for (const [i, label] of labels.entries()) {
        expect((Number(label.rotate) + 360) % 360, `${name}: ${label.text}`).toBe(angle);
        const next = labels[i + 1];
        if (next === undefined) continue;
        // Parallel slanted lines of text: apart by the step times the sine of their angle.
        const apart = (next.x - label.x) * Math.abs(Math.sin((Number(label.rotate) * Math.PI) / 180));
        expect(apart, `${name}: ${label.text} clear of ${next.text}`).toBeGreaterThanOrEqual(label.fontSize);
      }
    }
  });

  it("keep the angle the author set, in the encoding's axis or in the spec's config", () => {
    for (const name of ["author", "author-config"]) {
      const labels = xLabels(svgOf(name));
      expect(labels).toHaveLength(3);
      // -45°, which vega-lite writes as 315° when the encoding sets it.
      for (const label of labels) {
        expect((Number(label.rotate) + 360) % 360, `${name}: ${label.text}`).toBe(315);
      }
    }
  });
});

describe.skipIf(!browserAvailable())("a chart's horizontal category labels in Chromium", () => {
  it("stand each under its own bar, within the bar's width, below the axis", async () => {
    const browser = await launchChromium();
    try {
      for (const name of ["en", "ar"]) {
        const page = await browser.newPage();
        await openPrintView(page, read(join(project, `dist/${name}.html`)), `${name}.html`);
        const found = await page.evaluate(() => {
          const svg = document.querySelector(".bd-chart svg") as SVGSVGElement;
          const box = (e: Element) => {
            const { left, right, top, bottom } = e.getBoundingClientRect();
            return { left, right, top, bottom };
          };
          const xAxis = [...svg.querySelectorAll(".role-axis")].find((a) => {
            const line = a.querySelector(".role-axis-domain line")?.getBoundingClientRect();
            return line !== undefined && line.width > line.height;
          }) as Element;
          return {
            domain: box(xAxis.querySelector(".role-axis-domain line") as Element),
            labels: [...xAxis.querySelectorAll(".role-axis-label text")].map(box),
            bars: [...svg.querySelectorAll(".role-mark path")].map(box),
          };
        });
        await page.close();
        expect(found.labels, name).toHaveLength(3);
        expect(found.bars, name).toHaveLength(3);
        for (const label of found.labels) {
          const bar = found.bars.find((b) => b.left <= label.left && label.right <= b.right);
          expect(bar, `${name}: a label within a bar's width`).toBeDefined();
          expect(label.top).toBeGreaterThanOrEqual(found.domain.bottom);
          // Horizontal: one line high (a label stood on end is taller than it is wide).
          expect(label.right - label.left).toBeGreaterThan(label.bottom - label.top);
        }
      }
    } finally {
      await browser.close();
    }
  });
});

describe("the decision to draw a chart again with angled labels", () => {
  // Drawn with vega and vega-lite themselves, as the charts' engine draws (src/render/chart-engine.ts).
  async function decide(x: object, width = 800): Promise<object | undefined> {
    const { parse, View } = await import("vega");
    const { compile } = await import("vega-lite");
    const { angledLabelsConfig, horizontalLabelsConfig } = await import("../src/render/chart-labels.ts");
    const spec = {
      data: {
        values: [0, 1, 2, 3].map((i) => ({ at: `202${i}-01-01`, country: `Country ${i}`, troops: i })),
      },
      mark: "line",
      width,
      encoding: { x, y: { field: "troops", type: "quantitative" } },
    };
    const config = horizontalLabelsConfig(spec, {}) ?? {};
    const compiled = compile(spec as never, { config: config as never }).spec;
    const view = new View(parse(compiled), { renderer: "none" });
    await view.runAsync();
    try {
      return angledLabelsConfig(view, compiled, config);
    } finally {
      view.finalize();
    }
  }

  it("leaves a time axis alone: its labels are no category's, and the chart is drawn once", async () => {
    expect(await decide({ field: "at", type: "temporal" })).toBeUndefined();
  });

  it("still angles categories too wide for their bands, and leaves those that fit", async () => {
    const countries = { field: "country", type: "nominal" };
    const angled = (await decide(countries, 100)) as { axisXDiscrete?: { labelAngle?: number } } | undefined;
    expect([-45, 270]).toContain(angled?.axisXDiscrete?.labelAngle);
    expect(await decide(countries)).toBeUndefined();
  });
});
