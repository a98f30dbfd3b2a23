// Live preview and watch mode, measured from outside: briefdeck runs as a long-lived child process in a
// temporary project, the harness edits the brief on disk and times how long until the change shows.
//   serve-save     `serve`: save → the rebuilt deck is served (HTTP poll until the body has the new title)
//   serve-browser  `serve`: save → a real browser shows the new title on the same slide (the "options" slide)
//   serve-pdf      `serve`: save → GET /<slug>.pdf returns the new revision's slides PDF
//   watch-pdf      `build --watch` (PDFs): save → dist/<slug>.pdf rewritten and the "N built" summary printed
//   idle-cpu       `serve` and `build --watch --no-pdf` over 50 briefs: CPU while nothing changes
// See bench/README.md ("Live preview and watch mode").
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join } from "node:path";
import {
  BIN,
  BROWSER,
  CHILD_ENV,
  CHROME_FLAGS,
  f,
  HEADLESS,
  heading,
  processTree,
  ROOT,
  ROUNDS,
  row,
  stats,
  TMP,
  wanted,
} from "./lib.mjs";

export const SLUG = "coalition-vs-peacekeeping";
const BRIEF = join(ROOT, "briefs", `${SLUG}.yaml`);
export const LIVE_TARGETS = {
  serveP50: 50,
  serveP95: 150,
  browserP50: 400,
  servePdfP50: 400,
  watchPdfP50: 500,
  idleCpuPercent: 2,
};
const WARMUPS = { serve: 2, browser: 2, pdf: 1 };
const SAVE_GAP_MS = 150; // quiet time after a save is served, so that each save is its own rebuild
const IDLE_BRIEFS = 50;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();
const load = () => Number(loadavg()[0].toFixed(2));

// ── child processes ───────────────────────────────────────────────────────────────────────────────────

const running = new Set(); // every child still alive, killed on the way out whatever happens
process.on("exit", () => {
  for (const c of running) c.kill("SIGKILL");
});

/** Descendants of a pid (children, grandchildren, …), each with its start time so a reused pid is not hit. */
function descendants(pid) {
  const tree = processTree();
  const found = [];
  const queue = [...(tree.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.pop();
    const start = startTime(p);
    if (start !== null) found.push({ pid: p, start });
    queue.push(...(tree.get(p) ?? []));
  }
  return found;
}
function statFields(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" "); // [0] = state, [1] = ppid, …
  } catch {
    return null; // gone
  }
}
const startTime = (pid) => statFields(pid)?.[19] ?? null;
/** utime + stime of one process, in clock ticks; null when it is gone. */
function cpuTicks(pid) {
  const s = statFields(pid);
  return s ? Number(s[11]) + Number(s[12]) : null;
}
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

/**
 * `node bin/briefdeck.cjs …args` with cwd `cwd`. Every stderr line is kept with the time it arrived, so a
 * line's time does not depend on when the harness looks for it.
 */
