import { describe, expect, it } from "vitest";
import { brief, makeProject, runCli } from "./helpers.ts";

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

describe("a chart's size is capped", () => {
  it("a scatter of more marks than a slide shows is an error at the spec, with a hint to aggregate", async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `${i},${i % 7}`).join("\n");
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(
        CHART(`      data: { url: points.csv }
      mark: point
      encoding:
        x: { field: a, type: quantitative }
        y: { field: b, type: quantitative }
`),
      ),
      "briefs/points.csv": `a,b\n${rows}\n`,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /b\.yaml:9:5 error chart-spec-invalid {2}the chart would draw \d+ marks, more than/,
    );
    expect(stderr).toContain("hint: aggregate the data");
  });

  it("the same rows aggregated into bars draw", async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `${i},${i % 7}`).join("\n");
    const { code, stderr } = await check({
      "briefs/b.yaml": brief(
        CHART(`      data: { url: points.csv }
      mark: bar
      encoding:
        x: { field: b, type: ordinal }
        y: { aggregate: count, type: quantitative }
`),
      ),
      "briefs/points.csv": `a,b\n${rows}\n`,
    });
    expect(stderr).not.toMatch(/ error /);
    expect(code).toBe(0);
  });
});
