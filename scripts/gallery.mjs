// The README's gallery: one screenshot of each layout, taken from a built deck (the first slide of each
// layout, at half size). Usage: node scripts/gallery.mjs dist/<slug>.html [out-folder]
// Build tests/fixtures/valid/every-layout.yaml first; it has a slide of every layout.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const { CHROMIUM_ARGS } = createRequire(import.meta.url)("../lib/api.cjs");

const [deck, out = "docs/gallery"] = process.argv.slice(2);
if (!deck) throw new Error("usage: node scripts/gallery.mjs dist/<slug>.html [out-folder]");
mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 0.5 });
  await page.goto(pathToFileURL(resolve(deck)).href);
  await page.waitForFunction(() => globalThis.Reveal?.isReady());
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => Reveal.configure({ transition: "none", backgroundTransition: "none" }));
  // The first slide of each layout, by its position among the deck's slides.
  const firsts = await page.evaluate(() => {
    const seen = new Map();
    Reveal.getSlides().forEach((slide, i) => {
      const layout = [...slide.classList].find((c) => c.startsWith("bd-layout-"))?.slice("bd-layout-".length);
      if (layout !== undefined && !seen.has(layout)) seen.set(layout, i);
    });
    return [...seen];
  });
  for (const [layout, index] of firsts) {
    await page.evaluate((n) => Reveal.slide(n, 0, Number.MAX_SAFE_INTEGER), index);
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: `${out}/${layout}.png` });
  }
  console.log(`${firsts.length} layouts -> ${out}: ${firsts.map(([l]) => l).join(", ")}`);
} finally {
  await browser.close();
}
