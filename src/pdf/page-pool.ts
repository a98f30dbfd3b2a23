import type { Browser } from "puppeteer-core";
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

/** A pool of page pairs in one browser. */
export function createPagePool(browser: Browser): PagePool {
  const idle: PagePair[] = [];
  // Pairs being opened ahead of a take, in the order they were asked for.
  const opening: Promise<PagePair>[] = [];
  const all = new Set<PagePair>();
  const closePair = (pair: PagePair) =>
    Promise.all([pair.deck.page.close(), pair.handout.page.close()]).then(
      () => undefined,
      () => undefined,
    );
  const open = async () => {
    const [handout, deck] = await Promise.all([
      browser.newPage().then(prepareDocumentPage),
      // The deck is laid out in its print view at the slides' own size.
      browser
        .newPage()
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
