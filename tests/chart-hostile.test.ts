import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, makeProject, read, runCli } from "./helpers.ts";

// Charts against careless and hostile specs and data (src/render/chart*.ts): each problem a positioned
// diagnostic, never a crash, a stack trace or a deck too big to open.

const CHART = (spec: string) => `  - layout: chart
    title: Points
    alt: Many points.
    spec:
${spec}`;

async function check(files: Record<string, string>) {
  const { code, stderr } = await runCli(["check", "--no-browser"], makeProject(files));
  return { code, stderr };
}

/** 6,000 rows of two columns: more points than a slide can show. */
const POINTS = `a,b\n${Array.from({ length: 6000 }, (_, i) => `${i},${i % 7}`).join("\n")}\n`;

describe("a chart's size is capped", () => {
  it("a scatter of more marks than a slide shows is an error at the spec, with a hint to aggregate", async () => {
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(
        CHART(`      data: { url: points.csv }
      mark: point
      encoding:
        x: { field: a, type: quantitative }
        y: { field: b, type: quantitative }
`),
      ),
      "briefs/points.csv": POINTS,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /b\.yaml:9:5 error chart-spec-invalid {2}the chart would draw \d+ marks, more than/,
    );
    expect(stderr).toContain("hint: aggregate the data");
  });

  it("the same rows aggregated into bars draw", async () => {
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(
        CHART(`      data: { url: points.csv }
      mark: bar
      encoding:
        x: { field: b, type: ordinal }
        y: { aggregate: count, type: quantitative }
`),
      ),
      "briefs/points.csv": POINTS,
    });
    expect(stderr).not.toMatch(/ error /);
    expect(code).toBe(0);
  });
});

describe("numbers that make vega generate rows, bins or ticks are bounded, at their key", () => {
  const SPEC = (line: string) => `      data: { values: [{ a: 1, width: 5000 }, { a: 2, width: 9000 }] }
      mark: bar
      ${line}
      encoding:
        x: { field: a, type: quantitative }
`;
  it.each([
    ["data: { sequence: { start: 0, stop: 100000000, as: s } }", "sequence generates 100000000 values"],
    ["transform: [{ density: a, steps: 100000000 }]", "steps is 100000000, more than 10000"],
    ["width: 100000", "width is 100000, more than 1280 px"],
  ])("%s (a crash or a hang before)", async (line, message) => {
    const spec = line.startsWith("data:") ? SPEC("").replace(/ {6}data: .*/, `      ${line}`) : SPEC(line);
    const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(spec)) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/b\.yaml:1[02]:\d+ error chart-spec-invalid/);
    expect(stderr).toContain(message);
  });

  it("deep in an encoding: a bin's extent and step, an axis's tickCount, an impute's keyvals", async () => {
    for (const [encoding, message] of [
      ["bin: { extent: [0, 1000000000], step: 1 }", "bin generates 1000000000 values"],
      ["axis: { tickCount: 100000000 }", "tickCount is 100000000"],
      ["impute: { keyvals: { start: 0, stop: 100000000 } }", "keyvals generates 100000000 values"],
    ] as const) {
      const spec = `      data: { values: [{ a: 1 }] }
      mark: bar
      encoding:
        x: { field: a, type: quantitative, ${encoding} }
`;
      const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(spec)) });
      expect(code).toBe(1);
      expect(stderr).toMatch(/b\.yaml:13:\d+ error chart-spec-invalid/);
      expect(stderr).toContain(message);
    }
  });

  it("a row's field named width is data, not the chart's size", async () => {
    const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(SPEC(""))) });
    expect(stderr).not.toMatch(/ error /);
    expect(code).toBe(0);
  });

  it("in a ```vega-lite block, at the key's own line and column", async () => {
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(`  - layout: text
    title: Block
    body: |
      Before

      \`\`\`vega-lite
      alt: A chart.
      width: 30000
      data: { values: [{ a: 1 }] }
      mark: bar
      \`\`\`
`),
    });
    expect(code).toBe(1);
    expect(stderr).toContain("b.yaml:13:7 error chart-spec-invalid  width is 30000");
  });
});

