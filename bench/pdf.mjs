// PDF: cold build of the coalition brief with PDFs by briefdeck (HTML + slides PDF + handout PDF) vs
// Marp CLI --pdf on the same content as Markdown vs DeckTape printing briefdeck's own reveal.js deck, plus
// the floor: raw Puppeteer printing that deck (bench/floor.mjs). All run in the main, interleaved race.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BRIEF, MD } from "./html.mjs";
import {
  BENCH,
  BIN,
  BROWSER,
  CHILD_ENV,
  CHROME_FLAGS,
  f,
  heading,
  pdfPages,
  peerBin,
  pick,
  ROOT,
  ROUNDS,
  row,
  TMP,
  wanted,
} from "./lib.mjs";

const SLUG = "coalition-vs-peacekeeping";
// peer ÷ briefdeck, from the issue: briefdeck at least this many times faster.
export const PDF_TARGETS = { "marp-pdf": 2, decktape: 10 };
// briefdeck ÷ floor: the whole build (HTML, both PDFs) within this much of the raw floor.
export const FLOOR_TARGET = 1.5;

const onePdf = (out) =>
  fs
    .readdirSync(out)
    .filter((n) => n.endsWith(".pdf"))
    .map((n) => join(out, n))[0];

/**
 * The reveal.js deck that DeckTape and the floor print: briefdeck's own HTML build of the same brief, made
 * once, before any timing. Returns its path, or throws with the build's output.
 */
export function prepareDeck() {
  const out = join(TMP, "deck");
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [BIN, "build", BRIEF, "--out", out, "--no-pdf", "--force"], {
    cwd: ROOT,
    env: CHILD_ENV,
    encoding: "utf8",
  });
  const deck = join(out, `${SLUG}.html`);
  if (r.status !== 0 || !fs.existsSync(deck))
    throw new Error(`could not build the reference deck:\n${r.stderr}${r.stdout}`);
  return deck;
}

/** The PDF tasks, each with its rounds; `deck` is prepareDeck()'s path, or an Error. */
export function pdfTasks(deck) {
  const noBrowser = fs.existsSync(BROWSER) ? null : `no browser at ${BROWSER} (set BENCH_BROWSER)`;
  const deckError = deck instanceof Error ? deck.message : null;
  const r = { runs: ROUNDS.pdf, warmups: 1 };
  const tasks = [
    {
      id: "briefdeck-pdf",
      name: "briefdeck",
      briefdeck: true,
      ...r,
      args: (out) => [BIN, "build", BRIEF, "--out", out, "--force", "--browser", BROWSER],
      expect: (out) =>
        [`${SLUG}.html`, `${SLUG}.pdf`, `${SLUG}.handout.pdf`]
          .filter((n) => !fs.existsSync(join(out, n)))
          .map((n) => `wrote no ${n}`)[0] ?? null,
      pdfFile: (out) => join(out, `${SLUG}.pdf`),
    },
    {
      id: "marp-pdf",
      name: "marp --pdf",
      ...r,
      args: (out) => [
        peerBin("@marp-team/marp-cli"),
        MD,
        "--pdf",
        "--browser-path",
        BROWSER,
        "-o",
        `${out}/marp.pdf`,
      ],
      // Marp turns the sandbox off by itself as root (CHROME_NO_SANDBOX for everyone else) and adds
      // --disable-gpu for CHROME_DISABLE_GPU; it takes no other Chromium flags.
      env: { CHROME_PATH: BROWSER, CHROME_NO_SANDBOX: "1", CHROME_DISABLE_GPU: "1" },
      expect: [".pdf"],
      pdfFile: onePdf,
    },
    {
      id: "decktape",
      name: "decktape",
      runs: ROUNDS.decktape,
      warmups: 1,
      // DeckTape's defaults otherwise (notably --pause 1000: one second per slide, for animations).
      args: (out) => [
        peerBin("decktape"),
        "reveal",
        "--size",
        "1280x720",
        "--chrome-path",
        BROWSER,
        ...CHROME_FLAGS.map((a) => `--chrome-arg=${a}`),
        pathToFileURL(String(deck)).href,
        `${out}/decktape.pdf`,
      ],
      expect: [".pdf"],
      pdfFile: onePdf,
      needsDeck: true,
    },
    {
      id: "floor",
      name: "floor (puppeteer)",
      ...r,
      args: (out) => [join(BENCH, "floor.mjs"), String(deck), `${out}/floor.pdf`, BROWSER],
      expect: [".pdf"],
      pdfFile: onePdf,
      needsDeck: true,
    },
  ].filter((t) => wanted(t.id));
  for (const t of tasks) t.error = noBrowser ?? (t.needsDeck ? deckError : null);
  return tasks;
}

/** Prints the PDF table and returns its part of results.json. */
export function reportPdf(tasks) {
  if (!tasks.length) return null;
  heading(`PDF build, cold process (${ROUNDS.pdf} rounds, DeckTape ${ROUNDS.decktape})`);
  const bd = tasks.find((t) => t.id === "briefdeck-pdf");
  const base = bd?.stats.median;
  for (const t of tasks) {
    t.ratio = base && t.stats.median ? t.stats.median / base : null;
    const last = t.results?.at(-1)?.out;
    t.pages = last && t.pdfFile ? pdfPages(t.pdfFile(last)) : null;
  }
  row("ms", "min", "median", "p95", "n", "pages", "÷bd", "target");
  for (const t of tasks) {
    const s = t.stats;
    const goal = PDF_TARGETS[t.id];
    const verdict = goal && t.ratio ? `≥${goal}x ${t.ratio >= goal ? "ok" : "MISSED"}` : "";
    const cells = [
      f(s.min),
      f(s.median),
      f(s.p95),
      f(s.n),
      f(t.pages),
      t.ratio ? `${f(t.ratio, 2)}x` : "-",
      verdict,
    ];
    row(t.name, ...(t.error ? ["FAILED"] : cells));
  }
  const floor = tasks.find((t) => t.id === "floor")?.stats.median;
  const aboveFloor = base && floor ? base - floor : null;
  const overFloor = base && floor ? base / floor : null;
  if (aboveFloor !== null)
    console.log(
      `briefdeck − floor: ${f(aboveFloor)} ms; briefdeck ÷ floor ${f(overFloor, 2)}x, target ≤${FLOOR_TARGET}x ` +
        `${overFloor <= FLOOR_TARGET ? "ok" : "MISSED"} (briefdeck also writes the HTML and the handout PDF)`,
    );
  console.log(
    "(÷bd: median over briefdeck's; briefdeck = HTML + slides PDF + handout PDF; the others: slides PDF)",
  );
  return {
    runs: ROUNDS.pdf,
    decktapeRuns: ROUNDS.decktape,
    browser: BROWSER,
    targets: PDF_TARGETS,
    tools: tasks.map((t) => ({
      ...pick(t),
      pages: t.pages,
      ratioToBriefdeck: t.ratio,
      target: PDF_TARGETS[t.id] ?? null,
      targetMet: PDF_TARGETS[t.id] && t.ratio ? t.ratio >= PDF_TARGETS[t.id] : null,
    })),
    briefdeckAboveFloorMs: aboveFloor,
    briefdeckOverFloor: overFloor,
    floorTarget: FLOOR_TARGET,
  };
}
