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
  close(): Promise<void>;
}

/** A pool of page pairs in one browser. */
export function createPagePool(browser: Browser): PagePool {
  const idle: PagePair[] = [];
  const all = new Set<PagePair>();
  const closePair = (pair: PagePair) =>
    Promise.all([pair.deck.page.close(), pair.handout.page.close()]).then(
      () => undefined,
      () => undefined,
    );
  return {
    async take() {
      const reused = idle.pop();
      if (reused !== undefined) return reused;
      const [handout, deck] = await Promise.all([
        browser.newPage().then(prepareDocumentPage),
        browser.newPage().then(prepareDocumentPage),
      ]);
      const pair = { deck, handout };
      all.add(pair);
      return pair;
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
      await Promise.all([...all].map(closePair));
      all.clear();
    },
  };
}
