import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { EVERY_LAYOUT, makeProject, runCli } from "./helpers.ts";
import { pageSizes, pageTexts, pdfText } from "./pdf-helpers.ts";

// The glitches of issue 16, each in a real browser on the built deck (or in the PDFs it prints).

// A long source URL full of hyphens, which a line may only break after a slash or before a dot or hyphen.
const LONG_URL =
  "https://www.defence-procurement-observatory.example.org/reports/2026/european-defence-industrial-" +
  "strategy-joint-procurement-instruments-and-the-edirpa-regulation-a-first-assessment-of-common-" +
  "purchasing-by-member-states";

const EU_BRIEF = `title: European Union (EU) defence procurement, buying together
subtitle: What joint purchasing by the EU changes
date: 2026-11-25
version: "1.0"
status: draft
marking: TEST MARKING
glossary:
  EU: European Union
sources:
  observatory:
    title: Observatory sentinel report
    publisher: Defence Procurement Observatory
    url: ${LONG_URL}
    reliability: B
    credibility: 2
slides:
  - layout: title
  - layout: text
    title: Joint purchasing
    body: The EU now buys some ammunition together [@observatory].
  - layout: text
    title: Second point
    body: More on joint purchasing.
  - layout: sources
    notes: Sources slide notes sentinel.
  - layout: text
    title: Annex detail
    annex: true
    body: Detail for the annex.
`;

interface RevealApi {
  isReady(): boolean;
  slide(h: number): void;
  getCurrentSlide(): HTMLElement;
  getProgress(): number;
  getTotalSlides(): number;
}

