// The floor for a slides PDF: the least any Puppeteer-based tool must do to print a built reveal.js deck.
// Launch Chromium, open the deck's print view, wait for reveal.js's `pdf-ready`, print 1280×720, close.
// No handout, no PDF post-processing, no request interception, no overflow checks.
// Usage: node bench/floor.mjs <deck.html> <out.pdf> [browser]     (run as a cold process by run.mjs)
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
// briefdeck's own puppeteer-core (the repo root's), not the copy DeckTape brought into bench/node_modules.
const puppeteer = createRequire(join(ROOT, "package.json"))("puppeteer-core");
// The flags any tool needs here, from briefdeck's source (lib/api.cjs), so they cannot drift from it.
const { BASE_CHROMIUM_ARGS: CHROME_FLAGS } = createRequire(join(ROOT, "package.json"))("./lib/api.cjs");

const [deck, out, browser = "/usr/bin/chromium"] = process.argv.slice(2);
if (!deck || !out) {
  console.error("usage: node bench/floor.mjs <deck.html> <out.pdf> [browser]");
  process.exit(2);
}
// Chrome Headless Shell runs in its own mode ('shell' to Puppeteer); full Chromium in new headless.
const headless = /headless[-_]shell/.test(browser) ? "shell" : true;
const b = await puppeteer.launch({ executablePath: browser, headless, args: CHROME_FLAGS });
try {
  const page = await b.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  // Listen before the deck's scripts run: reveal.js fires pdf-ready once, when its print layout is done.
  await page.evaluateOnNewDocument(() => {
    window.__pdfReady = new Promise((done) =>
      document.addEventListener("pdf-ready", () => done(), { once: true }),
    );
  });
  await page.goto(`${pathToFileURL(resolve(deck)).href}?view=print`, { waitUntil: "load" });
  const ready = page.evaluate(() => window.__pdfReady.then(() => true));
  const timeout = new Promise((_, fail) =>
    setTimeout(() => fail(new Error("no pdf-ready within 30 s")), 30_000).unref(),
  );
  await Promise.race([ready, timeout]);
  const pdf = await page.pdf({ width: "1280px", height: "720px", printBackground: true });
  writeFileSync(out, pdf);
} finally {
  await b.close();
}
