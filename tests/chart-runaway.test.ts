import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { BIN, type CliChild, useCli } from "./cli-helpers.ts";
import { brief, makeProject } from "./helpers.ts";
import { httpRequest, waitFor } from "./serve-helpers.ts";

// Charts whose expressions exhaust memory or never finish (src/render/chart-process.ts): drawn in a
// process of their own with a heap limit, each is a positioned error at its spec, never a crash of the
// command (V8 aborted briefdeck with exit 134 and a dump of the bundle), and serve keeps serving.

const CHART = (title: string, spec: string) => `  - layout: chart
    title: ${title}
    alt: A chart.
    spec:
${spec}`;
const ROWS = "      data: { values: [{ a: 1 }, { a: 2 }, { a: 3 }] }\n";
const BAR = `${ROWS}      mark: bar
      encoding:
        x: { field: a, type: quantitative }
`;
/** A string doubled by 24 chained calculate steps (16 characters become 268 million) and drawn as text. */
const DOUBLING = `${ROWS}      mark: text
      encoding:
        x: { field: a, type: quantitative }
        text: { field: s24 }
      transform:
        - { calculate: "'xxxxxxxxxxxxxxxx'", as: s0 }
${Array.from({ length: 24 }, (_, i) => `        - { calculate: "datum.s${i} + datum.s${i}", as: s${i + 1} }\n`).join("")}`;
const RUNAWAY =
  /b\.yaml:9:5 error chart-spec-invalid {2}the chart (ran out of memory \(512 MB\) while being drawn|took longer than 10 s to draw)\n/;

