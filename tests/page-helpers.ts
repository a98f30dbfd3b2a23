import type { Page } from "puppeteer-core";
import { type PageProblems, prepareDocumentPage } from "../src/pdf/load-page.ts";
import { waitFor } from "./serve-helpers.ts";

export interface RevealLike {
  isReady(): boolean;
  getIndices(): { h: number; v: number; f?: number };
  getCurrentSlide(): HTMLElement;
  slide(h: number, v?: number, f?: number): void;
  nextFragment(): boolean;
}

/** Waits until Reveal is ready on the page (across a reload, which destroys the context meanwhile). */
export async function revealReady(page: Page, timeout = 20_000): Promise<void> {
  await waitFor(
    "Reveal to be ready",
    () =>
      page.evaluate(() => (globalThis as unknown as { Reveal?: RevealLike }).Reveal?.isReady?.() === true),
    timeout,
  );
}

/** Where the deck is and what its current slide shows. */
export async function deckState(page: Page): Promise<{
  h: number;
  f: number | undefined;
  title: string;
  marker: unknown;
  overlay: string | undefined;
  hash: string;
}> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { Reveal: RevealLike; __marker?: unknown };
    const indices = g.Reveal.getIndices();
    const slide = g.Reveal.getCurrentSlide();
    return {
      h: indices.h,
      f: indices.f,
      title: slide?.querySelector("h2")?.textContent?.trim() ?? "",
      marker: g.__marker,
      overlay: document.getElementById("briefdeck-overlay")?.textContent ?? undefined,
      hash: location.hash,
    };
  });
}

/** Marks the page so that a reload shows: the marker is gone afterwards. */
export async function mark(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __marker: number }).__marker = 1;
  });
}

/** Whether the page still carries the marker (false after a reload). */
export async function marked(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker === 1);
}

/**
 * Counts the live client's WebSocket handshakes the page completes (one per load), from the DevTools
 * protocol, so a test changes a file only once the page can hear about it.
 */
export async function trackSockets(
  page: Page,
): Promise<{ opened(): number; waitOpened(count: number, timeout?: number): Promise<void> }> {
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  let opened = 0;
  cdp.on("Network.webSocketHandshakeResponseReceived", (event) => {
    if (event.response.status === 101) opened++;
  });
  return {
    opened: () => opened,
    async waitOpened(count, timeout = 20_000) {
      await waitFor(`${count} open reload channel(s)`, () => opened >= count, timeout);
    },
  };
}

/**
 * Loads a built deck's print view into `page` (1280×720) as printing does, through briefdeck's own
 * document page, and waits until reveal.js has laid every slide out. Answers what the load reported.
 */
export async function openPrintView(page: Page, html: string, name: string): Promise<PageProblems> {
  await page.setViewport({ width: 1280, height: 720 });
  const deck = await prepareDocumentPage(page);
  const problems = await deck.load(html, name, "?view=print");
  await page.evaluate(
    () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
  );
  return problems;
}
