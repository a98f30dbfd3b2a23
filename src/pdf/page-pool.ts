import type { Browser, Page } from "puppeteer-core";
import { openPage } from "../browser/session.ts";
import { type DocumentPage, prepareDocumentPage } from "./load-page.ts";

/** The two pages one brief prints with: its deck and its handout. */
export interface PagePair {
  deck: DocumentPage;
  handout: DocumentPage;
}

/**
 * Pages kept open across briefs: opening and closing a page costs about as much as printing a short deck.
 * A pair that timed out or failed is closed instead of reused, so a stuck page never prints again.
 */
export interface PagePool {
  take(): Promise<PagePair>;
  give(pair: PagePair, healthy: boolean): Promise<void>;
  /** Starts opening `count` pairs now, for the next takes: Chromium opens them while Node works. */
  prepare(count: number): void;
  close(): Promise<void>;
}

// Browsers whose first, blank tab a pool has taken: only the first pool made for a browser takes it.
const blankTabTaken = new WeakSet<Browser>();

/**
 * A browser briefdeck launched opens with one blank tab that nothing uses. The first pool made for it
 * takes that tab for its first deck page, which saves opening a page (about as costly as printing a short
 * deck) on a cold build's critical path. The tabs of a browser briefdeck only connected to are someone
 * else's, and are left alone.
 */
function takeBlankTab(browser: Browser): Promise<Page | undefined> | undefined {
  if (browser.process() === null || blankTabTaken.has(browser)) return undefined;
  blankTabTaken.add(browser);
  return browser.pages().then(
    (pages) => pages.find((page) => page.url() === "about:blank"),
    () => undefined,
  );
}

/** A pool of page pairs in one browser. */
export function createPagePool(browser: Browser): PagePool {
  const idle: PagePair[] = [];
  // Pairs being opened ahead of a take, in the order they were asked for.
  const opening: Promise<PagePair>[] = [];
  const all = new Set<PagePair>();
  let blankTab = takeBlankTab(browser);
  const newPage = () => openPage(browser);
  const deckPage = async () => {
    const tab = blankTab;
    blankTab = undefined;
    return (await tab) ?? (await newPage());
  };
  const closePair = (pair: PagePair) =>
    Promise.all([pair.deck.page.close(), pair.handout.page.close()]).then(
      () => undefined,
      () => undefined,
    );
  const open = async () => {
    const [handout, deck] = await Promise.all([
      newPage().then(prepareDocumentPage),
      // The deck is laid out in its print view at the slides' own size.
      deckPage()
        .then(async (page) => {
          await page.setViewport({ width: 1280, height: 720 });
          return page;
        })
        .then(prepareDocumentPage),
    ]);
    const pair = { deck, handout };
    all.add(pair);
    return pair;
  };
  return {
    async take() {
      return idle.pop() ?? (await (opening.shift() ?? open()));
    },
    prepare(count) {
      for (let i = 0; i < count; i++) {
        const pair = open();
        // A failure is seen by the take that awaits it; none is left unhandled meanwhile.
        pair.catch(() => undefined);
        opening.push(pair);
      }
    },
    async give(pair, healthy) {
      if (healthy) {
        idle.push(pair);
        return;
      }
      all.delete(pair);
      await closePair(pair);
    },
    async close() {
      idle.length = 0;
      // Pairs still opening join `all` when they open, and close with it.
      await Promise.all(opening.splice(0).map((pair) => pair.catch(() => undefined)));
      await Promise.all([...all].map(closePair));
      all.clear();
    },
  };
}
