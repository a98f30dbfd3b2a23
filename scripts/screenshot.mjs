// Screenshots every slide of a built deck, for looking at the deck as a user would and for the README.
// Usage: node scripts/screenshot.mjs dist/<slug>.html [out-folder] [--notes]
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const { CHROMIUM_ARGS } = createRequire(import.meta.url)("../lib/api.cjs");

const [deck, out = "/tmp/briefdeck-shots"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!deck) throw new Error("usage: node scripts/screenshot.mjs dist/<slug>.html [out-folder]");
mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium",
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  page.on("console", (m) => console.log(`console ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(resolve(deck)).href);
  await page.waitForFunction(() => globalThis.Reveal?.isReady());
  await page.evaluate(() => document.fonts.ready);
  // No slide transition: a screenshot taken mid-fade shows the previous slide's text as a ghost.
  await page.evaluate(() => Reveal.configure({ transition: "none", backgroundTransition: "none" }));
  const total = await page.evaluate(() => Reveal.getTotalSlides());
  for (let i = 0; i < total; i++) {
    await page.evaluate((n) => {
      Reveal.slide(n, 0, Number.MAX_SAFE_INTEGER);
    }, i);
    await new Promise((r) => setTimeout(r, 350));
    await page.screenshot({ path: `${out}/slide-${String(i + 1).padStart(2, "0")}.png` });
  }
  console.log(`${total} slides -> ${out}`);
} finally {
  await browser.close();
}
