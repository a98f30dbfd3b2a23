// Shared pieces of the benchmark: paths and options, brief generation, running a cold process (timed, and
// optionally with its memory watched), the interleaved race, statistics and table printing.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH);
// The executable package.json names, as `npx briefdeck` would run it.
export const BIN = join(ROOT, JSON.parse(fs.readFileSync(join(ROOT, "package.json"), "utf8")).bin.briefdeck);
export const BROWSER = process.env.BENCH_BROWSER ?? "/usr/bin/chromium";
// Chrome Headless Shell has one headless mode, which Puppeteer calls 'shell'; full Chromium runs new headless.
export const HEADLESS = /headless[-_]shell/.test(BROWSER) ? "shell" : true;
// The flags any tool needs here, from briefdeck's source (lib/api.cjs): the peers get exactly these.
export const { BASE_CHROMIUM_ARGS: CHROME_FLAGS } = createRequire(import.meta.url)("../lib/api.cjs");
// No child may try to download a browser: none can be fetched here, and the system one is used throughout.
export const CHILD_ENV = {
  ...process.env,
  PUPPETEER_SKIP_DOWNLOAD: "1",
  PUPPETEER_SKIP_CHROME_DOWNLOAD: "1",
  PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD: "1",
};

const num = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
};
export const ROUNDS = {
  html: num("BENCH_RUNS", 15),
  pdf: num("BENCH_PDF_RUNS", 7),
  decktape: num("BENCH_DECKTAPE_RUNS", 3),
  twenty: num("BENCH_TWENTY_RUNS", 3),
  big: num("BENCH_BIG_RUNS", 3),
  // live.mjs: saves per measurement (after warm-ups), and seconds of idle sampled.
  liveSaves: num("BENCH_LIVE_SAVES", 50),
  liveBrowserSaves: num("BENCH_LIVE_BROWSER_SAVES", 20),
  livePdfSaves: num("BENCH_LIVE_PDF_SAVES", 7),
  idleSeconds: num("BENCH_IDLE_SECONDS", 20),
};

// --only: task ids, or a group name. `--only briefdeck` also keeps linearity, which is briefdeck-only.
export const GROUPS = {
  html: ["node", "briefdeck", "marp", "reveal-md", "linearity"],
  pdf: ["briefdeck-pdf", "marp-pdf", "decktape", "floor"],
  scale: ["twenty", "pdf-300"],
  live: ["serve-save", "serve-browser", "serve-pdf", "watch-pdf", "idle-cpu"],
  craft: ["lint-share", "validate-300"],
};
const ALL_IDS = Object.values(GROUPS).flat();
function parseOnly(argv) {
  const i = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (i < 0) return null;
  const value = argv[i].startsWith("--only=") ? argv[i].slice(7) : (argv[i + 1] ?? "");
  const names = value.split(",").filter(Boolean);
  const unknown = names.filter((n) => !ALL_IDS.includes(n) && !(n in GROUPS));
  if (!names.length || unknown.length) {
    console.error(
      `--only takes a comma-separated list of: ${[...Object.keys(GROUPS), ...ALL_IDS].join(", ")}`,
    );
    if (unknown.length) console.error(`unknown: ${unknown.join(", ")}`);
    process.exit(2);
  }
  return names;
}
export const only = parseOnly(process.argv.slice(2));
// Made after --only is checked, so a usage error leaves nothing behind; run.mjs removes it at the end.
export const TMP = fs.mkdtempSync(join(tmpdir(), "briefdeck-bench-"));
export const wanted = (id) =>
  !only ||
  only.includes(id) ||
  Object.entries(GROUPS).some(([g, ids]) => only.includes(g) && ids.includes(id)) ||
  (id === "linearity" && only.includes("briefdeck"));

// Run node on each peer's bin file directly, so npx's own start-up is not counted.
export function peerBin(pkg) {
  const dir = join(BENCH, "node_modules", pkg);
  if (!fs.existsSync(join(dir, "package.json"))) return join(dir, "(not installed: npm install in bench/)");
  const { bin } = JSON.parse(fs.readFileSync(join(dir, "package.json"), "utf8"));
  return join(dir, typeof bin === "string" ? bin : Object.values(bin)[0]);
}

