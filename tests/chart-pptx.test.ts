import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { CHART_SLIDE, CSV, GOOD_SPEC } from "./chart-helpers.ts";
import { brief, makeProject, runCli } from "./helpers.ts";

describe("charts in the PowerPoint", () => {
  it("a simple spec is a native chart with its data; another is the SVG as a picture, each with its alt", async () => {
    const layered = `      data: { url: pledges.csv }
      transform: [{ filter: "datum.troops > 200" }]
      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
`;
    const slides = `${CHART_SLIDE(GOOD_SPEC)}${CHART_SLIDE(layered).replace("Poland pledges more", "Only Poland pledges over 200")}`;
    const project = makeProject({ "briefs/b.yaml": brief(slides), "briefs/pledges.csv": CSV });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const { zip, chart } = await oneNativeChart(project);
    expect(chart).toContain("<c:barChart>");
    for (const value of ["Austria", "Poland", "180", "610"]) expect(chart).toContain(`<c:v>${value}</c:v>`);
    // As vega drew it in the deck: bars with a tenth of a step between them (gap 11% of a bar), the
    // value axis over the nice domain 0–650 with a tick every 100.
    expect(chart).toContain('<c:gapWidth val="11"/>');
    expect(chart).toMatch(/<c:max val="650"\/>\s*<c:min val="0"\/>/);
    expect(chart).toContain('<c:majorUnit val="100"/>');
    // Its numbers grouped, as vega writes the deck's, not PowerPoint's General (30000).
    expect(/<c:valAx>[\s\S]*?<c:numFmt formatCode="([^"]*)"/.exec(chart ?? "")?.[1]).toBe("#,##0");
    const first = await zip.file("ppt/slides/slide1.xml")?.async("string");
    expect(first).toMatch(/<p:graphicFrame>[\s\S]*descr="Poland pledges more troops than Austria\."/);
    const second = await zip.file("ppt/slides/slide2.xml")?.async("string");
    expect(second).toMatch(/<p:pic>[\s\S]*descr="Only Poland pledges over 200 troops than Austria\."/);
    expect(Object.keys(zip.files).some((f) => /^ppt\/media\/.*\.svg$/.test(f))).toBe(true);
  });
});

describe("a native chart's categories", () => {
  it("run in the order the deck's chart shows them: vega's sorted domain, top to bottom for lying bars", async () => {
    const data = "country,troops\nSpain,8000\nPoland,30000\nAustria,5000\n";
    const spec = (x: string, y: string) => `      data: { url: pledges.csv }
      mark: bar
      encoding:
        x: ${x}
        y: ${y}
`;
    const nominal = "{ field: country, type: nominal }";
    const count = "{ field: troops, type: quantitative }";
    const cases = [
      [spec(nominal, count), ["Austria", "Poland", "Spain"]],
      [spec("{ field: country, type: nominal, sort: -y }", count), ["Poland", "Spain", "Austria"]],
      // PowerPoint draws a lying bar chart's first category at the bottom: Austria ends at the top.
      [spec(count, nominal), ["Spain", "Poland", "Austria"]],
    ] as const;
    for (const [chart, order] of cases) {
      const project = makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(chart)), "briefs/pledges.csv": data });
      const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
      expect(code, stderr).toBe(0);
      const { chart: xml } = await oneNativeChart(project);
      const categories = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(xml ?? "")?.[1] ?? "";
      expect(
        [...categories.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]),
        chart,
      ).toEqual(order);
      // The value axis labelled as the deck's: a few steps (vega hides the labels that would overlap),
      // not a label at every grid line, which PowerPoint would turn on their side.
      const max = Number(/<c:max val="([^"]+)"/.exec(xml ?? "")?.[1]);
      const unit = Number(/<c:majorUnit val="([^"]+)"/.exec(xml ?? "")?.[1]);
      expect(max / unit, chart).toBeLessThanOrEqual(8);
    }
  });
});

describe("a chart whose series miss values", () => {
  it("goes in as the deck's picture, not a native chart that draws the missing values as zeros", async () => {
    const months =
      "month,troops,side\n2024-01-01,12500,north\n2024-02-01,30000,north\n2024-03-01,5000,north\n2024-02-01,8000,south\n2024-03-01,9000,south\n";
    const spec = `      data: { url: months.csv }
      mark: line
      encoding:
        x: { field: month, type: temporal }
        y: { field: troops, type: quantitative }
        color: { field: side, type: nominal }
`;
    const whole = months.replace("2024-02-01,8000,south", "2024-01-01,7000,south\n2024-02-01,8000,south");
    for (const [data, native] of [
      [months, false],
      [whole, true],
    ] as const) {
      const project = makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(spec)), "briefs/months.csv": data });
      const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
      expect(code, stderr).toBe(0);
      const zip = await JSZip.loadAsync(readFileSync(join(project, "dist/b.pptx")));
      const slide = await zip.file("ppt/slides/slide1.xml")?.async("string");
      expect(slide?.includes("<p:graphicFrame>"), data).toBe(native);
      expect(slide?.includes("<p:pic>"), data).toBe(!native);
    }
  });
});

describe("```vega-lite blocks of text bodies in the PowerPoint", () => {
  it("a simple block is a native chart after the text before it; another is its SVG as a picture; each with its alt", async () => {
    const block = (alt: string, extra = "") => `      \`\`\`vega-lite
      alt: ${alt}
      data: { url: pledges.csv }
${extra}      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
      \`\`\`
`;
    const slides = `  - layout: text
    title: Pledges
    body: |
      Pledges so far:

${block("Poland pledges more troops than Austria.")}
      After the chart.
  - layout: text
    title: Large pledges
    body: |
${block("Only Poland pledges over 200 troops.", '      transform: [{ filter: "datum.troops > 200" }]\n')}`;
    const project = makeProject({ "briefs/b.yaml": brief(slides), "briefs/pledges.csv": CSV });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const { zip, chart } = await oneNativeChart(project);
    for (const value of ["Austria", "Poland", "180", "610"]) expect(chart).toContain(`<c:v>${value}</c:v>`);
    const first = (await zip.file("ppt/slides/slide1.xml")?.async("string")) ?? "";
    expect(first).toMatch(/<p:graphicFrame>[\s\S]*descr="Poland pledges more troops than Austria\."/);
    // The text before the chart, the chart, then the text after it, top to bottom.
    const top = (pattern: RegExp) =>
      Number(new RegExp(`${pattern.source}[\\s\\S]*?<a:off x="\\d+" y="(\\d+)"`).exec(first)?.[1]);
    const before = top(/name="Body"(?=[\s\S]*?Pledges so far)/);
    const graphic = top(/<p:graphicFrame>/);
    expect(before).toBeLessThan(graphic);
    expect(first.indexOf("After the chart.")).toBeGreaterThan(first.indexOf("<p:graphicFrame>"));
    const second = (await zip.file("ppt/slides/slide2.xml")?.async("string")) ?? "";
    expect(second).toMatch(/<p:pic>[\s\S]*descr="Only Poland pledges over 200 troops\."/);
    expect(second).not.toContain("vega-lite");
  });
});

/** The PowerPoint built from a project's briefs/b.yaml, and the XML of its one native chart. */
async function oneNativeChart(project: string) {
  const zip = await JSZip.loadAsync(readFileSync(join(project, "dist/b.pptx")));
  const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
  expect(charts).toHaveLength(1);
  return { zip, chart: await zip.file(charts[0] as string)?.async("string") };
}
