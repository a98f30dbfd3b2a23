// Benchmark: cold-process build time of briefdeck vs. peer tools, plus briefdeck's scaling with slide count.
// Usage: node bench/run.mjs [--only node,briefdeck,marp,reveal-md,linearity]   (env BENCH_RUNS, default 15)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUPS = 2;
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? (process.argv[onlyArg + 1] ?? "").split(",") : null;
// `--only briefdeck` also keeps the linearity part, which is briefdeck-only.
const wanted = (id) => !only || only.includes(id) || (id === "linearity" && only.includes("briefdeck"));
const TMP = fs.mkdtempSync(join(tmpdir(), "briefdeck-bench-"));

// 1. The peers live in bench/'s own package, so they never become briefdeck dependencies.
if (!fs.existsSync(join(BENCH, "node_modules"))) {
  console.log("bench/node_modules is missing: running npm install --no-audit --no-fund in bench/");
  spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: BENCH, stdio: "inherit" });
}
// Run node on each peer's bin file directly, so npx's own start-up is not counted.
function peerBin(pkg) {
  const dir = join(BENCH, "node_modules", pkg);
  if (!fs.existsSync(join(dir, "package.json"))) return join(dir, "(not installed: npm install in bench/)");
  const { bin } = JSON.parse(fs.readFileSync(join(dir, "package.json"), "utf8"));
  return join(dir, typeof bin === "string" ? bin : Object.values(bin)[0]);
}

// Linearity briefs: the same mix of layouts at any size (title + n-2 cycling slides + sources = n).
const KINDS = [
  (i) => `  - layout: bullets
    title: Bullets ${i}
    points:
      - First point of slide ${i} [@s1]
      - Second point with **bold** text
      - { text: A point with children, points: [Child one, Child two] }`,
  (i) => `  - layout: comparison
    title: Comparison ${i}
    columns: [Option A, Option B]
    rows:
      - { label: Impartiality, cells: [{ rating: holds }, { rating: fails, text: "Fails [@s1]" }] }
      - { label: Consent, cells: [{ rating: partial, text: Partly }, { rating: fails }] }
      - { label: Force, cells: [{ rating: unknown }, { rating: holds, text: "Holds [@s1]" }] }`,
  (i) => `  - layout: text
    title: Text ${i}
    body: |
      Paragraph for slide ${i} with *emphasis* and a citation [@s1].

      A second paragraph of plain text.`,
  (i) => `  - layout: judgments
    title: Judgments ${i}
    items:
      - { text: "Judgment ${i} [@s1]", likelihood: likely, confidence: moderate }
      - text: A second judgment`,
];
function genBrief(n) {
  const slides = Array.from({ length: n - 2 }, (_, i) => KINDS[i % KINDS.length](i + 1));
  const head = `title: Linearity test\ndate: 2026-11-25\nversion: "1.0"\nstatus: draft\nmarking: UNCLASSIFIED`;
  const yaml = `${head}\nsources:\n  s1: {title: Source one}\nslides:\n  - layout: title\n${slides.join("\n")}\n  - layout: sources\n`;
  const file = join(TMP, `linear-${n}.yaml`);
  fs.writeFileSync(file, yaml);
  return file;
}

// A task's args get `out`, a fresh empty folder per run, prepared outside the timed region.
const briefdeck = (id, name, brief) => ({
  id,
  name,
  briefdeck: true,
  args: (out) => ["bin/briefdeck.js", "build", brief, "--out", out, "--no-pdf"],
});
const md = "bench/coalition.md";
const tasks = [
  { id: "node", name: "node -e 1", args: () => ["-e", "1"], noOutput: true },
  briefdeck("briefdeck", "briefdeck", "briefs/coalition-vs-peacekeeping.yaml"),
  { id: "marp", name: "marp", args: (out) => [peerBin("@marp-team/marp-cli"), md, "-o", `${out}/marp.html`] },
  { id: "reveal-md", name: "reveal-md", args: (out) => [peerBin("reveal-md"), md, "--static", `${out}/rmd`] },
].filter((t) => wanted(t.id));
const sizes = wanted("linearity")
  ? [12, 300].map((n) => briefdeck(`linear-${n}`, `${n} slides`, genBrief(n)))
  : [];

