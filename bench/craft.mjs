// The briefing-craft lints' cost (issue 5): (a) what the lints add to a cold `check` of the first brief,
// (b) how long a 300-slide brief takes to validate. briefdeck only; no browser.
//
// (a) The lints cannot be switched off, so their cost is timed on its own: a fresh Node process loads the
// bundle, parses and validates the first brief, then times lintBrief's first (cold) call. That is set
// against the wall time of a cold `check --no-browser` of the same brief, measured in the same race.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BIN, f, genBrief, heading, pick, ROOT, ROUNDS, race, row, runOnce, wanted } from "./lib.mjs";

const FIRST = join(ROOT, "briefs", "coalition-vs-peacekeeping.yaml");
const BUNDLE = join(ROOT, "lib", "api.cjs");

// Runs in the child: cold require of the bundle, then the lint's first call, timed alone.
const PROBE = `
const { readFileSync } = require("node:fs");
require(process.argv[1]).stages().then((m) => {
  const file = process.argv[2];
  const brief = m.validateBrief(m.parseBrief(readFileSync(file, "utf8"), file), { projectRoot: process.argv[3] }).brief;
  if (!brief) throw new Error("the brief is not valid");
  const start = performance.now();
  const found = m.lintBrief(brief);
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ ms, warnings: found.length }));
});
`;

/** One cold process timing only the lints of `file`. */
function lintOnce(task) {
  const r = spawnSync(process.execPath, ["-e", PROBE, BUNDLE, task.file, ROOT], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the lint probe failed: ${(r.stderr || "").trim().split("\n").at(-1)}`);
  const { ms, warnings } = JSON.parse(r.stdout);
  task.warnings = warnings;
  return { ms, stdout: r.stdout };
}

const either = (task) => (task.probe ? lintOnce(task) : runOnce(task));

const check = (id, name, file, runs) => ({
  id,
  name,
  briefdeck: true,
  noOutput: true,
  runs,
  warmups: 2,
  args: () => [BIN, "check", "--no-browser", file],
});

export async function runCraft() {
  const result = { check: null, lint: null, big: null, bigLint: null };
  if (wanted("lint-share")) {
    result.check = check("check-first", "check, first brief", FIRST, ROUNDS.html);
    result.lint = {
      id: "lint-first",
      name: "lints alone",
      probe: true,
      file: FIRST,
      runs: ROUNDS.html,
      warmups: 2,
    };
    // Interleaved, so both see the same machine.
    await race([result.check, result.lint], either, "check vs lints: ");
  }
  if (wanted("validate-300")) {
    const file = genBrief(300, "craft-300");
    result.big = check("check-300", "check, 300 slides", file, ROUNDS.big + 4);
    result.bigLint = {
      id: "lint-300",
      name: "lints, 300 slides",
      probe: true,
      file,
      runs: ROUNDS.big + 4,
      warmups: 1,
    };
    await race([result.big, result.bigLint], either, "300 slides: ");
  }
  return result;
}

export function reportCraft({ check, lint, big, bigLint }) {
  if (!check && !big) return null;
  heading("Briefing craft: lints and validation, cold process");
  row("", "median ms", "p95 ms");
  for (const t of [check, lint, big, bigLint].filter(Boolean))
    row(t.name, f(t.stats?.median), f(t.stats?.p95));
  const out = {};
  if (check?.stats?.median && lint?.stats?.median) {
    const share = lint.stats.median / check.stats.median;
    console.log(
      `lints add ${(share * 100).toFixed(1)}% to a cold check of the first brief ` +
        `(${lint.warnings ?? "?"} warnings) — target < 10%: ${share < 0.1 ? "met" : "MISSED"}`,
    );
    out.lintShare = { check: pick(check), lint: pick(lint), share };
  }
  if (big?.stats?.median) {
    const ms = big.stats.median;
    console.log(
      `a 300-slide brief validates (check --no-browser: parse, validate, lint, report) in ${f(ms)} ms — ` +
        `target < 500 ms: ${ms < 500 ? "met" : "MISSED"}`,
    );
    out.validate300 = { check: pick(big), lint: bigLint ? pick(bigLint) : null };
  }
  return out;
}
