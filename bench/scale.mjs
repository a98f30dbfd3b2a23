// Scale, briefdeck only, with PDFs, memory watched: (a) twenty briefs built by one cold process (the
// project's briefs/ folder), amortised per brief; (b) a 300-slide brief against a 12-slide one.
import * as fs from "node:fs";
import { join } from "node:path";
import {
  BIN,
  BROWSER,
  briefYaml,
  f,
  genBrief,
  heading,
  pdfPages,
  pick,
  ROUNDS,
  race,
  row,
  runWatched,
  TMP,
  wanted,
} from "./lib.mjs";

export const TWENTY = { briefs: 20, slides: 12, targetMsPerBrief: 250 };

const pdfCount = (out, n, suffix) => fs.readdirSync(out).filter((name) => name.endsWith(suffix)).length >= n;
const peak = (t, key) => Math.max(...t.results.map((r) => r[key] ?? 0), 0) || null;

/** (a) Twenty 12-slide briefs in a temporary project; briefdeck builds every briefs/*.yaml with cwd there. */
async function twenty() {
  const project = join(TMP, "twenty-project");
  fs.mkdirSync(join(project, "briefs"), { recursive: true });
  for (let i = 1; i <= TWENTY.briefs; i++) {
    const name = `brief-${String(i).padStart(2, "0")}`;
    fs.writeFileSync(join(project, "briefs", `${name}.yaml`), briefYaml(TWENTY.slides, `Batch brief ${i}`));
  }
  const task = {
    id: "twenty",
    name: `${TWENTY.briefs} briefs`,
    briefdeck: true,
    runs: ROUNDS.twenty,
    warmups: 0, // the main race has warmed the disk cache; a warm-up here would cost another whole batch
    cwd: project,
    args: (out) => [BIN, "build", "--force", "--out", out, "--browser", BROWSER],
    expect: (out) =>
      pdfCount(out, TWENTY.briefs, ".handout.pdf") && pdfCount(out, 2 * TWENTY.briefs, ".pdf")
        ? null
        : `did not write ${TWENTY.briefs} slides PDFs and ${TWENTY.briefs} handouts`,
  };
  await race([task], runWatched, "20 briefs: ");
  return task;
}

/** (b) 12 vs 300 slides, both with PDFs, interleaved. */
async function big() {
  const sizes = [12, 300]
    .map((n) => [n, genBrief(n, `big-${n}`)])
    .map(([n, brief]) => ({
      id: `pdf-${n}`,
      name: `${n} slides + PDFs`,
      slides: n,
      briefdeck: true,
      runs: ROUNDS.big,
      warmups: 0,
      args: (out) => [BIN, "build", brief, "--out", out, "--force", "--browser", BROWSER],
      expect: [`big-${n}.pdf`, `big-${n}.handout.pdf`],
    }));
  await race(sizes, runWatched, "12 vs 300 slides: ");
  for (const t of sizes) {
    const last = t.results.at(-1);
    const fromLog = last && /\((\d+) pages?\)/.exec(last.stdout);
    t.pages = last
      ? (pdfPages(join(last.out, `big-${t.slides}.pdf`)) ?? (fromLog ? Number(fromLog[1]) : null))
      : null;
  }
  return sizes;
}

export async function runScale() {
  const result = { twenty: null, sizes: [] };
  if (wanted("twenty")) result.twenty = await twenty();
  if (wanted("pdf-300")) result.sizes = await big();
  return result;
}

const memory = (t) => ({
  peakNodeMB: peak(t, "peakNodeMB"),
  peakBrowserMB: peak(t, "peakBrowserMB"),
  peakBrowserAnonMB: peak(t, "peakBrowserAnonMB"),
  peakBrowserProcs: peak(t, "peakBrowserProcs"),
});

export function reportScale({ twenty: t, sizes }) {
  const out = {};
  if (t || sizes.length) {
    heading("Scale: briefdeck with PDFs, cold process, memory watched");
    row("ms", "min", "median", "p95", "n", "ms/unit", "node MB", "chrome MB", "(anon)");
  }
  if (t) {
    const per = t.stats.median ? t.stats.median / TWENTY.briefs : null;
    const m = memory(t);
    const cells = [
      f(t.stats.min),
      f(t.stats.median),
      f(t.stats.p95),
      f(t.stats.n),
      f(per),
      f(m.peakNodeMB),
      f(m.peakBrowserMB),
      f(m.peakBrowserAnonMB),
    ];
    row(t.name, ...(t.error ? ["FAILED"] : cells));
    out.twentyBriefs = {
      ...pick(t),
      briefs: TWENTY.briefs,
      slidesPerBrief: TWENTY.slides,
      msPerBrief: per,
      targetMsPerBrief: TWENTY.targetMsPerBrief,
      targetMet: per === null ? null : per < TWENTY.targetMsPerBrief,
      ...memory(t),
    };
  }
  if (sizes.length) {
    for (const s of sizes) {
      s.msPerSlide = s.stats.median ? s.stats.median / s.slides : null;
      const m = memory(s);
      const cells = [
        f(s.stats.min),
        f(s.stats.median),
        f(s.stats.p95),
        f(s.stats.n),
        f(s.msPerSlide, 1),
        f(m.peakNodeMB),
        f(m.peakBrowserMB),
        f(m.peakBrowserAnonMB),
      ];
      row(s.name, ...(s.error ? ["FAILED"] : cells));
    }
    const [a, b] = sizes;
    const ratio = a.stats.median && b.stats.median ? b.stats.median / a.stats.median : null;
    const marginal = ratio ? (b.stats.median - a.stats.median) / (b.slides - a.slides) : null;
    out.pdf300 = {
      ratio,
      slideRatio: b.slides / a.slides,
      msPerExtraSlide: marginal,
      timeoutSeconds: 60,
      ...Object.fromEntries(
        sizes.map((s) => [
          `slides${s.slides}`,
          { ...pick(s), slides: s.slides, pages: s.pages, msPerSlide: s.msPerSlide, ...memory(s) },
        ]),
      ),
    };
  }
  if (t) {
    const per = out.twentyBriefs.msPerBrief;
    const verdict =
      per === null
        ? "FAILED"
        : `${f(per)} ms per brief, target < ${TWENTY.targetMsPerBrief}: ${per < TWENTY.targetMsPerBrief ? "ok" : "MISSED"}`;
    console.log(`${TWENTY.briefs} briefs of ${TWENTY.slides} slides in one build: ${verdict}`);
  }
  if (out.pdf300) {
    const p = out.pdf300;
    const pages = sizes.map((s) => `${f(s.pages)} pages`).join(" and ");
    if (!p.ratio) console.log("300 slides with PDFs: FAILED");
    else
      console.log(
        `300/12 slides with PDFs: ${f(p.ratio, 1)}x the time for ${f(p.slideRatio)}x the slides (${pages}); ` +
          `${f(p.msPerExtraSlide, 1)} ms per extra slide`,
      );
  }
  if (t || sizes.length)
    console.log(
      "(ms/unit: median per brief or per slide; MB: peak VmRSS over the rounds; chrome = summed over all the\n" +
        " browser's processes, shared pages counted once per process; (anon) = their summed RssAnon, without them)",
    );
  return out;
}
