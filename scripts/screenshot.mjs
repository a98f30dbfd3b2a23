// Screenshots a built deck, for looking at the deck as a user would and for the README.
// Usage: node scripts/screenshot.mjs dist/<slug>.html [out-folder] [--gallery]
// Every slide as slide-NN.png; with --gallery, the first slide of each layout at half size as <layout>.png
// (the README's gallery: build tests/fixtures/valid/every-layout.yaml, which has a slide of every layout).
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const { CHROMIUM_ARGS } = createRequire(import.meta.url)("../lib/api.cjs");

const gallery = process.argv.includes("--gallery");
const [deck, out = "/tmp/briefdeck-shots"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!deck) throw new Error("usage: node scripts/screenshot.mjs dist/<slug>.html [out-folder] [--gallery]");
mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: gallery ? 0.5 : 1 });
  page.on("console", (m) => console.log(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(resolve(deck)).href);
  await page.waitForFunction(() => globalThis.Reveal?.isReady());
  await page.evaluate(() => document.fonts.ready);
  // No slide transition: a screenshot taken mid-fade shows the previous slide's text as a ghost.
  await page.evaluate(() => Reveal.configure({ transition: "none", backgroundTransition: "none" }));
  // Each shot: its file name and the slide's position among the deck's slides.
  const shots = await page.evaluate((gallery) => {
    const seen = new Map();
    document.querySelectorAll(".reveal .slides > section").forEach((slide, i) => {
      const layout = [...slide.classList].find((c) => c.startsWith("bd-layout-"))?.slice("bd-layout-".length);
      const name = gallery ? layout : `slide-${String(i + 1).padStart(2, "0")}`;
      if (name !== undefined && !seen.has(name)) seen.set(name, i);
    });
    return [...seen];
  }, gallery);
  for (const [name, index] of shots) {
    await page.evaluate((n) => Reveal.slide(n, 0, Number.MAX_SAFE_INTEGER), index);
    await new Promise((r) => setTimeout(r, 350));
    await page.screenshot({ path: `${out}/${name}.png` });
  }
  console.log(`${shots.length} slides -> ${out}`);
} finally {
  await browser.close();
}