function startChild(args, cwd) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: CHILD_ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const lines = [];
  let partial = "";
  let stdout = "";
  let exited = null;
  const wake = new Set();
  const notify = () => {
    for (const w of wake) w();
    wake.clear();
  };
  child.stderr.setEncoding("utf8").on("data", (d) => {
    const t = now();
    const parts = (partial + d).split("\n");
    partial = parts.pop();
    for (const text of parts) lines.push({ text: text.slice(text.lastIndexOf("\r") + 1), t }); // no progress line: not a TTY
    notify();
  });
  child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
  const exit = new Promise((resolve) => {
    child.on("error", (e) => {
      exited = { code: null, signal: null, error: e.message };
      running.delete(child);
      notify();
      resolve(exited);
    });
    child.on("close", (code, signal) => {
      exited ??= { code, signal };
      running.delete(child);
      notify();
      resolve(exited);
    });
  });
  const log = () => [...lines.map((l) => l.text), partial].filter(Boolean).slice(-12).join("\n  | ");
  return {
    child,
    lines,
    log,
    get stdout() {
      return stdout;
    },
    /** The first stderr line from index `from` on that matches `re`: { match, text, t, index }. */
    async waitLine(re, from = 0, timeout = 30_000, what = String(re)) {
      const deadline = now() + timeout;
      for (let i = from; ; ) {
        for (; i < lines.length; i++) {
          const match = re.exec(lines[i].text);
          if (match) return { match, ...lines[i], index: i };
        }
        if (exited)
          throw new Error(
            `briefdeck ${args.join(" ")} exited (${exited.code ?? exited.signal}${exited.error ? `: ${exited.error}` : ""}) ` +
              `before ${what}\n  | ${log()}`,
          );
        const left = deadline - now();
        if (left <= 0) throw new Error(`timed out after ${timeout} ms waiting for ${what}\n  | ${log()}`);
        await new Promise((resolve) => {
          wake.add(resolve);
          setTimeout(resolve, Math.min(left, 100));
        });
      }
    },
    /**
     * SIGTERM, as Ctrl-C would; SIGKILL after 15 s. Returns { code, signal, ms, leaked }: `leaked` are the
     * descendants (the warm Chromium) still alive after briefdeck exited, killed here.
     */
    async stop() {
      const family = exited ? [] : descendants(child.pid);
      const t0 = now();
      if (!exited) child.kill("SIGTERM");
      const done = await Promise.race([exit, sleep(15_000).then(() => null)]);
      const ms = now() - t0;
      if (!done) child.kill("SIGKILL");
      // Chromium's processes go a moment after briefdeck: give them 3 s before calling them left behind.
      const alive = () => family.filter((p) => startTime(p.pid) === p.start);
      for (let waited = 0; alive().length && waited < 3_000; waited += 50) await sleep(50);
      const leaked = alive();
      for (const p of leaked) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {}
      }
      if (!done) await exit;
      return {
        ...(done ?? { code: null, signal: "SIGKILL (no exit 15 s after SIGTERM)" }),
        ms,
        leaked: leaked.length,
      };
    },
  };
}

/** A temporary project under TMP with briefs/<name>.yaml copies of the coalition brief. */
function makeProject(name, slugs = [SLUG]) {
  const dir = join(TMP, "live", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(join(dir, "briefs"), { recursive: true });
  for (const slug of slugs) fs.copyFileSync(BRIEF, join(dir, "briefs", `${slug}.yaml`));
  return dir;
}

/** Replaces the first line matching `re` by `line`; fails loudly when the brief no longer has it. */
function replacer(source, re, what) {
  if (!re.test(source)) throw new Error(`the coalition brief has no ${what} line (${re}) any more`);
  return (value) => source.replace(re, value);
}

/** One GET on a keep-alive connection: { status, body } (body as a Buffer). */
function getter(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        })
        .on("error", reject);
    });
  get.close = () => agent.destroy();
  return get;
}

const SERVING = /^serving (\d+) brief\(s\) at (http:\/\/\S+\/)/;
const REBUILT = new RegExp(`^rebuilt briefs/${SLUG}\\.yaml \\((\\d+) ms\\)`);
const SUMMARY = /^(\d+) built, (\d+) unchanged, (\d+) failed.*\(([\d.]+) s\)/;

// ── 1. serve: save → rebuilt deck served ──────────────────────────────────────────────────────────────

