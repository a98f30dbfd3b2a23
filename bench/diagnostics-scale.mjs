// How `check --no-browser` scales with the number of problems in one brief:
// `node bench/diagnostics-scale.mjs [--runs N]`. Generates briefs with N unknown keys, N unused sources,
// N unknown citations against N sources, and 2N YAML errors on one line (up to the 1 MB cap), and times
// one cold process on each: the time should grow with N, not with N². Build first: npm run compile.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, "bin/briefdeck.cjs");
const at = process.argv.indexOf("--runs");
const runs = at < 0 ? 3 : Math.max(1, Number(process.argv[at + 1]) || 1);

const SLIDE = "slides:\n  - layout: text\n    title: t\n    body: hello\n";
const sources = (n) =>
  `sources:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    title: T${i}\n`).join("")}`;
const CASES = {
  "unknown keys": (n) =>
    `title: Big\n${Array.from({ length: n }, (_, i) => `bogus${i}: x\n`).join("")}${SLIDE}`,
  "unused sources": (n) => `title: Big\n${SLIDE}${sources(n)}`,
  "unknown citations": (n) =>
    `title: Big\n${sources(n)}slides:\n  - layout: text\n    title: t\n    body: |\n${Array.from(
      { length: n },
      (_, i) => `      x [@q${i}] [@s${i}]\n`,
    ).join("")}`,
  "unknown omitted ids": (n) =>
    `title: x\nvariants:\n  v:\n    marking: M\n    omit:\n${Array.from({ length: n }, (_, i) => `      - id${i}\n`).join("")}slides:\n${Array.from({ length: n / 4 }, (_, i) => `  - layout: title\n    id: s${i}\n`).join("")}`,
  "versions in the history": (n) =>
    `title: x\nchanges:\n${Array.from({ length: n }, (_, i) => `  - version: "1.${i % (n / 2)}"\n    date: 2024-01-01\n    summary: s\n`).join("")}slides:\n  - layout: title\n`,
  // One long flow list with two YAML errors per item: each error's hint must not rescan the line.
  "YAML errors on one line": (n) => `title: x\nkeywords: [${"a [@b] c, ".repeat(n)}]\nslides: []\n`,
};
const SIZES = {
  "unknown keys": [2000, 8000, 16000, 50000, 75000],
  "unused sources": [5000, 20000, 38000],
  "unknown citations": [3000, 12000, 18000],
  "YAML errors on one line": [5000, 20000, 90000],
  "unknown omitted ids": [2000, 8000, 30000],
  "versions in the history": [2000, 8000, 16000],
};

const dir = fs.mkdtempSync(join(tmpdir(), "briefdeck-scale-"));
try {
  console.log("| case | N | KB | diagnostics | min ms | ms per 1,000 |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [name, make] of Object.entries(CASES)) {
    for (const n of SIZES[name]) {
      const file = join(dir, `${name.replace(/ /g, "-")}-${n}.yaml`);
      fs.writeFileSync(file, make(n));
      let best = Number.POSITIVE_INFINITY;
      let counted = "";
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, [BIN, "check", "--no-browser", file], {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
          maxBuffer: 1024 * 1024 * 1024,
          timeout: 300_000,
        });
        best = Math.min(best, performance.now() - started);
        counted =
          /^(?:invalid|ok) +.* \((\d+ errors?, \d+ warnings?)\)$/m.exec(run.stderr)?.[1] ??
          `exit ${run.status}`;
      }
      const kb = Math.round(fs.statSync(file).size / 1024);
      console.log(
        `| ${name} | ${n} | ${kb} | ${counted} | ${Math.round(best)} | ${((best / n) * 1000).toFixed(0)} |`,
      );
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
