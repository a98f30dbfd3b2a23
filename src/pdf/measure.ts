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
      return pixels > 0 ? [{ number: i + 1, label, title: section.dataset.bdTitle ?? "", pixels }] : [];
    }),
  );
}