// Generated briefs: the same mix of layouts at any size (title + n-2 cycling slides + sources = n).
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
export function briefYaml(n, title = "Linearity test") {
  const slides = Array.from({ length: n - 2 }, (_, i) => KINDS[i % KINDS.length](i + 1));
  const head = `title: ${title}\ndate: 2026-11-25\nversion: "1.0"\nstatus: draft\nmarking: UNCLASSIFIED`;
  return `${head}\nsources:\n  s1: {title: Source one}\nslides:\n  - layout: title\n${slides.join("\n")}\n  - layout: sources\n`;
}
/** Writes an n-slide brief to TMP/<name>.yaml (default linear-<n>) and returns its path. */
export function genBrief(n, name = `linear-${n}`) {
  const file = join(TMP, `${name}.yaml`);
  fs.writeFileSync(file, briefYaml(n));
  return file;
}

/**
 * A task: { id, name, args(out) => node argv, cwd?, env?, unsetEnv?: [name…], expect?: [suffix…] |
 * (out) => problem | null, noOutput?, briefdeck?, runs, warmups }. `out` is a fresh empty folder per run,
 * made outside the timed region.
 */
export function freshOut(task) {
  const out = join(TMP, "out", task.id);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  return out;
}

function failure(why, args, stdout, stderr) {
  const cmd = `  $ node ${args.join(" ")}`;
  const log = `${stderr ?? ""}${stdout ?? ""}`.trim().split("\n");
  const message = log.filter((l) => !/^\s+at /.test(l)).slice(-8); // drop stack frames
  return new Error([why, cmd, ...message.map((l) => `  | ${l}`)].join("\n"));
}

// Checks that a run that exited 0 wrote what it should have.
function checkOutput(task, out, args) {
  if (task.noOutput) return;
  const expect = task.expect ?? [".html"];
  if (typeof expect === "function") {
    const problem = expect(out);
    if (problem) throw failure(`exited 0 but ${problem} under ${out}`, args);
    return;
  }
  const files = fs.readdirSync(out, { recursive: true }).map(String);
  const missing = expect.filter((suffix) => !files.some((f) => f.endsWith(suffix)));
  if (missing.length) throw failure(`exited 0 but wrote no ${missing.join(", ")} under ${out}`, args);
}

// A task's environment: the children's, with its own variables added and its `unsetEnv` ones left out.
function taskEnv(task) {
  const env = { ...CHILD_ENV, ...task.env };
  for (const name of task.unsetEnv ?? []) delete env[name];
  return env;
}

/** One cold run, synchronously: the harness does nothing while it runs. Returns { ms, stdout }. */
export function runOnce(task) {
  const out = freshOut(task);
  const args = task.args(out);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: task.cwd ?? ROOT,
    env: taskEnv(task),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || r.status !== 0)
    throw failure(r.error?.message ?? `exit ${r.status ?? r.signal}`, args, r.stdout, r.stderr);
  checkOutput(task, out, args);
  return { ms, stdout: r.stdout, out };
}

// /proc: every process's parent, and one process's resident set in kB.
export function processTree() {
  const children = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  return children;
}
// VmRSS, and RssAnon: the anonymous (heap) part, without shared libraries and files, so that a sum over
// processes does not count the same library once per process.
function memKb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { rss: kb("VmRSS"), anon: kb("RssAnon") };
  } catch {
    return { rss: 0, anon: 0 }; // gone meanwhile
  }
}
export const canWatchMemory = fs.existsSync("/proc/self/status");

/**
 * One cold run with its memory watched: every ~50 ms, the VmRSS of the node child and the summed VmRSS of
 * all its descendants (the browser's processes). Returns { ms, stdout, out, peakNodeMB, peakBrowserMB,
 * peakBrowserAnonMB, peakBrowserProcs }. RSS counts shared pages in each process, so the browser's RSS sum
 * over-counts what its processes share (libraries, shared memory): an upper bound. The RssAnon sum leaves
 * file-backed pages out: closer to what the browser really takes (PSS would be exact, but reading
 * smaps_rollup for a dozen Chromium processes takes ~15 ms, too much to do every 50 ms beside a timing).
 */
