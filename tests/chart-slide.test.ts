import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { CHART_SLIDE, CSV, firstSvg, GOOD_SPEC } from "./chart-helpers.ts";
import { brief, EVERY_LAYOUT, makeProject, read, runCli } from "./helpers.ts";

// Charts: a `chart` slide and a ```vega-lite block, rendered to SVG at build time (src/render/chart.ts).

describe("a chart slide", () => {
  it("is inline SVG named by its alt, with no script and no external reference", async () => {
    const project = makeProject({
      "briefs/b.yaml": brief(CHART_SLIDE(GOOD_SPEC)),
      "briefs/pledges.csv": CSV,
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const deck = read(join(project, "dist/b.html"));
    const svg = firstSvg(deck);
    expect(svg).toContain('role="img" aria-label="Poland pledges more troops than Austria."');
    expect(svg).toContain("<title>Poland pledges more troops than Austria.</title>");
    expect(svg).not.toMatch(/<script|<image|<foreignObject|\bhref=|\bsrc=|url\((?!#)|@import/i);
    // The only URLs are XML namespaces; fonts are named by family.
    expect(svg.match(/https?:\/\/[^"]+/g) ?? []).toEqual([
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/1999/xlink",
    ]);
    expect(svg).toContain("Austria");
    expect(svg).toMatch(/font-family="[^"]*Source Sans 3/);
    // The deck's type scale: no chart text under 22 px on the 1280×720 canvas.
    const sizes = [...svg.matchAll(/font-size="(\d+(?:\.\d+)?)px"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(22);
  });

  it("takes the spec's title when the slide has none", async () => {
    const untitled = brief(`  - layout: chart
    alt: A bar chart.
    spec:
      title: From the spec
${GOOD_SPEC}`);
    const project = makeProject({ "briefs/b.yaml": untitled, "briefs/pledges.csv": CSV });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    expect(read(join(project, "dist/b.html"))).toMatch(/<h2 class="bd-heading">From the spec<\/h2>/);
  });

  it("a ```vega-lite block in a text body renders the same way, its alt given in the block", async () => {
    const text = brief(`  - layout: text
    title: Pledges
    body: |
      Pledges so far:

      \`\`\`vega-lite
      alt: Poland pledges more troops than Austria.
      data: { url: pledges.csv }
      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
      \`\`\`
`);
    const project = makeProject({ "briefs/b.yaml": text, "briefs/pledges.csv": CSV });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const deck = read(join(project, "dist/b.html"));
    expect(deck).toMatch(/<div class="bd-body"><p>Pledges so far:<\/p>\s*<figure class="bd-chart"><svg/);
    expect(firstSvg(deck)).toContain('aria-label="Poland pledges more troops than Austria."');
    expect(deck).not.toContain("language-vega-lite");
  });
});

describe.runIf(browserAvailable())("charts in the PDFs", () => {
  it("axis labels are text in the deck's PDF; the alt is printed in the handout", async () => {
    const project = makeProject(EVERY_LAYOUT);
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    const text = (file: string) =>
      execFileSync("pdftotext", ["-layout", join(project, "dist", file), "-"], { encoding: "utf8" });
    const deck = text("every-layout.pdf");
    for (const label of ["Austria", "Finland", "Ireland", "Poland", "Troops pledged", "600"])
      expect(deck).toContain(label);
    const handout = text("every-layout.handout.pdf").replace(/\s+/g, " ");
    expect(handout).toMatch(/chart description/i);
    expect(handout).toContain(
      "Poland pledges the most (610), then Ireland (420), Finland (350) and Austria (180).",
    );
  });
});
