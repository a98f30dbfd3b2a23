import type { Page } from "puppeteer-core";
import type { FontRole, SlideGeometry } from "../slide-geometry.ts";

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
    window.__briefdeckFit?.();
    // A transition the fit's classes started ends now, as the document's own animations did at load
    // (pdf/load-page.ts); a page the pool did not prepare has none to finish.
    window.__briefdeckFinishAnimations?.();
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
    window.__briefdeckFinishAnimations?.();
  }, steps);
}

/** The deck as measured: the slides that overflow, and every slide's geometry for the PowerPoint. */
export interface Measured {
  overflows: Overflow[];
  /** Every slide in deck order; null where a custom template left out the content's frame. */
  slides: (SlideGeometry | null)[];
}

// Where each font role is read: the first element that matches in the slide. Computed styles, so the
// PowerPoint follows whatever the theme (a brand's, a fit step's) ends up with.
const ROLES: Record<FontRole, string> = {
  title: ".bd-heading, .bd-title, .bd-section-title",
  subtitle: ".bd-subtitle, .bd-section-subtitle",
  text: ".bd-points > li, .bd-judgment-text, .bd-body, .bd-quote blockquote, .bd-change-summary, .bd-sources, .bd-matrix tbody td",
  small: ".bd-subpoints > li, .bd-estimate, .bd-change-meta, .bd-quote figcaption, .bd-rating, .bd-grading",
  head: ".bd-matrix thead th",
  table: ".bd-body table td, .bd-body table th",
};

/**
 * Measures every slide in the page as reveal.js laid it out: its content against its frame, the
 * content's and the heading's boxes, and the computed font size of each text role.
 */
export function measureSlides(page: Page): Promise<Measured> {
  return page.evaluate((roles: Record<string, string>) => {
    const overflows: Overflow[] = [];
    const slides: (SlideGeometry | null)[] = [];
    [...document.querySelectorAll<HTMLElement>("section.bd-section")].forEach((section, i) => {
      const slide = section.querySelector<HTMLElement>(".bd-slide");
      const content = section.querySelector<HTMLElement>(".bd-content");
      if (slide === null || content === null) {
        slides.push(null);
        return;
      }
      const frame = slide.getBoundingClientRect();
      const scale = frame.width / slide.offsetWidth || 1;
      const box = (r: DOMRect) => ({
        x: (r.left - frame.left) / scale,
        y: (r.top - frame.top) / scale,
        w: r.width / scale,
        h: r.height / scale,
      });
      const style = getComputedStyle(content);
      const outer = box(content.getBoundingClientRect());
      const px = (v: string) => Number.parseFloat(v) || 0;
      const inner = {
        x: outer.x + px(style.paddingLeft),
        y: outer.y + px(style.paddingTop),
        w: outer.w - px(style.paddingLeft) - px(style.paddingRight),
        h: outer.h - px(style.paddingTop) - px(style.paddingBottom),
      };
      const heading = content.querySelector<HTMLElement>(".bd-heading");
      const title = heading === null ? undefined : box(heading.getBoundingClientRect());
      const bodyTop =
        heading === null || title === undefined
          ? inner.y
          : title.y + title.h + px(getComputedStyle(heading).marginBottom);
      const fonts: Record<string, number> = {};
      for (const [role, selector] of Object.entries(roles)) {
        const found = content.querySelector(selector);
        if (found !== null) fonts[role] = px(getComputedStyle(found).fontSize);
      }
      const overflow = Math.max(
        content.scrollHeight - content.clientHeight,
        content.scrollWidth - content.clientWidth,
        0,
      );
      const fit = Number(section.dataset.bdFit ?? 0);
      const boxOf = (selector: string) => {
        const found = content.querySelector(selector);
        return found === null ? undefined : box(found.getBoundingClientRect());
      };
      const blocks = {
        title: boxOf(".bd-title, .bd-section-title"),
        subtitle: boxOf(".bd-subtitle, .bd-section-subtitle"),
        track: boxOf(".bd-timeline-track"),
        events: boxOf(".bd-events"),
      };
      const tables = [...content.querySelectorAll(".bd-matrix, .bd-body table")].map((t) =>
        box(t.getBoundingClientRect()),
      );
      slides.push({ content: inner, title, bodyTop, fonts, overflow, fit, blocks, tables });
      const label = section.dataset.bdNumber ?? String(i + 1);
      if (overflow > 0)
        overflows.push({ number: i + 1, label, title: section.dataset.bdTitle ?? "", pixels: overflow, fit });
    });
    return { overflows, slides };
  }, ROLES);
}

/** Measures every slide's content against its frame, in the page as reveal.js laid it out. */
export async function measureOverflow(page: Page): Promise<Overflow[]> {
  return (await measureSlides(page)).overflows;
}
