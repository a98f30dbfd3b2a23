import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { copyPackage } from "./cli-helpers.ts";
import { brief, EVERY_LAYOUT, makeProject, ROOT, read, runCli } from "./helpers.ts";

// Charts: a `chart` slide and a ```vega-lite block, rendered to SVG at build time (src/render/chart.ts).

const CSV = "country,troops\nAustria,180\nPoland,610\n";
const CHART_SLIDE = (spec: string, extra = "") => `  - layout: chart
    title: Pledges
    alt: Poland pledges more troops than Austria.
${extra}    spec:
${spec}`;
const GOOD_SPEC = `      data: { url: pledges.csv }
      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
`;

/** Runs `check --no-browser` on one brief (with pledges.csv beside it): exit code and stderr. */
async function check(yaml: string) {
  const project = makeProject({ "briefs/b.yaml": yaml, "briefs/pledges.csv": CSV });
  const { code, stderr } = await runCli(["check", "--no-browser"], project);
  return { code, stderr };
}

/** The first SVG of a deck. */
function firstSvg(html: string): string {
  const svg = /<svg\b[\s\S]*?<\/svg>/.exec(html.slice(html.indexOf('class="bd-chart"')))?.[0];
  if (svg === undefined) throw new Error("no chart in the deck");
  return svg;
}

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

