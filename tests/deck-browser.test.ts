import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDocumentPage } from "../src/pdf/load-page.ts";
import { measureOverflow } from "../src/pdf/measure.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { EVERY_LAYOUT, makeProject, ROOT, runCli } from "./helpers.ts";

// Each deck is opened from file:// with every request recorded, as a presenter's laptop would open it.
const DECKS = [
  {
    name: "the first brief",
    brief: join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"),
    slug: "coalition-vs-peacekeeping",
  },
  { name: "the every-layout fixture", brief: "fixture:valid/every-layout.yaml", slug: "every-layout" },
];

describe.runIf(browserAvailable())("decks in a real browser", () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    const project = makeProject(EVERY_LAYOUT);
    const { cpSync } = await import("node:fs");
    cpSync(
      join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"),
      join(project, "briefs/coalition-vs-peacekeeping.yaml"),
    );
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    out = join(project, "dist");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const deck of DECKS) {
    it(`${deck.name}: runs offline from file://, every slide present, nothing overflows`, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: 1280, height: 720 });
        const requests: string[] = [];
        const errors: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(join(out, `${deck.slug}.html`)).href);
        await page.waitForFunction(
          () => (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true,
        );
        await page.evaluate(() => document.fonts.ready);

        const facts = await page.evaluate(() => {
          const reveal = (globalThis as unknown as { Reveal: RevealApi }).Reveal;
          const sections = [...document.querySelectorAll<HTMLElement>(".reveal .slides > section")];
          const overflow = sections.flatMap((section, i) => {
            reveal.slide(i, 0, Number.MAX_SAFE_INTEGER);
            const content = section.querySelector<HTMLElement>(".bd-content");
            const frame = section.querySelector<HTMLElement>(".bd-slide");
            if (!content || !frame) return [`slide ${i + 1}: no frame`];
            const over = Math.max(
              content.scrollHeight - content.clientHeight,
              content.scrollWidth - content.clientWidth,
            );
            const big = frame.scrollHeight > 720 || frame.scrollWidth > 1280;
            return over > 0 || big ? [`slide ${i + 1} "${section.dataset.bdTitle}" is ${over}px over`] : [];
          });
          return {
            total: reveal.getTotalSlides(),
            titles: sections.map((s) => s.dataset.bdTitle ?? ""),
            visibleTitles: sections.map((s) => s.querySelector("h1, h2")?.textContent?.trim() ?? ""),
            notes: sections.map((s) => s.querySelector("aside.notes")?.textContent?.trim() ?? ""),
            layouts: sections.map((s) => s.className),
            postMessage: reveal.getConfig().postMessage,
            width: reveal.getConfig().width,
            height: reveal.getConfig().height,
            fonts: [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family),
            markings: sections.map((s) => s.querySelectorAll(".bd-marking:not(.bd-marking-empty)").length),
            overflow,
          };
          interface RevealApi {
            getTotalSlides(): number;
            slide(h: number, v: number, f: number): void;
            getConfig(): { postMessage: boolean; width: number; height: number };
          }
        });

        const { parseBrief } = await import("../src/brief/parse-brief.ts");
        const { validateBrief } = await import("../src/brief/validate-brief.ts");
        const { readFileSync } = await import("node:fs");
        const file = deck.brief.startsWith("fixture:")
          ? join(ROOT, "tests/fixtures", deck.brief.slice(8))
          : deck.brief;
        const brief = validateBrief(parseBrief(readFileSync(file, "utf8"), file), {
          projectRoot: ROOT,
        }).brief;
        const { deckSlides } = await import("../src/brief/brief.ts");
        const visible = brief === undefined ? [] : deckSlides(brief);

        expect(facts.titles).toHaveLength(visible.length);
        // reveal.js counts the main slides, as the footer does; the annex is uncounted.
        expect(facts.total).toBe(visible.filter((slide) => slide.annex !== true).length);
        for (const [i, slide] of visible.entries()) {
          if (slide.title !== undefined) expect(facts.visibleTitles[i]).toBe(facts.titles[i]);
          if (slide.notes !== undefined) expect(facts.notes[i]?.length).toBeGreaterThan(0);
        }
        expect(facts.notes.filter(Boolean).length).toBeGreaterThan(0);
        expect(facts.markings.every((n) => n === 2)).toBe(true);
        expect(facts.postMessage).toBe(false);
        expect([facts.width, facts.height]).toEqual([1280, 720]);
        expect(facts.fonts).toContain("Source Sans 3");
        expect(facts.overflow).toEqual([]);
        expect(errors).toEqual([]);
        expect(requests.filter((url) => !url.startsWith("file:") && !url.startsWith("data:"))).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it("the first brief has speaker notes on every content slide", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(pathToFileURL(join(out, "coalition-vs-peacekeeping.html")).href);
      const missing = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".reveal .slides > section")]
          .filter((s) => !/bd-layout-(title|section|sources)/.test(s.className))
          .filter((s) => !s.querySelector("aside.notes")?.textContent?.trim())
          .map((s) => s.dataset.bdTitle),
      );
      expect(missing).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("opens the speaker view with S, showing the notes and the evidence, and following the deck", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${pathToFileURL(join(out, "coalition-vs-peacekeeping.html")).href}#/4`);
      await page.waitForFunction(
        () => (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true,
      );
      const opened = new Promise<import("puppeteer-core").Target>((resolve) =>
        browser.once("targetcreated", resolve),
      );
      await page.keyboard.press("s");
      const popup = await (await opened).page();
      if (!popup) throw new Error("the speaker view did not open");
      const notesOf = () =>
        popup.evaluate(() => document.querySelector(".speaker-controls-notes")?.textContent ?? "");
      await popup.waitForFunction(
        () => (document.querySelector(".speaker-controls-notes")?.textContent ?? "").length > 40,
      );
      const first = await notesOf();
      // The fourth slide's notes, then each point's evidence quoted from its source.
      expect(first).toContain("Cold War");
      expect(first).toContain("Evidence");
      expect(first).toContain("impartiality (not necessarily neutrality)");
      await page.keyboard.press("ArrowRight");
      await popup.waitForFunction(
        (before) => document.querySelector(".speaker-controls-notes")?.textContent !== before,
        {},
        first,
      );
      expect(await notesOf()).not.toBe(first);
      await popup.close();
    } finally {
      await page.close();
    }
  });

  it("reports overflow when a slide is too full (the check itself can fail)", async () => {
    // The product's own measurement, in the print layout it measures: one slide made too tall, another
    // too wide, each must be reported.
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 720 });
      const deck = await prepareDocumentPage(page);
      await deck.load(
        readFileSync(join(out, "every-layout.html"), "utf8"),
        "every-layout.html",
        "?view=print",
      );
      await page.evaluate(
        () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
      );
      expect(await measureOverflow(page)).toEqual([]);
      await page.evaluate(() => {
        const contents = [...document.querySelectorAll<HTMLElement>("section.bd-section .bd-content")];
        contents[2]?.insertAdjacentHTML("beforeend", "<p>filler</p>".repeat(40));
        // One unbreakable line far wider than the slide (set through the CSSOM, which the CSP allows).
        const wide = document.createElement("div");
        wide.textContent = "wide";
        wide.style.width = "4000px";
        contents[3]?.append(wide);
      });
      const overflows = await measureOverflow(page);
      expect(overflows.map((o) => o.number)).toEqual([3, 4]);
      for (const overflow of overflows) expect(overflow.pixels).toBeGreaterThan(100);
    } finally {
      await page.close();
    }
  });
});