async function serveSave() {
  const project = makeProject("serve-save");
  const file = join(project, "briefs", `${SLUG}.yaml`);
  const titles = ["Live bench title Alpha", "Live bench title Bravo"];
  const withTitle = replacer(fs.readFileSync(file, "utf8"), /^title: .*$/m, "top-level title");
  const r = { id: "serve-save", saves: ROUNDS.liveSaves, warmups: WARMUPS.serve, loadStart: load() };
  const bd = startChild(["serve", "--port", "0"], project);
  let get;
  try {
    const { match } = await bd.waitLine(SERVING, 0, 60_000, "the serving line");
    r.url = `${match[2]}${SLUG}.html`;
    get = getter(r.url);
    const first = await get();
    if (first.status !== 200 || !first.body.includes("Balancing Act"))
      throw new Error(
        `GET ${r.url} answered ${first.status} without the brief's title: ` +
          `${first.body.toString("utf8", 0, 300).trim()}\n  | ${bd.log()}`,
      );
    r.deckBytes = first.body.length;
    const samples = [];
    const server = [];
    const polls = [];
    const rebuildsPerSave = [];
    for (let i = 0; i < r.warmups + r.saves; i++) {
      const title = titles[i % 2];
      const from = bd.lines.length;
      const t0 = now();
      fs.writeFileSync(file, withTitle(`title: ${title}`));
      let ms = null;
      let n = 0;
      while (ms === null) {
        const res = await get();
        n++;
        if (res.status === 200 && res.body.includes(title)) ms = now() - t0;
        else if (now() - t0 > 10_000)
          throw new Error(`save ${i + 1} (title "${title}") was not served within 10 s\n  | ${bd.log()}`);
        else await sleep(2);
      }
      const line = await bd.waitLine(REBUILT, from, 2_000, "the rebuilt line").catch(() => null);
      await sleep(SAVE_GAP_MS);
      if (i < r.warmups) continue;
      samples.push(ms);
      polls.push(n);
      if (line) server.push(Number(line.match[1]));
      rebuildsPerSave.push(bd.lines.slice(from).filter((l) => REBUILT.test(l.text)).length);
    }
    // Control: the same saves without any polling, timed to the server's "rebuilt" line, to see how much
    // the GETs above (each a whole deck) slow the server they poll.
    const quiet = [];
    const quietServer = [];
    for (let i = 0; i < r.saves; i++) {
      const title = titles[i % 2];
      const from = bd.lines.length;
      const t0 = now();
      fs.writeFileSync(file, withTitle(`title: ${title}`));
      const line = await bd.waitLine(REBUILT, from, 10_000, `the rebuilt line after quiet save ${i + 1}`);
      quiet.push(line.t - t0);
      quietServer.push(Number(line.match[1]));
      await sleep(SAVE_GAP_MS);
    }
    Object.assign(r, {
      stats: stats(samples),
      samples,
      unpolled: {
        toRebuiltLineMs: { ...stats(quiet), samples: quiet },
        serverMs: { ...stats(quietServer), samples: quietServer },
      },
      serverMs: { ...stats(server), samples: server },
      serverLinesMissing: samples.length - server.length,
      pollsPerSave: stats(polls),
      savesWithMoreThanOneRebuild: rebuildsPerSave.filter((n) => n > 1).length,
      savesWithoutRebuiltLine: rebuildsPerSave.filter((n) => n === 0).length,
    });
  } catch (e) {
    r.error = e.message;
  } finally {
    get?.close();
    r.exit = await bd.stop();
    r.loadEnd = load();
    fs.rmSync(project, { recursive: true, force: true });
  }
  if (r.stats) {
    r.targetMet = { p50: r.stats.median < LIVE_TARGETS.serveP50, p95: r.stats.p95 < LIVE_TARGETS.serveP95 };
  }
  return r;
}

// ── 1b. serve: save → the new slides PDF downloadable ─────────────────────────────────────────────────