describe("chart problems are positioned diagnostics", () => {
  it("an unknown mark, at the mark, with a suggestion", async () => {
    const { code, stderr } = await check(brief(CHART_SLIDE(GOOD_SPEC.replace("mark: bar", "mark: barr"))));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^briefs\/b\.yaml:11:7 error chart-spec-invalid {2}"barr" is not a Vega-Lite mark$/m,
    );
    expect(stderr).toContain('hint: did you mean "bar"?');
  });

  it("a missing data file, at its url", async () => {
    const { code, stderr } = await check(brief(CHART_SLIDE(GOOD_SPEC.replace("pledges.csv", "missing.csv"))));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^briefs\/b\.yaml:10:15 error chart-data-not-found {2}chart data "missing.csv" does not exist$/m,
    );
    expect(stderr).toMatch(/hint: looked for .*briefs\/missing\.csv/);
  });

  it("a folder named as the data file cannot be read, at its url, and is not called missing", async () => {
    const project = makeProject({
      "briefs/b.yaml": brief(CHART_SLIDE(GOOD_SPEC.replace("pledges.csv", "folder.csv"))),
      "briefs/folder.csv/inside.txt": "not data",
    });
    const { code, stderr } = await runCli(["check", "--no-browser"], project);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^briefs\/b\.yaml:10:15 error chart-data-invalid {2}chart data "folder.csv" cannot be read/m,
    );
    expect(stderr).toContain("hint: name a regular CSV or JSON file");
  });

  it("a field the CSV does not have, at the field, naming the fields it has", async () => {
    const { code, stderr } = await check(
      brief(CHART_SLIDE(GOOD_SPEC.replace("field: troops", "field: soldiers"))),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^briefs\/b\.yaml:14:14 error chart-data-invalid {2}encoding\.y names the field "soldiers", which "pledges.csv" does not have$/m,
    );
    expect(stderr).toContain("hint: its fields are: country, troops");
  });

  it("data from the network or outside the project is refused", async () => {
    const remote = await check(
      brief(CHART_SLIDE(GOOD_SPEC.replace("pledges.csv", "https://example.org/x.csv"))),
    );
    expect(remote.stderr).toMatch(/^briefs\/b\.yaml:10:15 error chart-data-outside-project /m);
    const outside = await check(
      brief(CHART_SLIDE(GOOD_SPEC.replace("pledges.csv", "../../../etc/passwd.csv"))),
    );
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^briefs\/b\.yaml:10:15 error chart-data-/m);
  });

  it("a block without alt, and a block whose YAML is broken, inside the body", async () => {
    const { code, stderr } = await check(
      brief(`  - layout: text
    title: Pledges
    body: |
      \`\`\`vega-lite
      mark: bar
      \`\`\`

      \`\`\`vega-lite
      alt: broken
      mark: [bar
      \`\`\`
`),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^briefs\/b\.yaml:9:7 error chart-no-alt {2}the chart has no text alternative$/m);
    expect(stderr).toMatch(
      /^briefs\/b\.yaml:15:\d+ error chart-spec-invalid {2}the chart's spec is not valid YAML/m,
    );
  });

  it("a chart slide without any title", async () => {
    const { stderr } = await check(brief(CHART_SLIDE(GOOD_SPEC).replace("    title: Pledges\n", "")));
    expect(stderr).toMatch(/^briefs\/b\.yaml:\d+:\d+ error chart-untitled {2}the chart slide has no title$/m);
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
    const first = await zip.file("ppt/slides/slide1.xml")?.async("string");
    expect(first).toMatch(/<p:graphicFrame>[\s\S]*descr="Poland pledges more troops than Austria\."/);
    const second = await zip.file("ppt/slides/slide2.xml")?.async("string");
    expect(second).toMatch(/<p:pic>[\s\S]*descr="Only Poland pledges over 200 troops than Austria\."/);
    expect(Object.keys(zip.files).some((f) => /^ppt\/media\/.*\.svg$/.test(f))).toBe(true);
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

const BIN_PATH = join(ROOT, "bin/briefdeck.cjs");

describe("the charts' engine runs in a process of its own, started only by a brief with a chart", () => {
  const build = (bin: string, project: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, "build", "--no-pdf"], {
      cwd: project,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
  const charted = () =>
    makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(GOOD_SPEC)), "briefs/pledges.csv": CSV });

  it("the command line never requires lib/chart.cjs itself, and the chart is drawn", () => {
    const project = charted();
    const run = build(join(ROOT, "bin/briefdeck.cjs"), project, { NODE_DEBUG: "module" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("chart.cjs");
    expect(firstSvg(read(join(project, "dist/b.html")))).toContain("Poland");
    // vega is in its own bundle, not in the command line's.
    expect(readFileSync(join(ROOT, "lib/briefdeck.cjs"), "utf8")).not.toContain(
      "Make sure the specification includes",
    );
  });

  it("without the charts' process, a brief without a chart builds, and one with a chart is one line, exit 3", () => {
    const pkg = copyPackage();
    rmSync(join(pkg, "lib/chart.cjs"));
    const bin = join(pkg, "bin/briefdeck.cjs");
    const plain = build(
      bin,
      makeProject({ "briefs/b.yaml": brief("  - layout: text\n    title: Plain\n    body: No chart.\n") }),
    );
    expect(plain.status, plain.stderr).toBe(0);
    const run = build(bin, charted());
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toMatch(
      /^briefdeck: the charts' process \(\S+chart\.cjs\) cannot start \([^\n]*Cannot find module[^\n]*\); [^\n]+\n$/,
    );
  });

  it("with too few file descriptors to start it, a brief with a chart is one line naming EMFILE, exit 3", () => {
    const limited = (limit: number, project: string) =>
      spawnSync(
        "sh",
        ["-c", `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, BIN_PATH, "build", "--no-pdf"],
        {
          cwd: project,
          encoding: "utf8",
        },
      );
    const plain = makeProject({
      "briefs/b.yaml": brief("  - layout: text\n    title: Plain\n    body: No chart.\n"),
    });
    // The fewest descriptors a brief without a chart builds with; a chart's process needs a few more.
    let limit = 12;
    while (limited(limit, plain).status !== 0 && limit < 64) limit++;
    const refused: string[] = [];
    for (; limit < 64; limit++) {
      const run = limited(limit, charted());
      if (run.status === 0) break;
      expect(run.status, run.stderr).toBe(3);
      expect(run.stderr).toMatch(
        /^briefdeck: the charts' process \(\S+\) cannot start \(spawn \S+ EMFILE\); too many open files[^\n]*\n$/,
      );
      refused.push(run.stderr);
    }
    expect(refused.length).toBeGreaterThan(0);
  });

  it("the engine runs with a code cache it writes after its first charts; a corrupt one is rejected", () => {
    const pkg = copyPackage();
    const bin = join(pkg, "bin/briefdeck.cjs");
    const env = { XDG_CACHE_HOME: join(pkg, "user-cache") };
    const first = charted();
    expect(build(bin, first, env).status).toBe(0);
    const engineBuild = /^\/\/ chart-engine build ([0-9a-f]+)/.exec(
      read(join(pkg, "lib/chart-engine.cjs")),
    )?.[1];
    const name = `chart-engine.${engineBuild}.${process.version}.cache`;
    expect(readdirSync(join(pkg, "lib"))).toContain(name);
    writeFileSync(join(pkg, "lib", name), "not a code cache");
    const second = charted();
    const run = build(bin, second, env);
    expect(run.status, run.stderr).toBe(0);
    expect(firstSvg(read(join(second, "dist/b.html")))).toBe(firstSvg(read(join(first, "dist/b.html"))));
    expect(readFileSync(join(pkg, "lib", name), "utf8")).not.toBe("not a code cache");
  });
});

/** The PowerPoint built from a project's briefs/b.yaml, and the XML of its one native chart. */
async function oneNativeChart(project: string) {
  const zip = await JSZip.loadAsync(readFileSync(join(project, "dist/b.pptx")));
  const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
  expect(charts).toHaveLength(1);
  return { zip, chart: await zip.file(charts[0] as string)?.async("string") };
}