describe.runIf(browserAvailable())("issue 16's glitches", () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    const project = makeProject({ ...EVERY_LAYOUT, "briefs/eu.yaml": EU_BRIEF });
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    out = join(project, "dist");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(slug: string, hash = ""): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(`${pathToFileURL(join(out, `${slug}.html`)).href}${hash}`);
    await page.waitForFunction(() => (globalThis as unknown as { Reveal?: RevealApi }).Reveal?.isReady());
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  const slideNumber = (page: Page) =>
    page.evaluate(
      () => (globalThis as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide().dataset.bdNumber,
    );

  it("draws an acronym's underline with its text on screen, and none in print", async () => {
    const page = await open("eu");
    try {
      const look = () =>
        page.evaluate(() =>
          [...document.querySelectorAll("abbr[title]")].map((abbr) => {
            const style = getComputedStyle(abbr);
            return `${style.textDecorationLine} border ${style.borderBottomWidth}`;
          }),
        );
      const screen = await look();
      // The title's "(EU)" and the later uses: a border sits at the foot of the inline box, which in a
      // title's tight lines is under the next line's words; an underline follows the text.
      expect(screen.length).toBeGreaterThan(1);
      for (const style of screen) expect(style).toBe("underline border 0px");
      await page.emulateMediaType("print");
      for (const style of await look()) expect(style).toBe("none border 0px");
    } finally {
      await page.close();
    }
  });

  it("fills the section slide's frame with its wash, footer included", async () => {
    const page = await open("every-layout");
    try {
      const colours = await page.evaluate(() => {
        const slide = document.querySelector(".bd-layout-section") as Element;
        // The colour behind an element: its own or its nearest ancestor's with one.
        const behind = (el: Element | null): string => {
          for (let at = el; at !== null; at = at.parentElement) {
            const colour = getComputedStyle(at).backgroundColor;
            if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
          }
          return "none";
        };
        return {
          content: behind(slide.querySelector(".bd-content")),
          footer: behind(slide.querySelector(".bd-footer")),
        };
      });
      expect(colours.footer).toBe(colours.content);
      expect(colours.footer).not.toBe("rgb(255, 255, 255)");
    } finally {
      await page.close();
    }
  });

  it("balances the quote vertically in the space below the title", async () => {
    const page = await open("every-layout", "#/6");
    try {
      const gaps = await page.evaluate(() => {
        const content = document.querySelector(".bd-layout-quote .bd-content") as HTMLElement;
        const figure = (content.querySelector(".bd-quote") as Element).getBoundingClientRect();
        const box = content.getBoundingClientRect();
        const style = getComputedStyle(content);
        const heading = content.querySelector(".bd-heading")?.getBoundingClientRect();
        const top = heading ? heading.bottom : box.top + Number.parseFloat(style.paddingTop);
        const bottom = box.bottom - Number.parseFloat(style.paddingBottom);
        return { above: figure.top - top, below: bottom - figure.bottom };
      });
      expect(gaps.below).toBeGreaterThan(50);
      expect(Math.abs(gaps.above - gaps.below)).toBeLessThan(4);
    } finally {
      await page.close();
    }
  });

  it("wraps a source's URL after slashes or before dots and hyphens, never after a hyphen", async () => {
    const page = await open("eu", "#/sources");
    try {
      const url = await page.evaluate(() => {
        const link = document.querySelector("#sources a.bd-source-url") as HTMLAnchorElement;
        // Where each line starts: the characters whose box is lower than the one before's.
        const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
        const chars: Array<{ char: string; top: number }> = [];
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          for (let i = 0; i < (node.textContent ?? "").length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            chars.push({ char: node.textContent?.[i] ?? "", top: range.getBoundingClientRect().top });
          }
        }
        const breaks = chars.flatMap((c, i) => {
          const before = chars[i - 1];
          return before !== undefined && c.top > before.top + 5 ? [`${before.char}|${c.char}`] : [];
        });
        return { text: link.textContent, breaks };
      });
      expect(url.text).toBe(LONG_URL);
      expect(url.breaks.length).toBeGreaterThan(0);
      for (const at of url.breaks) expect(at).not.toMatch(/^-\|/);
    } finally {
      await page.close();
    }
  });

  it("prints the sources once in the handout, with the sources slide's notes", () => {
    const text = pdfText(join(out, "eu.handout.pdf"));
    expect(text.split("Observatory sentinel report").length - 1).toBe(1);
    expect(text).toContain("Sources slide notes sentinel");
    // The URL is extracted whole: the break hints add no characters.
    expect(text.replace(/\s/g, "")).toContain(LONG_URL);
  });

  it("prints the plain deck (Ctrl+P, no ?print-pdf) one landscape slide to a page", async () => {
    const page = await open("every-layout", "#/4");
    try {
      const slides = await page.evaluate(() => document.querySelectorAll(".reveal .slides > section").length);
      const main = await page.evaluate(
        () => document.querySelectorAll(".reveal .slides > section:not([data-visibility])").length,
      );
      const file = join(out, "plain-print.pdf");
      await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
      const sizes = pageSizes(file);
      expect(sizes).toHaveLength(slides);
      for (const size of sizes) expect(size).toBe("960 x 540 pts");
      // The matrix is whole on its page, and each page carries its own slide's number.
      const texts = pageTexts(file);
      const matrix = texts.find((t) => t.includes("Against the principles")) ?? "";
      expect(matrix).toContain("Rules unclear");
      expect(texts[3]?.replace(/\s/g, "")).toContain(`4/${main}`);
      // The DRAFT badge stays a badge.
      await page.emulateMediaType("print");
      const badge = await page.evaluate(() =>
        Math.max(
          ...[...document.querySelectorAll(".bd-draft-badge")].map((b) => b.getBoundingClientRect().width),
        ),
      );
      expect(badge).toBeGreaterThan(20);
      expect(badge).toBeLessThan(200);
    } finally {
      await page.close();
    }
  });

  it("counts slides from 1 alike in the address, the g jump and the footer", async () => {
    const page = await open("every-layout", "#/6");
    try {
      expect(await slideNumber(page)).toBe("6");
      await page.keyboard.press("g");
      await page.keyboard.type("7");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide().dataset.bdNumber === "7",
      );
      expect(await slideNumber(page)).toBe("7");
    } finally {
      await page.close();
    }
  });

  it("has the progress bar count the main slides the footer counts, and fill in the annex", async () => {
    const page = await open("every-layout");
    try {
      const facts = await page.evaluate(() => {
        const reveal = (globalThis as unknown as { Reveal: RevealApi }).Reveal;
        const sections = [...document.querySelectorAll<HTMLElement>(".reveal .slides > section")];
        return {
          total: reveal.getTotalSlides(),
          footer: sections[0]?.querySelector(".bd-slide-number [aria-hidden]")?.textContent ?? "",
          progress: sections.map((section, i) => {
            reveal.slide(i);
            return [section.dataset.bdNumber, reveal.getProgress()];
          }),
        };
      });
      expect(facts.footer).toBe(`1 / ${facts.total}`);
      for (const [number, progress] of facts.progress) {
        const main = /^\d+$/.test(String(number));
        expect(progress).toBeCloseTo(main ? (Number(number) - 1) / (facts.total - 1) : 1, 5);
      }
      expect(facts.progress.some(([number]) => String(number).startsWith("A"))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("returns with Back from a citation to the slide the reader came from", async () => {
    const page = await open("eu", "#/2");
    try {
      expect(await slideNumber(page)).toBe("2");
      await page.click(".present a.bd-cite");
      await page.waitForFunction(
        () => (globalThis as unknown as { Reveal: RevealApi }).Reveal.getCurrentSlide().id === "sources",
      );
      await page.goBack();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { Reveal?: RevealApi }).Reveal?.getCurrentSlide().dataset.bdNumber ===
          "2",
      );
      expect(page.url()).toContain("eu.html#/");
      expect(await slideNumber(page)).toBe("2");
    } finally {
      await page.close();
    }
  });
});
