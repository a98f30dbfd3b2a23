// The long run of tests/fuzz.test.ts: `node bench/fuzz.mjs [--seconds N] [--seed S] [--batch B]`.
// Mutates the repository's briefs and fixtures with fresh seeds, and runs the compiled CLI's
// `check --no-browser` on batches of them until the time is up. Each run must exit 0 or 1 within its
// time, position every diagnostic and print no stack trace; a batch that fails is run again brief by
// brief, and each failing mutant is saved to bench/out/fuzz/ with its reason. Build first: npm run compile.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { judgeCheck, mutateBrief, seededRandom } from "../tests/mutate-brief.mjs";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, "bin/briefdeck.cjs");
const OUT = join(ROOT, "bench/out/fuzz");
const TIMEOUT_MS = 60_000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number`);
  return value;
}
const seconds = option("seconds", 60);
const firstSeed = option("seed", Date.now() % 2 ** 31);
const batchSize = Math.max(1, option("batch", 40));

// The same files as tests/helpers.ts's YAML_FILES.
const folders = [
  "briefs",
  "scripts",
  ...["valid", "invalid", "lint", "pdf", "a11y"].map((d) => `tests/fixtures/${d}`),
];
const originals = folders.flatMap((folder) =>
  fs
    .readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => fs.readFileSync(join(ROOT, folder, f), "utf8")),
);

function check(dir, files = []) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [BIN, "check", "--no-browser", ...files], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: TIMEOUT_MS,
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const verdict =
    run.signal !== null ? `no answer within ${TIMEOUT_MS / 1000} s` : judgeCheck(run.status, run.stderr);
  return { ms, verdict };
}

const project = fs.mkdtempSync(join(tmpdir(), "briefdeck-fuzz-"));
fs.mkdirSync(join(project, "briefs"));
const times = [];
const failures = [];
let mutants = 0;
let bytes = 0;
const deadline = Date.now() + seconds * 1000;
let seed = firstSeed;
try {
  for (; Date.now() < deadline; seed++) {
    const random = seededRandom(seed);
    for (const f of fs.readdirSync(join(project, "briefs"))) fs.rmSync(join(project, "briefs", f));
    const batch = Array.from({ length: batchSize }, (_, i) => {
      const text = mutateBrief(originals[random(originals.length)], random);
      const name = `s${seed}-${i}.yaml`;
      fs.writeFileSync(join(project, "briefs", name), text);
      bytes += Buffer.byteLength(text);
      return { name, text };
    });
    mutants += batch.length;
    const { ms, verdict } = check(project);
    times.push(ms);
    if (verdict === undefined) continue;
    // Find the mutants that fail on their own.
    for (const { name, text } of batch) {
      const alone = check(project, [`briefs/${name}`]);
      if (alone.verdict === undefined) continue;
      fs.mkdirSync(OUT, { recursive: true });
      fs.writeFileSync(join(OUT, name), text);
      failures.push({ name, verdict: alone.verdict });
      console.log(`FAIL ${name} (seed ${seed}): ${alone.verdict}`);
    }
  }
} finally {
  fs.rmSync(project, { recursive: true, force: true });
}

const sorted = [...times].sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
const result = {
  seeds: `${firstSeed}..${seed - 1}`,
  batches: times.length,
  mutants,
  mutantsPerSecond: Math.round(mutants / (times.reduce((a, b) => a + b, 0) / 1000)),
  averageMutantBytes: Math.round(bytes / Math.max(1, mutants)),
  batchMs: { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(at(1)) },
  failures,
};
fs.mkdirSync(dirname(OUT), { recursive: true });
fs.writeFileSync(join(dirname(OUT), "fuzz.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `${mutants} mutants in ${times.length} batches of ${batchSize} (seeds ${result.seeds}), ` +
    `${result.mutantsPerSecond}/s, average ${result.averageMutantBytes} bytes; ` +
    `batch p50 ${result.batchMs.p50} ms, p95 ${result.batchMs.p95} ms, max ${result.batchMs.max} ms; ` +
    `${failures.length} failing`,
);
process.exitCode = failures.length > 0 ? 1 : 0;