/** `check --no-browser` with the real bin, in a child process as a user runs it. */
function check(yaml: string) {
  const project = makeProject({ "briefs/b.yaml": yaml });
  const run = spawnSync(process.execPath, [BIN, "check", "--no-browser"], {
    cwd: project,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { code: run.status, signal: run.signal, stderr: run.stderr };
}

function expectRunaway(result: ReturnType<typeof check>) {
  expect(result.signal, result.stderr.slice(0, 2000)).toBeNull();
  expect(result.code, result.stderr.slice(0, 2000)).toBe(1);
  expect(result.stderr).toMatch(RUNAWAY);
  expect(result.stderr).toContain("hint: aggregate or filter the data, or simplify its expressions");
  expect(result.stderr).not.toMatch(/FATAL ERROR|heap out of memory|\n\s+at /);
}

describe("a chart that runs away is an error at its spec, and the command goes on", () => {
  it("pad('', 3e8) in a calculate transform", () => {
    expectRunaway(
      check(brief(CHART("Pad", `${BAR}      transform: [{ calculate: "pad('', 3e8)", as: s }]\n`))),
    );
  });

  it("a string doubled across chained calculate steps", () => {
    expectRunaway(check(brief(CHART("Doubling", DOUBLING))));
  });

  it("sequence(0, 5e7) on each of three rows", () => {
    expectRunaway(
      check(brief(CHART("Sequence", `${BAR}      transform: [{ calculate: "sequence(0, 5e7)", as: s }]\n`))),
    );
  });

  it("the brief's other charts are still drawn and checked, by a new process", () => {
    const refused = `${BAR}      transform: [{ calculate: "typeof datum.a", as: s }]\n`;
    const result = check(
      brief(
        CHART("Pad", `${BAR}      transform: [{ calculate: "pad('', 3e8)", as: s }]\n`) +
          CHART("Typeof", refused),
      ),
    );
    expect(result.stderr).toMatch(RUNAWAY);
    expect(result.stderr).toContain(
      'error chart-spec-invalid  the expression "typeof datum.a" uses `typeof`, which chart expressions do not allow',
    );
  });
});

describe("serve, the real CLI, after a save whose chart runs away", () => {
  const clis = useCli();

  it("reports it at the spec, keeps serving the other brief, and draws charts again after the fix", async () => {
    const good = brief(CHART("Good", BAR)).replace("Test brief", "Good brief");
    const project = makeProject({
      "briefs/a.yaml": good,
      "briefs/b.yaml": good.replace("Good brief", "Second"),
    });
    const cli: CliChild = clis.spawn(["serve", "--port", "0"], project);
    const port = Number(
      (
        await waitFor("the serving line", () => {
          if (cli.exited() !== undefined) throw new Error(`serve exited early:\n${cli.stderr()}`);
          return /serving 2 brief\(s\) at http:\/\/127\.0\.0\.1:(\d+)\//.exec(cli.stderr()) ?? undefined;
        })
      )[1],
    );
    const served = async (slug: string) => (await httpRequest(port, `/${slug}.html`)).body.toString();
    expect(await served("a")).toContain('class="bd-chart"');

    const b = join(project, "briefs/b.yaml");
    writeFileSync(
      b,
      readFileSync(b, "utf8").replace(BAR, `${BAR}      transform: [{ calculate: "pad('', 3e8)", as: s }]\n`),
    );
    await waitFor("the runaway on the terminal", () => RUNAWAY.test(cli.stderr()), 60_000);
    expect(cli.exited(), cli.stderr()).toBeUndefined();
    expect(cli.stderr()).not.toMatch(/FATAL ERROR|\n\s+at /);

    // The other brief is still served, and a save of it is drawn by the charts' new process.
    expect(await served("a")).toContain('class="bd-chart"');
    const a = join(project, "briefs/a.yaml");
    writeFileSync(a, readFileSync(a, "utf8").replace("title: Good\n", "title: Redrawn after the runaway\n"));
    await waitFor("the other brief rebuilt", async () =>
      (await served("a")).includes("Redrawn after the runaway"),
    );
    expect(await served("a")).toContain('class="bd-chart"');
    writeFileSync(b, good.replace("title: Good\n", "title: Fixed\n"));
    await waitFor("the fixed brief", async () => (await served("b")).includes("Fixed"));
    expect(await served("b")).toContain('class="bd-chart"');
    expect(cli.exited()).toBeUndefined();
  });
});

/**
 * Compiles two briefs of one project at the same time, as the API lets a caller: `a` with the given
 * slides, `b` with two good charts.
 */
function compileSideBySide(slides: string) {
  const project = makeProject({
    "briefs/a.yaml": brief(slides),
    "briefs/b.yaml": brief(CHART("One", BAR) + CHART("Two", BAR)),
  });
  const options = { projectRoot: project, templates: loadTemplates(), version: "test", render: true };
  return Promise.all([
    compileBrief(join(project, "briefs/a.yaml"), options),
    compileBrief(join(project, "briefs/b.yaml"), options),
  ]);
}

describe("briefs compiled at the same time (the API) share the charts' process", () => {
  it("a runaway in one brief is that brief's error; the other's charts are drawn by the next process", async () => {
    const [a, b] = await compileSideBySide(
      CHART("Pad", `${BAR}      transform: [{ calculate: "pad('', 3e8)", as: s }]\n`),
    );
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      expect.stringMatching(/^9:5 chart-spec-invalid the chart (ran out of memory|took longer than)/),
    ]);
    expect(b.diagnostics).toEqual([]);
    expect(b.rendered?.deck.match(/class="bd-chart"/g)).toHaveLength(2);
  });

  it("a chart that takes too long is that brief's error, and the time runs only while it is drawn", async () => {
    // 5,000 rows, each joining a million numbers: little memory, far more than 10 s.
    const slow = `      data: { sequence: { start: 0, stop: 5000, as: a } }
      mark: bar
      encoding:
        x: { field: a, type: quantitative }
      transform: [{ calculate: "length(join(sequence(0, 1e6)))", as: n }]
`;
    const [a, b] = await compileSideBySide(CHART("Slow", slow));
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      "9:5 chart-spec-invalid the chart took longer than 10 s to draw",
    ]);
    expect(b.diagnostics).toEqual([]);
    expect(b.rendered?.deck.match(/class="bd-chart"/g)).toHaveLength(2);
  });
});
