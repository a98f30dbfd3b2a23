import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { CSV, chartBrief, chartSlide, dataSpec } from "./chart-helpers.ts";
import { makeProject, read, runCli } from "./helpers.ts";
import { openPrintView } from "./page-helpers.ts";

// A right-to-left brief's charts are mirrored as an office suite mirrors a right-to-left document's: the
// first category and the earliest date at the right, the y axis on the right, the legend on the left
// (src/render/chart-config.ts). Its text is not mirrored, and stays readable.

const MONTHS = "month,troops,side\n2024-01-01,12500,north\n2025-06-01,30000,north\n2026-12-01,5000,north\n";
const SIDES = `${MONTHS}2024-01-01,8000,south\n2025-06-01,15000,south\n2026-12-01,22000,south\n`;

const temporal = "{ field: month, type: temporal }";
const troops = "{ field: troops, type: quantitative }";
/** A brief of three charts: bars by country (its y channel extended by `barY`), a line, a line per side. */
const briefIn = (lang: string, barY = "") =>
  chartBrief(
    lang,
    chartSlide(
      "Pledges",
      "Poland pledges more troops than Austria.",
      dataSpec("pledges.csv", "bar", {
        x: "{ field: country, type: nominal }",
        y: `{ field: troops, type: quantitative${barY} }`,
      }),
    ),
    chartSlide(
      "Over time",
      "Pledges rose, then fell.",
      dataSpec("months.csv", "line", { x: temporal, y: troops }),
    ),
    chartSlide(
      "By side",
      "The south's pledges rose.",
      dataSpec("sides.csv", "line", { x: temporal, y: troops, color: "{ field: side, type: nominal }" }),
    ),
  );

/** Builds the briefs (name: source) and answers each deck's chart SVGs, in slide order. */
async function buildCharts(briefs: Record<string, string>): Promise<Map<string, string[]>> {
  const files = Object.fromEntries(
    Object.entries(briefs).map(([name, text]) => [`briefs/${name}.yaml`, text]),
  );
  const project = makeProject({
    ...files,
    "briefs/pledges.csv": CSV,
    "briefs/months.csv": MONTHS,
    "briefs/sides.csv": SIDES,
  });
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
  return new Map(
    Object.keys(briefs).map((name) => {
      const html = read(join(project, `dist/${name}.html`));
      return [name, [...html.matchAll(/<figure class="bd-chart"><svg\b[\s\S]*?<\/svg>/g)].map((m) => m[0])];
    }),
  );
}

