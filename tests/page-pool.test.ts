import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPagePool } from "../src/pdf/page-pool.ts";
import { browserAvailable, launchChromium } from "./browser.ts";

describe.runIf(browserAvailable())("the page pool", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it("prints a launched browser's first deck in the blank tab it opened with, and opens one page more", async () => {
    const [blank] = await browser.pages();
    const pool = createPagePool(browser);
    const pair = await pool.take();
    expect(pair.deck.page).toBe(blank);
    expect(await browser.pages()).toHaveLength(2);
    // A second pool on the same browser, and the next pair, open pages of their own.
    const other = createPagePool(browser);
    const [second, third] = await Promise.all([pool.take(), other.take()]);
    for (const p of [second, third]) expect(p.deck.page).not.toBe(blank);
    expect(await browser.pages()).toHaveLength(6);
    await Promise.all([pool.close(), other.close()]);
  });

  it("leaves the tabs of a browser it only connected to alone", async () => {
    const { default: puppeteer } = await import("puppeteer-core");
    const launched = await launchChromium();
    const connected = await puppeteer.connect({ browserWSEndpoint: launched.wsEndpoint() });
    try {
      const [blank] = await connected.pages();
      const pool = createPagePool(connected);
      const pair = await pool.take();
      expect(pair.deck.page.target()).not.toBe(blank?.target());
      expect(await connected.pages()).toHaveLength(3);
      await pool.close();
      expect(await connected.pages()).toHaveLength(1);
    } finally {
      await connected.disconnect();
      await launched.close();
    }
  });
});
