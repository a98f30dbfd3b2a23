import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printBrief } from "../src/pdf/export-pdf.ts";
import { createPagePool } from "../src/pdf/page-pool.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { FIXTURES, ROOT } from "./helpers.ts";
import { waitFor } from "./serve-helpers.ts";

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

  it("closes the pages of a brief whose time ran out before they had opened, instead of printing in them", async () => {
    const compiled = await compileBrief(join(FIXTURES, "valid/every-layout.yaml"), {
      projectRoot: ROOT,
      templates: loadTemplates(),
      version: "test",
      render: true,
    });
    if (compiled.brief === undefined || compiled.rendered === undefined) throw new Error("did not compile");
    const before = (await browser.pages()).length;
    let opened = 0;
    const count = (target: { type(): string }) => {
      if (target.type() === "page") opened++;
    };
    browser.on("targetcreated", count);
    // A pool with no pair open yet: opening one takes longer than the brief's 1 ms.
    const pool = createPagePool(browser);
    try {
      const printed = await printBrief(pool, compiled.brief, compiled.rendered, {
        paper: "a4",
        allowOverflow: true,
        timeout: 1,
        producer: "test",
      });
      expect(printed.slides).toBeUndefined();
      expect(printed.diagnostics.map((d) => d.message).join("\n")).toMatch(/took longer than/);
      // The pair the brief asked for arrives late, and is closed rather than kept printing.
      await waitFor("the late pair to open", () => opened >= 2);
      await waitFor("the late pages to be closed", async () => (await browser.pages()).length === before);
    } finally {
      browser.off("targetcreated", count);
      await pool.close();
    }
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
