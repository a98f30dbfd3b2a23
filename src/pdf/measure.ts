import type { Page } from "puppeteer-core";

/** A slide whose content does not fit its 1280×720 frame. */
export interface Overflow {
  /** 1-based position in the deck (main slides, then the annex). */
  number: number;
  /** The slide's number as the deck shows it: "3", or "A1" in the annex. */
  label: string;
  title: string;
  /** How far the content reaches past the frame, in CSS pixels. */
  pixels: number;
  /** The fit step the slide was measured at (data-bd-fit; 0 when it has none). */
  fit: number;
}

/**
 * Runs the deck's fit script (src/render/fit-script.ts) in the page as it is laid out now, so the steps
 * are taken with the fonts loaded, and returns the step each slide kept, keyed by its number ("3", "A1").
 */
export function fitSlides(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    (window as unknown as { __briefdeckFit?: () => void }).__briefdeckFit?.();
    return readSteps();
    function readSteps() {
      const steps: Record<string, number> = {};
      for (const section of document.querySelectorAll<HTMLElement>("section.bd-section")) {
        steps[section.dataset.bdNumber ?? ""] = Number(section.dataset.bdFit ?? 0);
      }
      return steps;
    }
  });
}

/**
 * Gives another document's copies of the slides (the handout's) the fit steps the deck took, so both
 * print the same slide the same way.
 */
export function applyFitSteps(page: Page, steps: Record<string, number>): Promise<void> {
  return page.evaluate((steps) => {
    for (const section of document.querySelectorAll<HTMLElement>("section.bd-section")) {
      const step = steps[section.dataset.bdNumber ?? ""] ?? 0;
      for (const i of [1, 2, 3]) section.classList.toggle(`bd-fit-${i}`, i === step);
      section.dataset.bdFit = String(step);
    }
  }, steps);
}

/** Measures every slide's content against its frame, in the page as reveal.js laid it out. */
export function measureOverflow(page: Page): Promise<Overflow[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("section.bd-section")].flatMap((section, i) => {
      const content = section.querySelector<HTMLElement>(".bd-content");
      if (content === null) return [];
      const tall = content.scrollHeight - content.clientHeight;
      const wide = content.scrollWidth - content.clientWidth;
      const pixels = Math.max(tall, wide);
      const label = section.dataset.bdNumber ?? String(i + 1);
      const fit = Number(section.dataset.bdFit ?? 0);
      return pixels > 0 ? [{ number: i + 1, label, title: section.dataset.bdTitle ?? "", pixels, fit }] : [];
    }),
  );
}
