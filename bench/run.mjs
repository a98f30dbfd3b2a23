// Benchmark: cold-process build time of briefdeck vs peer tools, for HTML and for PDF, plus the floor
// (raw Puppeteer), briefdeck's scaling with slide count, twenty briefs in one build, and memory.
// Usage: node bench/run.mjs [--only ID,…]
//   ids:    node, briefdeck, marp, reveal-md, linearity          (group: html)
//           briefdeck-pdf, marp-pdf, decktape, floor             (group: pdf)
//           twenty, pdf-300                                      (group: scale)
//           serve-save, serve-browser, watch-pdf, idle-cpu       (group: live)
//           lint-share, validate-300                             (group: craft)
//   `--only briefdeck` also keeps linearity. See bench/README.md.
// Rounds (env): BENCH_RUNS (HTML, 15), BENCH_PDF_RUNS (7), BENCH_DECKTAPE_RUNS (3), BENCH_TWENTY_RUNS (3),
// BENCH_BIG_RUNS (3), BENCH_LIVE_SAVES (50), BENCH_LIVE_BROWSER_SAVES (20), BENCH_LIVE_PDF_SAVES (7),
// BENCH_IDLE_SECONDS (20); BENCH_IDLE_PDF=1 adds idle build --watch with PDFs.
// Browser: BENCH_BROWSER (default /usr/bin/chromium).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { reportCraft, runCraft } from "./craft.mjs";
import { htmlTasks, reportHtml } from "./html.mjs";
import { BENCH, BROWSER, CHILD_ENV, canWatchMemory, only, ROOT, ROUNDS, race, TMP, wanted } from "./lib.mjs";
import { liveFailed, reportLive, runLive } from "./live.mjs";
import { pdfTasks, prepareDeck, reportPdf } from "./pdf.mjs";
import { reportScale, runScale } from "./scale.mjs";

// 1. Set-up. The peers live in bench/'s own package, so they never become briefdeck dependencies; no
//    browser is downloaded for them (CHILD_ENV), the system one is used.
if (!fs.existsSync(join(BENCH, "node_modules"))) {
  console.log("bench/node_modules is missing: running npm install --no-audit --no-fund in bench/");
  spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: BENCH, stdio: "inherit", env: CHILD_ENV });
}
const unbuilt = ["bin/briefdeck.cjs", "lib/"].filter((p) => !fs.existsSync(join(ROOT, p)));
const browserVersion = spawnSync(BROWSER, ["--version"], { encoding: "utf8" }).stdout?.trim() || null;
const loadBefore = loadavg()[0];
console.log(
  `node ${process.version}, ${cpus().length} CPUs, browser ${browserVersion ?? `${BROWSER} (not found)`}`,
);
// Every number here is wall-clock time on a shared machine: a load already near the CPU count means noise.
const busy = loadBefore > cpus().length * 0.75 ? " (busy machine: expect noisy numbers)" : "";
console.log(`load average ${loadBefore.toFixed(2)} at start${busy}`);
console.log(
  `rounds: HTML ${ROUNDS.html}, PDF ${ROUNDS.pdf}, DeckTape ${ROUNDS.decktape}, 20 briefs ${ROUNDS.twenty}, ` +
    `300 slides ${ROUNDS.big}, live saves ${ROUNDS.liveSaves}/${ROUNDS.liveBrowserSaves}/${ROUNDS.livePdfSaves}, ` +
    `idle ${ROUNDS.idleSeconds} s`,
);
// A bundle older than the sources is measured as it is; say so (live.mjs runs bin/briefdeck.cjs).
if (!unbuilt.length) {
  const built = fs.statSync(join(ROOT, "lib", "briefdeck.cjs")).mtimeMs;
  const newer = fs
    .readdirSync(join(ROOT, "src"), { recursive: true })
    .map(String)
    .filter((p) => p.endsWith(".ts") && fs.statSync(join(ROOT, "src", p)).mtimeMs > built);
  if (newer.length)
    console.log(
      `note: lib/briefdeck.cjs is older than ${newer.length} file(s) in src/ (${newer.slice(0, 3).join(", ")}…)`,
    );
}

// 2. The main race: HTML and PDF tools and the floor, interleaved, each cold. DeckTape and the floor print
//    briefdeck's own deck, built once here, before any timing.
const html = htmlTasks();
const wantsDeck = wanted("decktape") || wanted("floor");
let deck = null;
if (wantsDeck && !unbuilt.length) {
  try {
    deck = prepareDeck();
  } catch (e) {
    deck = e;
    console.error(`✘ ${e.message}`);
  }
}
const pdf = pdfTasks(deck);
const main = [...html.tools, ...html.sizes, ...pdf];
if (unbuilt.length) {
  console.error(
    `✘ briefdeck is not built (no ${unbuilt.join(", ")}): run \`npm run compile\` in the repo root\n`,
  );
  for (const t of main) if (t.briefdeck || t.needsDeck) t.error = "not built";
}
await race(main);

// 3. Scale: twenty briefs in one build; 12 vs 300 slides with PDFs; memory of both.
const scale = unbuilt.length ? { twenty: null, sizes: [] } : await runScale();

// 3b. Live: serve and build --watch as long-lived children, saves timed from outside; idle CPU.
const live = unbuilt.length ? {} : await runLive();

// 3c. Briefing craft: what the lints cost, and a 300-slide brief's validation.
const craft = unbuilt.length ? {} : await runCraft();

// 4. Report.
const htmlOut = reportHtml(html);
const pdfOut = reportPdf(pdf);
const scaleOut = reportScale(scale);
const liveOut = reportLive(live);
const craftOut = reportCraft(craft);

// 5. JSON summary (bench/out is git-ignored). `tools` and `linearity` keep the harness's original shape.
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  browser: { path: BROWSER, version: browserVersion },
  runs: ROUNDS.html,
  warmups: 2,
  rounds: ROUNDS,
  only,
  memoryWatched: canWatchMemory,
  loadAverage: { start: loadBefore, end: loadavg()[0] },
  ...htmlOut,
  pdf: pdfOut,
  ...scaleOut,
  live: liveOut,
  craft: craftOut,
};
fs.mkdirSync(join(BENCH, "out"), { recursive: true });
fs.writeFileSync(join(BENCH, "out", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nload average ${loadavg()[0].toFixed(2)} at the end; wrote bench/out/results.json`);
fs.rmSync(TMP, { recursive: true, force: true });

// A peer may fail without failing the bench; briefdeck may not.
const briefdeckTasks = [...main, ...(scale.twenty ? [scale.twenty] : []), ...scale.sizes].filter(
  (t) => t.briefdeck,
);
process.exit(unbuilt.length || briefdeckTasks.some((t) => t.error) || liveFailed(live) ? 1 : 0);