async function servePdf() {
  const project = makeProject("serve-pdf");
  const file = join(project, "briefs", `${SLUG}.yaml`);
  const titles = ["Live PDF title Alpha", "Live PDF title Bravo"];
  const withTitle = replacer(fs.readFileSync(file, "utf8"), /^title: .*$/m, "top-level title");
  const r = { id: "serve-pdf", saves: ROUNDS.livePdfSaves, warmups: WARMUPS.pdf, loadStart: load() };
  const bd = startChild(["serve", "--port", "0", "--browser", BROWSER], project);
  let get;
  try {
    const { match } = await bd.waitLine(SERVING, 0, 60_000, "the serving line");
    r.url = `${match[2]}${SLUG}.pdf`;
    get = getter(r.url);
    // The first request starts the browser and prints: the PDF is wanted from then on.
    let previous = await get();
    if (previous.status !== 200 || previous.body.subarray(0, 5).toString() !== "%PDF-")
      throw new Error(`GET ${r.url} answered ${previous.status}\n  | ${bd.log()}`);
    const samples = [];
    for (let i = 0; i < r.warmups + r.saves; i++) {
      const t0 = now();
      fs.writeFileSync(file, withTitle(`title: ${titles[i % 2]}`));
      // Identical input gives identical bytes, so any other PDF is the new revision's.
      let res = await get();
      while (res.status !== 200 || Buffer.compare(res.body, previous.body) === 0) {
        if (now() - t0 > 20_000) throw new Error(`save ${i + 1}: no new PDF within 20 s\n  | ${bd.log()}`);
        await sleep(5);
        res = await get();
      }
      const ms = now() - t0;
      previous = res;
      await sleep(SAVE_GAP_MS);
      if (i >= r.warmups) samples.push(ms);
    }
    r.stats = stats(samples);
    r.samples = samples;
  } catch (e) {
    r.error = e.message;
  } finally {
    get?.close();
    r.exit = await bd.stop();
    r.loadEnd = load();
    fs.rmSync(project, { recursive: true, force: true });
  }
  if (r.stats) r.targetMet = { p50: r.stats.median < LIVE_TARGETS.servePdfP50 };
  return r;
}

// ── 2. serve + browser: save → new title shown on the "options" slide ─────────────────────────────────────────────

/** The first brief's slide whose title serve-browser rewrites at each save: its id and its title. */
const SAVED_SLIDE = { id: "options", title: "A Western coalition is now the leading option" };