/** Where vega drew a chart's parts, read off its SVG: x positions in the plot, and the plot's width. */
function geometry(svg: string) {
  const width = Number(/<path class="background" aria-hidden="true" d="M0,0h([\d.]+)v/.exec(svg)?.[1]);
  // The bars' left edges, in data order (Austria, Poland).
  const bars = [
    ...(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? "").matchAll(
      /<path[^>]* d="M(-?[\d.]+),/g,
    ),
  ].map((m) => Number(m[1]));
  // The line's points, as drawn (vega draws a line from its leftmost point, whatever the dates).
  const line = /<g class="mark-line role-mark[^"]*"[^>]*><path[^>]* d="([^"]*)"/.exec(svg)?.[1] ?? "";
  const points = [...line.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
  // The y axis: the axis group whose domain line is upright (x2="0"), at its offset in the plot.
  const axes = svg.split('<g class="mark-group role-axis"').slice(1);
  const yAxis = axes.find((a) => /role-axis-domain"[^>]*><line[^>]* x2="0"/.test(a));
  const yAxisAt = Number(/transform="translate\((-?[\d.]+),/.exec(yAxis ?? "")?.[1]);
  const legend = svg.split('<g class="mark-group role-legend"')[1];
  const legendAt = legend === undefined ? undefined : Number(/translate\((-?[\d.]+),/.exec(legend)?.[1]);
  return { width, bars, points, yAxisAt, legendAt };
}

describe("charts in a right-to-left brief", () => {
  it("run from the right: first category and earliest date at the right, y axis on the right, legend on the left", async () => {
    const charts = await buildCharts({ ar: briefIn("ar"), he: briefIn("he") });
    for (const lang of ["ar", "he"]) {
      const [bar, line, sides] = (charts.get(lang) ?? []).map(geometry);
      if (bar === undefined || line === undefined || sides === undefined)
        throw new Error(`${lang}: 3 charts`);
      const [austria = 0, poland = 0] = bar.bars;
      expect(austria, `${lang}: Austria's bar right of Poland's`).toBeGreaterThan(poland);
      expect(bar.yAxisAt, `${lang}: the y axis at the plot's right`).toBeGreaterThan(bar.width / 2);
      expect(line.points).toHaveLength(3);
      // January 2024 (12,500 troops) at the right, December 2026 (5,000, drawn lower) at the left.
      const [left, , right] = line.points;
      expect(right?.y, `${lang}: the earliest date at the right`).toBeLessThan(left?.y ?? 0);
      expect(line.yAxisAt).toBeGreaterThan(line.width / 2);
      // The legend left of the plot (at a negative offset), where a left-to-right chart has it right.
      expect(sides.legendAt).toBeLessThan(0);
    }
  });

  it("leave a left-to-right brief's charts as they were: first category at the left, y axis left, legend right", async () => {
    const charts = await buildCharts({ en: briefIn("en") });
    const [bar, line, sides] = (charts.get("en") ?? []).map(geometry);
    if (bar === undefined || line === undefined || sides === undefined) throw new Error("3 charts");
    const [austria = 0, poland = 0] = bar.bars;
    expect(austria).toBeLessThan(poland);
    expect(bar.yAxisAt).toBeLessThan(bar.width / 2);
    const [left, , right] = line.points;
    expect(left?.y).toBeLessThan(right?.y ?? 0);
    expect(sides.legendAt).toBeGreaterThan(sides.width);
    expect(charts.get("en")?.[0]).not.toContain("direction=");
  });

  it("keep what the author set: the y axis at the left (orient), categories from the left (scale.reverse)", async () => {
    const charts = await buildCharts({
      orient: briefIn("ar", ", axis: { orient: left }"),
      kept: briefIn("ar").replace(
        "x: { field: country, type: nominal }",
        "x: { field: country, type: nominal, scale: { reverse: false } }",
      ),
    });
    const oriented = geometry(charts.get("orient")?.[0] ?? "");
    expect(oriented.yAxisAt).toBeLessThan(oriented.width / 2);
    // The rest is still mirrored: Austria's bar right of Poland's.
    expect(oriented.bars[0]).toBeGreaterThan(oriented.bars[1] ?? 0);
    const kept = geometry(charts.get("kept")?.[0] ?? "");
    expect(kept.bars[0]).toBeLessThan(kept.bars[1] ?? 0);
  });
});

describe("a right-to-left brief's native charts in the PowerPoint", () => {
  it("run their horizontal axis from the right, as the deck's do; a left-to-right brief's from the left", async () => {
    const sideways = chartSlide(
      "Sideways",
      "Poland pledges more troops than Austria.",
      dataSpec("pledges.csv", "bar", { y: "{ field: country, type: nominal }", x: troops }),
    );
    const project = makeProject({
      "briefs/ar.yaml": briefIn("ar") + sideways,
      "briefs/en.yaml": briefIn("en") + sideways,
      "briefs/pledges.csv": CSV,
      "briefs/months.csv": MONTHS,
      "briefs/sides.csv": SIDES,
    });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
    expect(code, stderr).toBe(0);
    /** Each native chart's axes' orientation: the category (or a scatter's x) axis', then the values'. */
    const orientations = async (name: string) => {
      const zip = await JSZip.loadAsync(readFileSync(join(project, `dist/${name}.pptx`)));
      const files = Object.keys(zip.files)
        .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
        .sort();
      return Promise.all(
        files.map(async (file) => {
          const xml = (await zip.file(file)?.async("string")) ?? "";
          const of = (axis: string) =>
            new RegExp(`<c:${axis}>[\\s\\S]*?<c:orientation val="(\\w+)"`).exec(xml)?.[1];
          return [of("catAx"), of("valAx")];
        }),
      );
    };
    // Bars and lines: the categories (dates) from the right, and the value axis, crossing the first, at
    // the right. Lying bars: their values from the right, the categories' axis, at zero, at the right.
    expect(await orientations("ar")).toEqual([
      ["maxMin", "minMax"],
      ["maxMin", "minMax"],
      ["maxMin", "minMax"],
      ["minMax", "maxMin"],
    ]);
    expect(await orientations("en")).toEqual(Array(4).fill(["minMax", "minMax"]));
  });
});

describe.skipIf(!browserAvailable())("a right-to-left brief's chart in Chromium", () => {
  it("draws its labels beside the axes, not across them (the page's direction does not flip their anchors)", async () => {
    const project = makeProject({
      "briefs/ar.yaml": briefIn("ar"),
      "briefs/pledges.csv": CSV,
      "briefs/months.csv": MONTHS,
      "briefs/sides.csv": SIDES,
    });
    const built = await runCli(["build", "--no-pdf"], project);
    expect(built.code, built.stderr).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await openPrintView(page, read(join(project, "dist/ar.html")), "ar.html");
      const boxes = await page.evaluate(() => {
        const svg = document.querySelector(".bd-chart svg") as SVGSVGElement;
        const axes = [...svg.querySelectorAll(".role-axis")];
        const rect = (e: Element) => {
          const { left, right, top, bottom } = e.getBoundingClientRect();
          return { left, right, top, bottom };
        };
        const axis = (upright: boolean) => {
          const found = axes.find((a) => {
            const domain = a.querySelector(".role-axis-domain line")?.getBoundingClientRect();
            return domain !== undefined && domain.height > domain.width === upright;
          }) as Element;
          return {
            domain: rect(found.querySelector(".role-axis-domain line") as Element),
            labels: [...found.querySelectorAll(".role-axis-label text")].map(rect),
          };
        };
        return { y: axis(true), x: axis(false) };
      });
      expect(boxes.y.labels.length).toBeGreaterThan(2);
      // The y axis stands at the right: its labels right of its line, none across it.
      for (const label of boxes.y.labels) expect(label.left).toBeGreaterThanOrEqual(boxes.y.domain.right);
      // The categories' names under the x axis, none reaching up into the bars.
      for (const label of boxes.x.labels) expect(label.top).toBeGreaterThanOrEqual(boxes.x.domain.bottom);
    } finally {
      await browser.close();
    }
  });
});
