import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDocumentPage } from "../src/pdf/load-page.ts";
import { fitSlides, measureSlides } from "../src/pdf/measure.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { BUILTIN_TEMPLATES, loadTemplates } from "../src/render/templates.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { EVERY_LAYOUT, FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";

// The slides PDF is printed from a document laid out ahead (src/render/print-deck.ts), not from reveal.js's
// print view; a custom deck.hbs is still printed from its print view. Both must come out the same.
const DECKS = [
  { name: "the first brief", file: join(ROOT, "briefs/coalition-vs-peacekeeping.yaml") },
  { name: "the every-layout fixture", file: join(FIXTURES, "valid/every-layout.yaml") },
];

// An overrides folder whose deck.hbs is the built-in one: a custom deck shell, as far as briefdeck knows.
function customShell(): string {
  const folder = makeProject();
  mkdirSync(join(folder, "templates"));
  copyFileSync(join(BUILTIN_TEMPLATES, "deck.hbs"), join(folder, "templates", "deck.hbs"));
  return join(folder, "templates");
}

async function compile(file: string, templates = loadTemplates()) {
  const compiled = await compileBrief(file, { projectRoot: ROOT, templates, version: "test", render: true });
  if (compiled.rendered === undefined) throw new Error(`${file} did not compile`);
  return compiled.rendered;
}

describe("the slides PDF's document", () => {
  it("holds every slide, one page each, with the fit script and without reveal.js", async () => {
    const rendered = await compile(DECKS[1]?.file ?? "");
    const print = rendered.printDeck ?? "";
    expect(print).toContain('class="reveal-full-page reveal-print print-pdf"');
    expect(print.match(/<div class="pdf-page"><section /g)).toHaveLength(rendered.titles.length);
    expect(print).toContain("__briefdeckFit");
    expect(print).not.toContain("Reveal.initialize");
    expect(print).not.toContain("RevealNotes");
    // The deck itself still presents with reveal.js.
    expect(rendered.deck).toContain("Reveal.initialize");
  });

  it("is not made for a custom deck.hbs, which is printed from reveal.js's print view of that deck", async () => {
    const rendered = await compile(DECKS[1]?.file ?? "", loadTemplates(customShell()));
    expect(rendered.printDeck).toBeUndefined();
  });
});

describe.runIf(browserAvailable())("the slides PDF's document in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  // What printing reads from a view: the fit step each slide kept, overflow and every slide's geometry.
  async function measure(html: string, revealView: boolean) {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 720 });
      const deck = await prepareDocumentPage(page);
      const problems = await deck.load(html, "deck.html", "?view=print");
      if (revealView)
        await page.evaluate(
          () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
        );
      const steps = await fitSlides(page);
      return { problems, steps, measured: await measureSlides(page) };
    } finally {
      await page.close();
    }
  }

  for (const deck of DECKS) {
    it(`${deck.name}: fits and measures every slide as reveal.js's print view does`, async () => {
      const rendered = await compile(deck.file);
      const ahead = await measure(rendered.printDeck ?? "", false);
      const reveal = await measure(rendered.deck, true);
      expect(ahead.problems).toEqual({ blocked: [], errors: [] });
      expect(ahead.measured.slides).toHaveLength(rendered.titles.length);
      expect(ahead.measured.slides.every((s) => s !== null)).toBe(true);
      expect(ahead).toEqual(reveal);
    }, 60_000);
  }

  it("prints the same slides PDF, byte for byte, as reveal.js's print view of the same deck", async () => {
    const project = makeProject(EVERY_LAYOUT);
    const ahead = await runCli(["build", "--out", "ahead"], project);
    expect(ahead.code, ahead.stderr).toBe(0);
    const reveal = await runCli(["build", "--out", "reveal", "--templates", customShell()], project);
    expect(reveal.code, reveal.stderr).toBe(0);
    const slides = (out: string) => readFileSync(join(project, out, "every-layout.pdf"));
    expect(slides("ahead").equals(slides("reveal"))).toBe(true);
  }, 120_000);
});