async function serveBrowser() {
  const project = makeProject("serve-browser");
  const file = join(project, "briefs", `${SLUG}.yaml`);
  // The slide with `id: options` (layout bullets, the third); its position is looked up.
  const titles = ["Options Alpha", "Options Bravo"];
  const withTitle = replacer(
    fs.readFileSync(file, "utf8"),
    new RegExp(`^ {4}title: ${SAVED_SLIDE.title}$`, "m"),
    `${SAVED_SLIDE.id} slide's title`,
  );
  const r = {
    id: "serve-browser",
    saves: ROUNDS.liveBrowserSaves,
    warmups: WARMUPS.browser,
    loadStart: load(),
  };
  const bd = startChild(["serve", "--port", "0"], project);
  let browser;
  try {
    const puppeteer = createRequire(join(ROOT, "package.json"))("puppeteer-core");
    const { match } = await bd.waitLine(SERVING, 0, 60_000, "the serving line");
    r.url = `${match[2]}${SLUG}.html`;
    browser = await puppeteer.launch({ executablePath: BROWSER, headless: HEADLESS, args: CHROME_FLAGS });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    // Page loads and reload-channel handshakes, seen through the DevTools protocol: before each save the
    // page that is showing must have its WebSocket open, or the reload message would have nobody to reach.
    const seen = { loads: 0, sockets: 0, pageErrors: [], consoleErrors: [] };
    page.on("load", () => seen.loads++);
    page.on("pageerror", (e) => seen.pageErrors.push(String(e.message ?? e).slice(0, 300)));
    page.on("console", (m) => {
      if (m.type() === "error") seen.consoleErrors.push(m.text().slice(0, 300));
    });
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    cdp.on("Network.webSocketHandshakeResponseReceived", () => seen.sockets++);
    const socketReady = async (what) => {
      const deadline = now() + 10_000;
      while (seen.sockets < seen.loads) {
        if (now() > deadline) throw new Error(`the page's reload WebSocket did not open ${what}`);
        await sleep(5);
      }
    };
    const opened = await page.goto(r.url, { waitUntil: "load" });
    if (!opened?.ok())
      throw new Error(
        `GET ${r.url} answered ${opened?.status()}: ${(await opened?.text())?.slice(0, 300).trim()}\n  | ${bd.log()}`,
      );
    await page.waitForFunction(() => window.Reveal?.isReady?.(), { timeout: 30_000 });
    // The slide with that id, wherever the brief puts it.
    const slide = await page.evaluate(
      (id) => [...document.querySelectorAll(".reveal .slides > section")].findIndex((s) => s.id === id),
      SAVED_SLIDE.id,
    );
    if (slide < 0) throw new Error(`the first brief has no slide with id ${SAVED_SLIDE.id}`);
    await page.evaluate((h) => window.Reveal.slide(h), slide);
    // reveal.js writes the hash at most once a second (it was just written on load): wait for it, or the
    // first reload would come back to the slide the hash still names.
    await page.waitForFunction(
      (h, id) => window.Reveal.getIndices().h === h && location.hash === `#/${id}`,
      { timeout: 10_000 },
      slide,
      SAVED_SLIDE.id,
    );
    r.hash = await page.evaluate(() => location.hash);
    r.initialTitle = await page.evaluate(() =>
      window.Reveal.getCurrentSlide()?.querySelector("h2")?.textContent?.trim(),
    );
    if (r.initialTitle !== SAVED_SLIDE.title)
      throw new Error(`the ${SAVED_SLIDE.id} slide's h2 is "${r.initialTitle}", not ${SAVED_SLIDE.title}`);
    await socketReady("after the first load");
    const probe = (title, slide) => {
      const R = window.Reveal;
      if (!R?.isReady?.()) return { ready: false };
      const h = R.getIndices().h;
      const text = R.getCurrentSlide()?.querySelector("h2")?.textContent?.trim();
      return { ready: true, h, text, ok: h === slide && text === title };
    };
    const samples = [];
    const reloadsPerSave = [];
    const wrongSlide = [];
    for (let i = 0; i < r.warmups + r.saves; i++) {
      const title = titles[i % 2];
      const loadsBefore = seen.loads;
      const t0 = now();
      fs.writeFileSync(file, withTitle(`    title: ${title}`));
      let ms = null;
      let last;
      while (ms === null) {
        try {
          last = await page.evaluate(probe, title, slide);
          if (last.ok) ms = now() - t0;
          // The new title on another slide: the reload did not come back to the saved slide.
          else if (last.ready && last.h !== slide && seen.loads > loadsBefore)
            wrongSlide.push({ save: i + 1, ...last });
        } catch (e) {
          last = { error: String(e.message).slice(0, 120) }; // the page is reloading: try again
        }
        if (ms === null) {
          if (now() - t0 > 10_000)
            throw new Error(
              `save ${i + 1}: the page did not show "${title}" on the ${SAVED_SLIDE.id} slide within 10 s (last: ${JSON.stringify(last)}; ` +
                `page loads ${seen.loads - loadsBefore} since the save)\n  | ${bd.log()}`,
            );
          await sleep(5);
        }
      }
      await socketReady(`after save ${i + 1}`);
      await sleep(SAVE_GAP_MS);
      if (i < r.warmups) continue;
      samples.push(ms);
      reloadsPerSave.push(seen.loads - loadsBefore);
    }
    Object.assign(r, {
      stats: stats(samples),
      samples,
      reloadsPerSave: stats(reloadsPerSave),
      wrongSlide: wrongSlide.slice(0, 5),
      wrongSlideCount: wrongSlide.length,
      pageErrors: seen.pageErrors.slice(0, 5),
      consoleErrors: [...new Set(seen.consoleErrors)].slice(0, 5),
    });
  } catch (e) {
    r.error = e.message;
  } finally {
    await browser?.close().catch(() => {});
    r.exit = await bd.stop();
    r.loadEnd = load();
    fs.rmSync(project, { recursive: true, force: true });
  }
  if (r.stats) r.targetMet = { p50: r.stats.median < LIVE_TARGETS.browserP50 };
  return r;
}

// ── 3. build --watch with PDFs: save → PDF rewritten and summary printed ─────────────────────────────

