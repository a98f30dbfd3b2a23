import { cpSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { EVERY_LAYOUT, makeProject, ROOT, runCli } from "./helpers.ts";
import { revealReady } from "./page-helpers.ts";
import { pageTexts } from "./pdf-helpers.ts";

// The type scale for meeting rooms (issue 16), on the 1280×720 canvas: every visible text node of every
// slide, measured in the browser after the deck has fitted its slides, is at least its class's minimum.
const MINIMUM = { body: 28, secondary: 22, small: 18 } as const;
type TypeClass = keyof typeof MINIMUM;

// Which class a text node belongs to: the first selector that its element is inside, in this order.
const CLASSES: Array<[TypeClass, string]> = [
  // Footer, marking, the DRAFT badge, and citation numbers (superscripts).
  ["small", ".bd-footer, .bd-marking, .bd-draft-badge, a.bd-cite"],
  // Labels and values of estimates, ratings, gradings, cells, sub-points, the source list, bylines.
  [
    "secondary",
    ".bd-estimate, .bd-rating, .bd-grading, .bd-matrix, .bd-sources, .bd-subpoints, .bd-byline, .bd-change-meta, figcaption, .bd-body table",
  ],
  // The timeline's lane names, ticks, dates, keys and details, the figures' comparisons, a chart's axes
  // and source line.
  [
    "secondary",
    ".bd-lane-name, .bd-tick, .bd-now-label, .bd-event-key, .bd-event-when, .bd-event-detail, .bd-figure-compare, .bd-chart, .bd-chart-source",
  ],
];

const DECKS = ["every-layout", "coalition-vs-peacekeeping", "matrix-5x3"];

interface TooSmall {
  slide: string;
  kind: string;
  size: number;
  text: string;
}

/** Every visible text node of every slide whose font is below its class's minimum. */
async function findTooSmall(page: Page): Promise<{ checked: number; small: TooSmall[] }> {
  return page.evaluate(
    async (classes, minimum) => {
      const reveal = (globalThis as unknown as { Reveal: { slide(i: number): void } }).Reveal;
      const sections = [...document.querySelectorAll<HTMLElement>("section.bd-section")];
      const small: Array<{ slide: string; kind: string; size: number; text: string }> = [];
      let checked = 0;
      for (const [i, section] of sections.entries()) {
        reveal.slide(i);
        await new Promise((resolve) => setTimeout(resolve, 0));
        const walker = document.createTreeWalker(section.querySelector(".bd-slide") ?? section, 4);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const text = node.textContent?.trim() ?? "";
          const element = node.parentElement;
          if (text === "" || element === null) continue;
          // Decoration and what only assistive technology reads: the watermark, icons, hidden labels.
          if (element.closest(".bd-draft-watermark, svg, .bd-visually-hidden, aside.notes")) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const box = range.getBoundingClientRect();
          const style = getComputedStyle(element);
          if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
          checked += 1;
          const kind = classes.find(([, selector]) => element.closest(selector))?.[0] ?? "body";
          const size = Number.parseFloat(style.fontSize);
          if (size < minimum[kind]) {
            small.push({ slide: section.dataset.bdNumber ?? "", kind, size, text: text.slice(0, 40) });
          }
        }
      }
      return { checked, small };
    },
    CLASSES,
    MINIMUM,
  );
}

describe.runIf(browserAvailable())("the type scale in a real browser", () => {
  let browser: Browser;
  let project: string;

  beforeAll(async () => {
    project = makeProject({ ...EVERY_LAYOUT, "briefs/matrix-5x3.yaml": "fixture:pdf/matrix-5x3.yaml" });
    cpSync(
      join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"),
      join(project, "briefs/coalition-vs-peacekeeping.yaml"),
    );
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const slug of DECKS) {
    it(`${slug}: body >= 28px, secondary >= 22px, footer and marking >= 18px on every slide`, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: 1280, height: 720 });
        await page.goto(pathToFileURL(join(project, "dist", `${slug}.html`)).href);
        await revealReady(page);
        await page.evaluate(() => document.fonts.ready);
        const { checked, small } = await findTooSmall(page);
        expect(checked).toBeGreaterThan(20);
        expect(small).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it("the handout prints the matrix at the deck's fit step (ratings run in with the text in both)", async () => {
    const { code, stderr } = await runCli(["build", "briefs/matrix-5x3.yaml"], project);
    expect(code, stderr).toBe(0);
    for (const file of ["matrix-5x3.pdf", "matrix-5x3.handout.pdf"]) {
      const text = pageTexts(join(project, "dist", file)).join("\n");
      expect(text, file).toMatch(/PARTIAL Framework/);
    }
  });

  it("the 5 × 3 matrix with two-line cells fits one slide: check reports no slide-overflow", async () => {
    const { code, stderr } = await runCli(["check", "briefs/matrix-5x3.yaml"], project);
    expect(stderr).not.toContain("slide-overflow");
    expect(code, stderr).toBe(0);
  });
});
