import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, ROOT, read, runCli, YAML_FILES } from "./helpers.ts";
import { judgeCheck, mutateBrief, seededRandom } from "./mutate-brief.mjs";

// Seeded mutations of every brief and fixture in the repository, checked as a user would: whatever the
// text, `check --no-browser` exits 0 or 1, positions every diagnostic and prints no stack trace.
// bench/fuzz.mjs runs the same for longer, with fresh seeds.
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const PER_FILE = 8;

const originals = YAML_FILES.map((path) => ({ path, text: read(path) }));

function mutants(seed: number): Array<{ name: string; text: string }> {
  const random = seededRandom(seed);
  return originals.flatMap(({ path, text }, f) =>
    Array.from({ length: PER_FILE }, (_, i) => ({
      name: `m${f}-${i}.yaml`,
      text: mutateBrief(text, random),
      from: path,
    })),
  );
}

describe(`check --no-browser on mutated briefs (seed ${SEED})`, () => {
  const all = mutants(SEED);

  it("exits 0 or 1, positions every diagnostic and never throws, brief by brief", async () => {
    const dir = makeProject();
    const problems: string[] = [];
    for (const { name, text } of all) {
      writeFileSync(join(dir, "briefs", name), text);
      let verdict: string | undefined;
      try {
        const { code, stderr } = await runCli(["check", "--no-browser", `briefs/${name}`], dir);
        verdict = judgeCheck(code, stderr);
      } catch (error) {
        verdict = `threw ${(error as Error).stack}`;
      }
      if (verdict !== undefined) problems.push(`${name} (seed ${SEED}): ${verdict}\n${JSON.stringify(text)}`);
    }
    expect(problems).toEqual([]);
  });

  it("does the same through the compiled CLI, all at once, in bounded time", () => {
    const dir = makeProject();
    for (const { name, text } of all) writeFileSync(join(dir, "briefs", name), text);
    const run = spawnSync(process.execPath, [join(ROOT, "bin/briefdeck.cjs"), "check", "--no-browser"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      // A hang guard, not a benchmark: the whole batch takes a second or two.
      timeout: 60_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(run.signal).toBeNull();
    expect(judgeCheck(run.status, run.stderr)).toBeUndefined();
    // Every mutant was checked.
    const [, ok = "", invalid = ""] = /(\d+) ok, (\d+) invalid\n$/.exec(run.stderr) ?? [];
    expect(Number(ok) + Number(invalid)).toBe(all.length);
  });
});