async function watchPdf() {
  const project = makeProject("watch-pdf");
  const file = join(project, "briefs", `${SLUG}.yaml`);
  const pdf = join(project, "dist", `${SLUG}.pdf`);
  const titles = ["Live bench title Alpha", "Live bench title Bravo"];
  const withTitle = replacer(fs.readFileSync(file, "utf8"), /^title: .*$/m, "top-level title");
  const r = { id: "watch-pdf", saves: ROUNDS.livePdfSaves, warmups: WARMUPS.pdf, loadStart: load() };
  const started = now();
  const bd = startChild(["build", "--watch", "--browser", BROWSER], project);
  try {
    await bd.waitLine(/^watching for changes/, 0, 180_000, '"watching for changes"');
    r.firstBuildMs = now() - started;
    if (!fs.existsSync(pdf)) throw new Error(`the first build wrote no dist/${SLUG}.pdf\n  | ${bd.log()}`);
    const mtime = () => {
      try {
        return fs.statSync(pdf, { bigint: true }).mtimeNs;
      } catch {
        return null; // being replaced
      }
    };
    const samples = [];
    const pdfMs = [];
    const summaryMs = [];
    const reported = [];
    for (let i = 0; i < r.warmups + r.saves; i++) {
      const title = titles[i % 2];
      const before = mtime();
      const from = bd.lines.length;
      const t0 = now();
      fs.writeFileSync(file, withTitle(`title: ${title}`));
      let tPdf = null;
      let summary = null;
      while (tPdf === null || summary === null) {
        if (tPdf === null) {
          const m = mtime();
          if (m !== null && m !== before) tPdf = now();
        }
        if (summary === null) {
          const at = bd.lines.slice(from).findIndex((l) => SUMMARY.test(l.text));
          if (at >= 0) summary = bd.lines[from + at];
        }
        if (now() - t0 > 60_000)
          throw new Error(
            `save ${i + 1}: ${tPdf === null ? "the PDF was not rewritten" : "no summary line"} within 60 s\n  | ${bd.log()}`,
          );
        if (tPdf === null || summary === null) await sleep(5);
      }
      const m = SUMMARY.exec(summary.text);
      if (m[1] !== "1" || m[3] !== "0")
        throw new Error(`save ${i + 1}: expected "1 built, …, 0 failed", got "${summary.text}"`);
      await sleep(300);
      if (i < r.warmups) continue;
      samples.push(Math.max(tPdf, summary.t) - t0);
      pdfMs.push(tPdf - t0);
      summaryMs.push(summary.t - t0);
      reported.push(Number(m[4]) * 1000);
    }
    Object.assign(r, {
      stats: stats(samples),
      samples,
      pdfRewrittenMs: stats(pdfMs),
      summaryMs: stats(summaryMs),
      reportedBuildMs: { ...stats(reported), samples: reported },
    });
  } catch (e) {
    r.error = e.message;
  } finally {
    r.exit = await bd.stop();
    r.loadEnd = load();
    fs.rmSync(project, { recursive: true, force: true });
  }
  if (r.stats) r.targetMet = { p50: r.stats.median < LIVE_TARGETS.watchPdfP50 };
  return r;
}

// ── 4. idle CPU with 50 briefs watched ────────────────────────────────────────────────────────────────

