import { describe, expect, it } from "vitest";
import { CHART_SLIDE, CSV, GOOD_SPEC } from "./chart-helpers.ts";
import { brief, makeProject, runCli } from "./helpers.ts";

/** Runs `check --no-browser` on one brief (with pledges.csv beside it): exit code and stderr. */
async function check(yaml: string) {
  const project = makeProject({ "briefs/b.yaml": yaml, "briefs/pledges.csv": CSV });
  const { code, stderr } = await runCli(["check", "--no-browser"], project);
  return { code, stderr };
}

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