describe("a chart may not link, load images or read data from anywhere but its own file", () => {
  it.each([
    ['href: { value: "https://example.org/x" }', 'the chart links to or loads "https://example.org/x"'],
    [
      'url: { value: "https://example.org/x.png" }',
      'the chart links to or loads "https://example.org/x.png"',
    ],
  ])("%s is an error at the spec, not a crash", async (channel, message) => {
    const spec = `      data: { values: [{ a: 1 }] }
      mark: ${channel.startsWith("url") ? "image" : "bar"}
      encoding:
        x: { field: a, type: quantitative }
        ${channel}
`;
    const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(spec)) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/b\.yaml:9:5 error chart-spec-invalid/);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/TypeError|\n\s+at /);
  });

  it("a layer's own data url is an error (it drew an empty chart with a warning)", async () => {
    const spec = `      layer:
        - data: { url: points.csv }
          mark: bar
          encoding: { x: { field: a, type: quantitative } }
`;
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(CHART(spec)),
      "briefs/points.csv": "a\n1\n",
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`error chart-spec-invalid  the chart's data "points.csv" is not read`);
    expect(stderr).toContain("hint: give the file as the spec's top-level data");
  });
});

describe("a chart with long category names", () => {
  it("keeps its title inside the chart (upright labels of 320 px squeezed the plot and pushed it off)", async () => {
    const project = makeProject({
      "briefs/b.yaml": brief(
        CHART(`      title: Pledged troops by country
      data: { values: [{ country: "A very long country name that never ends at all", troops: 5 }, { country: B, troops: 7 }] }
      mark: bar
      encoding:
        x: { field: country, type: nominal }
        y: { field: troops, type: quantitative }
`),
      ),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const deck = read(join(project, "dist/b.html"));
    const origin = /stroke-miterlimit="4" transform="translate\([\d.-]+,([\d.-]+)\)"/.exec(deck)?.[1];
    const title = /role-title"><g transform="translate\([\d.-]+,([\d.-]+)\)"/.exec(deck)?.[1];
    expect(Number(origin) + Number(title)).toBeGreaterThanOrEqual(0);
  });
});

describe("what vega's expression sandbox refuses is named, at the expression's key", () => {
  const SPEC = (line: string) => `      data: { values: [{ a: 1 }] }
      mark: bar
      encoding:
        x: { field: a, type: quantitative }
      ${line}
`;
  it.each([
    ['transform: [{ calculate: "new Date()", as: b }]', '"new Date()" uses `new`', "14:21"],
    ['transform: [{ filter: "datum.a++ > 1" }]', '"datum.a++ > 1" uses `++` or `--`', "14:21"],
    ['transform: [{ calculate: "(datum.a, 2)", as: b }]', "uses a comma outside a function call", "14:21"],
  ])("%s (it read 'the chart cannot be drawn: Disabled.' at spec:)", async (line, message, at) => {
    const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(SPEC(line))) });
    expect(code).toBe(1);
    expect(stderr).toContain(`b.yaml:${at} error chart-spec-invalid  the expression `);
    expect(stderr).toContain(message);
    expect(stderr).toContain("which chart expressions do not allow");
    expect(stderr).not.toContain("Disabled.");
  });

  it("in a ```vega-lite block, at the expression's own line", async () => {
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(`  - layout: text
    title: Block
    body: |
      \`\`\`vega-lite
      alt: A chart.
      data: { values: [{ a: 1 }] }
      mark: bar
      transform:
        - calculate: "typeof datum.a"
          as: b
      \`\`\`
`),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'b.yaml:14:11 error chart-spec-invalid  the expression "typeof datum.a" uses `typeof`',
    );
  });
});

describe("a font named by url() in a chart's config", () => {
  it("is refused for what it is, at its key (it read as an href or image mark)", async () => {
    const spec = `      data: { values: [{ a: 1 }] }
      mark: bar
      encoding:
        x: { field: a, type: quantitative }
      config: { axis: { labelFont: "url(https://example.org/f.woff)" } }
`;
    const { code, stderr } = await check({ "briefs/b.yaml": brief(CHART(spec)) });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'b.yaml:14:25 error chart-spec-invalid  the chart\'s font "url(https://example.org/f.woff)" would load a file',
    );
    expect(stderr).toContain("hint: name a font family");
    expect(stderr).not.toContain("image mark");
  });
});