async function idleOne(id, args, ready) {
  const slugs = Array.from({ length: IDLE_BRIEFS }, (_, i) => `brief-${String(i + 1).padStart(2, "0")}`);
  const project = makeProject(`idle-${id}`, slugs);
  const r = { id, args: args.join(" "), briefs: IDLE_BRIEFS, seconds: ROUNDS.idleSeconds, loadStart: load() };
  const started = now();
  const bd = startChild(args, project);
  try {
    await bd.waitLine(ready, 0, 300_000, String(ready));
    r.startMs = now() - started;
    await sleep(3_000); // let the first build's after-effects (GC, watcher set-up) pass
    const pid = bd.child.pid;
    const treeTicks = () =>
      descendants(pid).reduce((sum, p) => sum + (cpuTicks(p.pid) ?? 0), cpuTicks(pid) ?? 0);
    const c0 = cpuTicks(pid);
    const tr0 = treeTicks();
    const t0 = now();
    const perSecond = [];
    let prev = c0;
    for (let s = 0; s < r.seconds; s++) {
      await sleep(1_000);
      const c = cpuTicks(pid);
      if (c === null) throw new Error(`briefdeck exited while idle\n  | ${bd.log()}`);
      perSecond.push(((c - prev) / CLK_TCK) * 100);
      prev = c;
    }
    const wall = (now() - t0) / 1000;
    const cpu = (cpuTicks(pid) - c0) / CLK_TCK;
    Object.assign(r, {
      wallSeconds: wall,
      cpuSeconds: cpu,
      cpuPercent: (cpu / wall) * 100,
      treeCpuPercent: ((treeTicks() - tr0) / CLK_TCK / wall) * 100,
      maxSecondPercent: Math.max(...perSecond),
      medianSecondPercent: stats(perSecond).median,
      perSecondPercent: perSecond,
      linesWhileIdle: bd.lines
        .slice(bd.lines.findIndex((l) => ready.test(l.text)) + 1)
        .map((l) => l.text)
        .slice(0, 5),
      rssMB: Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024,
    });
    r.targetMet = r.cpuPercent < LIVE_TARGETS.idleCpuPercent;
  } catch (e) {
    r.error = e.message;
  } finally {
    r.exit = await bd.stop();
    r.loadEnd = load();
    fs.rmSync(project, { recursive: true, force: true });
  }
  return r;
}

async function idleCpu() {
  const out = {
    serve: await idleOne("serve", ["serve", "--port", "0"], /^serving \d+ brief/),
    watch: await idleOne("build-watch", ["build", "--watch", "--no-pdf"], /^watching for changes/),
  };
  // Optional: build --watch with PDFs, its warm Chromium idle too (the tree column counts it).
  if (process.env.BENCH_IDLE_PDF === "1")
    out.watchPdf = await idleOne(
      "build-watch-pdf",
      ["build", "--watch", "--browser", BROWSER],
      /^watching for changes/,
    );
  return out;
}

// ── run and report ───────────────────────────────────────────────────────────────────────────────────

export async function runLive() {
  const out = {};
  const step = async (id, fn) => {
    if (!wanted(id)) return;
    if (process.stderr.isTTY) process.stderr.write(`\rlive: ${id} …`);
    out[id] = await fn();
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    const failed = Object.values(id === "idle-cpu" ? out[id] : { x: out[id] }).filter((r) => r.error);
    for (const r of failed) console.error(`\n✘ live ${r.id} failed: ${r.error}\n`);
  };
  await step("serve-save", serveSave);
  await step("serve-browser", serveBrowser);
  await step("serve-pdf", servePdf);
  await step("watch-pdf", watchPdf);
  await step("idle-cpu", idleCpu);
  fs.rmSync(join(TMP, "live"), { recursive: true, force: true });
  return out;
}

/** Whether any live measurement failed (briefdeck's failure fails the bench). */
export const liveFailed = (live) =>
  Object.entries(live).some(([id, r]) =>
    id === "idle-cpu" ? Object.values(r).some((x) => x.error) : r.error,
  );

const verdict = (ok) => (ok === undefined || ok === null ? "" : ok ? "ok" : "MISSED");
const exitNote = (r) => {
  const e = r.exit;
  if (!e) return "";
  const bad = (e.code !== 0 && e.code !== null) || (e.signal && e.signal !== null) || e.leaked;
  return bad
    ? `  [exit ${e.code ?? e.signal}${e.leaked ? `, ${e.leaked} process(es) left behind` : ""}]`
    : "";
};

