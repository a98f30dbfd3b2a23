import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Frame, Page } from "puppeteer-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium } from "./browser.ts";
import { brief, makeProject, runCli } from "./helpers.ts";

export const WORDS = ["one", "two", "three", "four", "five"];
const SLIDES = WORDS.map(
  (word) => `  - layout: text
    title: Slide ${word}
    body: Body ${word}.
    notes: Notes for slide ${word}.
`,
).join("");

// A page of another origin that frames or opens the deck and posts to it; it keeps what it is sent.
const FOREIGN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foreign</title>
<script>window.received = []; addEventListener("message", function (e) { received.push(String(e.data)); });</script>
</head><body></body></html>`;

// Messages a foreign window might send to move the deck or to pass as its speaker window.
export const HOSTILE = [
  { method: "slide", args: [3] },
  { method: "setState", args: [{ indexh: 3, indexv: 0 }] },
  { method: "next" },
  { namespace: "reveal-notes", type: "heartbeat" },
  { namespace: "reveal-notes", type: "call", callId: 1, methodName: "slide", arguments: [3] },
].map((m) => JSON.stringify(m));

// Runs before any script of every document in a page: counts the messages a window receives, ahead of
// the deck's own listeners, so a test knows when a message has been handled (or refused).
export function countMessages() {
  const counted = globalThis as unknown as { messagesSeen: number };
  counted.messagesSeen = 0;
  addEventListener("message", () => counted.messagesSeen++, true);
}

export interface RevealApi {
  isReady(): boolean;
  getIndices(): { h: number; v: number };
  getConfig(): Record<string, unknown>;
  on(event: string, fn: (e: { indexh: number }) => void): void;
  slide(h: number): void;
}
// Written out in each callback: the callbacks run in the page, without this file's closures.
export type DeckWindow = { Reveal: RevealApi };

/**
 * A five-slide deck with notes, built and opened from file:// in a Chromium with no special flags (every
 * file:// page its own origin), and a page of another origin; with the helpers the speaker-view tests
 * share. Registers beforeAll/afterAll in the calling describe block.
 */
export function useSpeakerDeck() {
  let browser: Browser | undefined;
  let deckUrl = "";
  let foreignUrl = "";
  const opened = () => {
    if (browser === undefined) throw new Error("the browser is not running");
    return browser;
  };

  beforeAll(async () => {
    const project = makeProject({ "briefs/talk.yaml": brief(SLIDES) });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    deckUrl = pathToFileURL(join(project, "dist", "talk.html")).href;
    const foreign = join(mkdtempSync(join(tmpdir(), "briefdeck-foreign-")), "foreign.html");
    writeFileSync(foreign, FOREIGN_PAGE);
    foreignUrl = pathToFileURL(foreign).href;
    browser = await launchChromium({ fileAccess: false });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function waitForReveal(target: Page | Frame) {
    await target.waitForFunction(() => (globalThis as unknown as DeckWindow).Reveal.isReady() === true, {
      timeout: 10_000,
    });
  }

  async function openSpeakerView(page: Page): Promise<Page> {
    const created = new Promise<import("puppeteer-core").Target>((resolve) =>
      opened().once("targetcreated", resolve),
    );
    await page.keyboard.press("s");
    const popup = await (await created).page();
    if (!popup) throw new Error("the speaker view did not open");
    await notesShow(popup, "one");
    return popup;
  }

  function notesShow(popup: Page, word: string) {
    return popup.waitForFunction(
      (text) => document.querySelector(".speaker-controls-notes")?.textContent?.includes(text) === true,
      { timeout: 10_000, polling: 100 },
      `Notes for slide ${word}.`,
    );
  }

  function deckAt(target: Page | Frame, h: number) {
    return target.waitForFunction(
      (want) => (globalThis as unknown as DeckWindow).Reveal.getIndices().h === want,
      { timeout: 10_000, polling: 100 },
      h,
    );
  }

  function preview(popup: Page, which: "current" | "upcoming"): Frame {
    const mark = which === "current" ? "postMessageEvents=true" : "controls=false";
    const frame = popup.frames().find((f) => f.url().includes("receiver") && f.url().includes(mark));
    if (!frame) throw new Error(`no ${which} slide preview in the speaker view`);
    return frame;
  }

  /** Posts each message from the foreign page to the deck (its frame or the window it opened), then waits for all. */
  async function postFromForeign(
    foreign: Page,
    target: "frame" | "opened",
    deck: Page | Frame,
    messages: string[],
  ) {
    const before = await deck.evaluate(
      () => (globalThis as unknown as { messagesSeen: number }).messagesSeen,
    );
    await foreign.evaluate(
      (to, all) => {
        const win = to === "frame" ? window.frames[0] : (globalThis as unknown as { deck: Window }).deck;
        for (const message of all) win?.postMessage(message, "*");
      },
      target,
      messages,
    );
    await deck.waitForFunction(
      (count) => (globalThis as unknown as { messagesSeen: number }).messagesSeen >= count,
      { timeout: 10_000, polling: 100 },
      before + messages.length,
    );
  }

  /** What the deck sent the foreign page, up to a sentinel it sends last (messages arrive in order). */
  async function sentToForeign(
    foreign: Page,
    deck: Page | Frame,
    via: "parent" | "opener",
  ): Promise<string[]> {
    await deck.evaluate((which) => {
      (which === "parent" ? window.parent : (window.opener as Window)).postMessage("sentinel", "*");
    }, via);
    await foreign.waitForFunction(
      () => (globalThis as unknown as { received: string[] }).received.includes("sentinel"),
      { timeout: 10_000, polling: 100 },
    );
    return foreign.evaluate(() => (globalThis as unknown as { received: string[] }).received);
  }

  return {
    get browser() {
      return opened();
    },
    get deckUrl() {
      return deckUrl;
    },
    get foreignUrl() {
      return foreignUrl;
    },
    waitForReveal,
    openSpeakerView,
    notesShow,
    deckAt,
    preview,
    postFromForeign,
    sentToForeign,
  };
}