export function runWatched(task, intervalMs = 50) {
  const out = freshOut(task);
  const args = task.args(out);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: task.cwd ?? ROOT,
      env: taskEnv(task),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const peak = { node: 0, browser: 0, anon: 0, procs: 0 };
    const sample = () => {
      if (!canWatchMemory || child.pid === undefined) return;
      peak.node = Math.max(peak.node, memKb(child.pid).rss);
      const tree = processTree();
      let browser = 0;
      let anon = 0;
      let procs = 0;
      const queue = [...(tree.get(child.pid) ?? [])];
      while (queue.length) {
        const pid = queue.pop();
        const m = memKb(pid);
        browser += m.rss;
        anon += m.anon;
        procs++;
        queue.push(...(tree.get(pid) ?? []));
      }
      peak.browser = Math.max(peak.browser, browser);
      peak.anon = Math.max(peak.anon, anon);
      peak.procs = Math.max(peak.procs, procs);
    };
    const timer = setInterval(sample, intervalMs);
    child.on("error", (e) => {
      clearInterval(timer);
      reject(failure(e.message, args, stdout, stderr));
    });
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearInterval(timer);
      if (code !== 0) return reject(failure(`exit ${code ?? signal}`, args, stdout, stderr));
      try {
        checkOutput(task, out, args);
      } catch (e) {
        return reject(e);
      }
      const mb = (kb) => (canWatchMemory ? kb / 1024 : null);
      resolve({
        ms,
        stdout,
        out,
        peakNodeMB: mb(peak.node),
        peakBrowserMB: mb(peak.browser),
        peakBrowserAnonMB: mb(peak.anon),
        peakBrowserProcs: peak.procs,
      });
    });
  });
}

/**
 * One race over every task, round-robin (A,B,C,A,B,C,…), so noise on the shared machine hits all alike.
 * Tasks may want different numbers of rounds (DeckTape is slow): a task with fewer rounds is spread evenly
 * across the race instead of crowding its start. Its first `warmups` runs are not counted. A task that
 * fails is reported once and drops out; the others go on. `run` is runOnce or runWatched.
 */
export async function race(list, run = runOnce, label = "") {
  for (const t of list) Object.assign(t, { samples: t.samples ?? [], runsDone: 0, results: [] });
  for (const t of list.filter((t) => t.error)) console.error(`✘ ${t.name} cannot run: ${t.error}`);
  const total = (t) => t.warmups + t.runs;
  const rounds = Math.max(0, ...list.map(total));
  const tty = process.stderr.isTTY;
  for (let i = 0; i < rounds; i++) {
    if (tty) process.stderr.write(`\r${label}round ${i + 1}/${rounds} `);
    for (const t of list) {
      const n = total(t);
      if (t.error || Math.floor(((i + 1) * n) / rounds) === Math.floor((i * n) / rounds)) continue;
      try {
        const r = await run(t);
        if (t.runsDone++ >= t.warmups) {
          t.samples.push(r.ms);
          t.results.push(r);
        }
      } catch (e) {
        t.error = e.message;
        if (tty) process.stderr.write("\n");
        console.error(`\n✘ ${t.name} failed: ${t.error}\n`);
      }
    }
  }
  if (tty) process.stderr.write("\r\x1b[K");
  for (const t of list) t.stats = stats(t.samples);
}

export function stats(xs) {
  if (!xs.length) return {};
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { n: s.length, min: s[0], median, p95: s[Math.ceil(0.95 * s.length) - 1], max: s.at(-1) }; // p95 by nearest rank
}

// Table printing.
export const f = (x, digits = 0) =>
  x === undefined || x === null || Number.isNaN(x) ? "-" : x.toFixed(digits);
export const row = (name, ...cells) =>
  console.log(name.padEnd(18) + cells.map((c) => ` ${String(c).padStart(9)}`).join(""));
export const heading = (text) => console.log(`\n── ${text} ${"─".repeat(Math.max(0, 72 - text.length))}`);
/** What a task leaves in results.json. */
export const pick = (t) => ({
  id: t.id,
  name: t.name,
  ok: !t.error,
  error: t.error ?? null,
  ...t.stats,
  samples: t.samples,
});

/** Pages in a PDF, by pdfinfo when it is installed (poppler-utils); null when it cannot tell. */
export function pdfPages(file) {
  const r = spawnSync("pdfinfo", [file], { encoding: "utf8" });
  const m = r.status === 0 && /^Pages:\s+(\d+)/m.exec(r.stdout);
  return m ? Number(m[1]) : null;
}