export function reportLive(live) {
  if (!Object.keys(live).length) return null;
  heading("Live preview and watch mode (briefdeck as a long-lived child)");
  const timed = [
    ["serve-save", "serve: served", `<${LIVE_TARGETS.serveP50}/<${LIVE_TARGETS.serveP95}`],
    ["serve-browser", "serve: browser", `<${LIVE_TARGETS.browserP50}`],
    ["serve-pdf", "serve: PDF", `<${LIVE_TARGETS.servePdfP50}`],
    ["watch-pdf", "watch: PDF", `<${LIVE_TARGETS.watchPdfP50}`],
  ];
  if (timed.some(([id]) => live[id])) row("ms", "p50", "p95", "min", "max", "n", "target", "");
  for (const [id, name, target] of timed) {
    const r = live[id];
    if (!r) continue;
    const s = r.stats ?? {};
    const ok = r.targetMet ? Object.values(r.targetMet).every(Boolean) : null;
    if (r.error && !r.stats) row(name, "FAILED");
    else row(name, f(s.median), f(s.p95), f(s.min), f(s.max), f(s.n), target, verdict(ok) + exitNote(r));
  }
  const ss = live["serve-save"];
  if (ss?.serverMs?.n)
    console.log(
      `serve's own "rebuilt (N ms)": p50 ${f(ss.serverMs.median)}, p95 ${f(ss.serverMs.p95)}, max ${f(ss.serverMs.max)} ms; ` +
        `${f(ss.pollsPerSave.median)} GETs per save (p50), deck ${f(ss.deckBytes / 1024)} kB; ` +
        `${ss.savesWithMoreThanOneRebuild} save(s) rebuilt twice, ${ss.savesWithoutRebuiltLine} without a rebuilt line`,
    );
  if (ss?.unpolled?.toRebuiltLineMs?.n)
    console.log(
      `serve, same saves unpolled (control): save → "rebuilt" line p50 ${f(ss.unpolled.toRebuiltLineMs.median)}, ` +
        `p95 ${f(ss.unpolled.toRebuiltLineMs.p95)} ms; its own N p50 ${f(ss.unpolled.serverMs.median)}, ` +
        `p95 ${f(ss.unpolled.serverMs.p95)} ms`,
    );
  const sb = live["serve-browser"];
  if (sb?.stats)
    console.log(
      `browser: ${f(sb.reloadsPerSave.median)} page load(s) per save (p50, max ${f(sb.reloadsPerSave.max)}); ` +
        `came back on another slide ${sb.wrongSlideCount} time(s); page errors ${sb.pageErrors.length}, ` +
        `console errors ${sb.consoleErrors.length}`,
    );
  const wp = live["watch-pdf"];
  if (wp?.stats)
    console.log(
      `watch: PDF rewritten after p50 ${f(wp.pdfRewrittenMs.median)} ms, summary after p50 ${f(wp.summaryMs.median)} ms; ` +
        `build as reported p50 ${f(wp.reportedBuildMs.median)} ms (first build incl. start ${f(wp.firstBuildMs)} ms)`,
    );
  const idle = live["idle-cpu"];
  if (idle) {
    row("idle CPU", "cpu %", "tree %", "max 1 s", "med 1 s", "seconds", "RSS MB", "target", "");
    for (const r of Object.values(idle)) {
      if (r.error && r.cpuPercent === undefined) row(r.id, "FAILED");
      else
        row(
          r.id,
          f(r.cpuPercent, 2),
          f(r.treeCpuPercent, 2),
          f(r.maxSecondPercent, 1),
          f(r.medianSecondPercent, 1),
          f(r.wallSeconds, 1),
          f(r.rssMB),
          `<${LIVE_TARGETS.idleCpuPercent}%`,
          verdict(r.targetMet) + exitNote(r),
        );
    }
    console.log(
      `(${IDLE_BRIEFS} briefs; CPU = utime+stime from /proc/<pid>/stat over the idle wall time, CLK_TCK ${CLK_TCK}; ` +
        "tree = with descendants; max/med 1 s: the busiest and the median one-second slice)",
    );
  }
  const loads = Object.values(live)
    .flatMap((r) => (r.id ? [r] : Object.values(r)))
    .map((r) => `${r.id} ${f(r.loadStart, 2)}→${f(r.loadEnd, 2)}`);
  console.log(`load average (1 min) per measurement: ${loads.join(", ")}`);
  return { targets: LIVE_TARGETS, clockTicksPerSecond: CLK_TCK, ...live };
}
