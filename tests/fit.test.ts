import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, makeProject, runCli } from "./helpers.ts";
import { revealReady } from "./page-helpers.ts";

// Fit steps (issue 16): a slide that does not fit first tightens, then steps its text down to its
// class's floor; only then is it reported, with a hint for its layout. The step is on the slide.

const MATRIX_ROW = `      - label: Row
        cells:
          - { rating: holds, text: "A cell with enough words to wrap onto a second line" }
          - { rating: fails, text: "Another cell with enough words to wrap onto two lines" }
`;

const FIT_BRIEF = brief(`  - layout: bullets
    title: Short and compact
    density: compact
    points: [One point]
  - layout: comparison
    title: Short matrix
    columns: [One, Two]
    rows:
${MATRIX_ROW}  - layout: comparison
    title: Tall matrix
    columns: [One, Two]
    rows:
${MATRIX_ROW.repeat(6)}`);

describe.runIf(browserAvailable())("fit steps in a real browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("records each slide's step: 0 when it fits, 1 for density: compact, more for a tall matrix", async () => {
    const dir = makeProject({ "briefs/fit.yaml": FIT_BRIEF });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code, stderr).toBe(0);
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(pathToFileURL(join(dir, "dist/fit.html")).href);
      await revealReady(page);
      await page.evaluate(() => document.fonts.ready);
      const steps = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("section.bd-section")].map((s) => [
          s.dataset.bdFitSteps,
          s.dataset.bdFit,
          s.classList.contains(`bd-fit-${s.dataset.bdFit}`) || s.dataset.bdFit === "0",
        ]),
      );
      expect(steps[0]).toEqual(["2", "1", true]);
      expect(steps[1]).toEqual(["3", "0", true]);
      expect(Number(steps[2]?.[1])).toBeGreaterThan(0);
      expect(steps[2]?.[2]).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("a slide that overflows at its last step is reported with its layout's hint", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/slide 2 "Far too many points" overflows .* at its tightest fit/);
    expect(stderr).toContain("split the points across two bullets slides, or move detail");
    const matrix = makeProject({
      "briefs/m.yaml": brief(`  - layout: comparison
    title: Far too many rows
    columns: [One, Two]
    rows:
${MATRIX_ROW.repeat(12).replace('label: Row\n        cells:\n          - { rating: holds, text: "A cell', 'label: Long\n        cells:\n          - { rating: holds, text: "The longest cell of them all, the one to shorten first, a cell')}`),
    });
    const checked = await runCli(["check"], matrix);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("`continue: true`");
    expect(checked.stderr).toContain('shorten the longest cell (row "Long", column "One")');
  });

  it("measures the slides as they print: a project's print-only rule that makes a slide overflow is reported", async () => {
    // The deck on screen fits; the theme's print rules (a templates folder's theme.css here) make its
    // points too large for the printed page. The slides are measured for print, so check and build say so
    // instead of printing the slide cut off.
    const dir = makeProject({
      "briefs/print.yaml": brief(
        "  - layout: bullets\n    title: Points\n    points: [One, Two, Three, Four]\n",
      ),
      "templates/theme.css": "@media print { .reveal .bd-points > li { font-size: 120px !important; } }\n",
    });
    const checked = await runCli(["check", "--templates", "templates"], dir);
    expect(checked.code, checked.stderr).toBe(1);
    expect(checked.stderr).toMatch(/slide 1 "Points" overflows its 1280×720 frame/);
    const built = await runCli(["build", "--templates", "templates"], dir);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/slide 1 "Points" overflows/);
  });
});