function runOnce(task) {
  const out = join(TMP, task.id);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out);
  const args = task.args(out);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cmd = `  $ node ${args.join(" ")}`;
  if (r.error || r.status !== 0) {
    const log = `${r.stderr}${r.stdout}`.trim().split("\n");
    const message = log.filter((l) => !/^\s+at /.test(l)).slice(-8); // drop stack frames
    const why = r.error?.message ?? `exit ${r.status ?? r.signal}`;
    throw new Error([why, cmd, ...message.map((l) => `  | ${l}`)].join("\n"));
  }
  const wrote = fs.readdirSync(out, { recursive: true }).some((f) => String(f).endsWith(".html"));
  if (!task.noOutput && !wrote) throw new Error(`exited 0 but wrote no .html under ${out}\n${cmd}`);
  return ms;
}

// One race over every task, linearity briefs included, round-robin (A,B,C,A,B,C,…), so noise on the shared
// machine hits all of them alike. A task that fails is reported once and drops out; the others go on.
function race(list) {
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    for (const t of list.filter((t) => !t.error)) {
      try {
        const ms = runOnce(t);
        if (i >= WARMUPS) t.samples.push(ms);
      } catch (e) {
        t.error = e.message;
        console.error(`\n✘ ${t.name} failed: ${t.error}\n`);
      }
    }
  }
  for (const t of list) t.stats = stats(t.samples);
}
function stats(xs) {
  if (!xs.length) return {};
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, p95: s[Math.ceil(0.95 * s.length) - 1] }; // p95 by nearest rank
}

// 2. Run. An unbuilt briefdeck gets one clear message instead of a stack trace per briefdeck task.
const all = [...tasks, ...sizes];
const unbuilt = ["bin/briefdeck.js", "lib/"].filter((p) => !fs.existsSync(join(ROOT, p)));
for (const t of all)
  Object.assign(t, { samples: [], error: t.briefdeck && unbuilt.length ? "not built" : null });
if (unbuilt.length && all.some((t) => t.briefdeck)) {
  console.error(
    `✘ briefdeck is not built (no ${unbuilt.join(", ")}): run \`npm run compile\` in the repo root\n`,
  );
}
console.log(`node ${process.version}, ${cpus().length} CPUs, ${RUNS} rounds after ${WARMUPS} warm-ups\n`);
race(all);

// 3. Report: head to head, then linearity.
const f = (x, digits = 0) => (x === undefined || x === null ? "-" : x.toFixed(digits));
const row = (name, ...cells) => console.log(name.padEnd(12) + cells.map((c) => c.padStart(8)).join(""));
const bd = tasks.find((t) => t.id === "briefdeck");
const floor = tasks.find((t) => t.id === "node")?.stats.median;
for (const t of tasks) t.ratio = bd?.stats.median && t.stats.median ? t.stats.median / bd.stats.median : null;
row("ms", "min", "median", "p95", "−floor", "÷bd");
for (const { id, name, stats: s, ratio, error } of tasks) {
  const net = id !== "node" && floor && s.median ? s.median - floor : undefined; // time above a bare node start
  const cells = [f(s.min), f(s.median), f(s.p95), f(net), ratio ? `${f(ratio, 2)}x` : "-"];
  row(name, ...(error ? ["FAILED"] : cells));
}
console.log("(−floor: median minus node -e 1's; ÷bd: median over briefdeck's)");

let linearity = null;
if (sizes.length) {
  const [a, b] = sizes.map((t) => t.stats.median);
  const ratio = a && b ? b / a : null;
  linearity = { ratio, target: 10, msPerExtraSlide: ratio && (b - a) / 288 };
  if (!ratio) console.log("\nlinearity: FAILED");
  else {
    const verdict = `${f(ratio, 2)}x, target < 10x: ${ratio < 10 ? "ok" : "MISSED"}`;
    console.log(`\nlinearity: median ${f(a)} ms at 12 slides, ${f(b)} ms at 300`);
    console.log(`  300/12 = ${verdict}; ${f(linearity.msPerExtraSlide, 2)} ms per extra slide`);
  }
}

// 4. JSON summary (bench/out is git-ignored).
const pick = (t) => ({ name: t.name, ok: !t.error, error: t.error, ...t.stats, samples: t.samples });
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  runs: RUNS,
  warmups: WARMUPS,
  tools: tasks.map((t) => ({ ...pick(t), ratioToBriefdeck: t.ratio })),
  linearity: linearity && { ...linearity, slides12: pick(sizes[0]), slides300: pick(sizes[1]) },
};
fs.mkdirSync(join(BENCH, "out"), { recursive: true });
fs.writeFileSync(join(BENCH, "out", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote bench/out/results.json");
fs.rmSync(TMP, { recursive: true, force: true });

// A peer may fail without failing the bench; briefdeck may not.
process.exit(all.some((t) => t.briefdeck && t.error) ? 1 : 0);
