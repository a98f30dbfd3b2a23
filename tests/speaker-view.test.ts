import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Frame, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, makeProject, runCli } from "./helpers.ts";

// The speaker view as a presenter uses it: a deck opened from file:// in a browser with no special flags
// (so every file:// page is its own origin), a clicker sending its keys to whichever window has focus.

const WORDS = ["one", "two", "three", "four", "five"];
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
const HOSTILE = [
  { method: "slide", args: [3] },
  { method: "setState", args: [{ indexh: 3, indexv: 0 }] },
  { method: "next" },
  { namespace: "reveal-notes", type: "heartbeat" },
  { namespace: "reveal-notes", type: "call", callId: 1, methodName: "slide", arguments: [3] },
].map((m) => JSON.stringify(m));

// Runs before any script of every document in a page: counts the messages a window receives, ahead of
// the deck's own listeners, so a test knows when a message has been handled (or refused).
function countMessages() {
  const counted = globalThis as unknown as { messagesSeen: number };
  counted.messagesSeen = 0;
  addEventListener("message", () => counted.messagesSeen++, true);
}

interface RevealApi {
  isReady(): boolean;
  getIndices(): { h: number; v: number };
  getConfig(): Record<string, unknown>;
  on(event: string, fn: (e: { indexh: number }) => void): void;
  slide(h: number): void;
}
// Written out in each callback: the callbacks run in the page, without this file's closures.
type DeckWindow = { Reveal: RevealApi };

describe.runIf(browserAvailable())("the speaker view and the deck", () => {
  let browser: Browser;
  let deckUrl: string;
  let foreignUrl: string;

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
    const opened = new Promise<import("puppeteer-core").Target>((resolve) =>
      browser.once("targetcreated", resolve),
    );
    await page.keyboard.press("s");
    const popup = await (await opened).page();
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

  it("a clicker in the speaker window drives the deck, and keys in the deck move the speaker view", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(deckUrl);
      await waitForReveal(page);
      await page.evaluate(() => {
        const visits: number[] = [];
        (globalThis as unknown as { visits: number[] }).visits = visits;
        (globalThis as unknown as DeckWindow).Reveal.on("slidechanged", (e) => visits.push(e.indexh));
      });
      const popup = await openSpeakerView(page);

      // (a) The speaker window has focus: the clicker's keys move the projected deck, and the notes follow.
      await popup.bringToFront();
      const steps: Array<[string, number]> = [
        ["ArrowRight", 1],
        ["PageDown", 2],
        ["PageUp", 1],
        ["PageDown", 2],
      ];
      for (const [key, h] of steps) {
        await popup.keyboard.press(key as "ArrowRight");
        await deckAt(page, h);
        await notesShow(popup, WORDS[h] as string);
      }
      await deckAt(preview(popup, "current"), 2);
      await deckAt(preview(popup, "upcoming"), 3);

      // (b) The deck has focus: its keys move the speaker view.
      await page.bringToFront();
      await page.keyboard.press("ArrowRight");
      await notesShow(popup, "four");
      await deckAt(preview(popup, "current"), 3);
      await deckAt(preview(popup, "upcoming"), 4);
      await page.keyboard.press("PageUp");
      await notesShow(popup, "three");
      await deckAt(preview(popup, "current"), 2);

      // Only the current slide's preview reports its moves: the upcoming one, a slide ahead, never drives
      // the deck (it used to, on and on to the last slide).
      const reports = await Promise.all(
        (["current", "upcoming"] as const).map((which) =>
          preview(popup, which).evaluate(
            () => (globalThis as unknown as DeckWindow).Reveal.getConfig().postMessageEvents,
          ),
        ),
      );
      expect(reports).toEqual([true, false]);
      expect(await page.evaluate(() => (globalThis as unknown as { visits: number[] }).visits)).toEqual([
        1, 2, 1, 2, 3, 2,
      ]);
      await popup.close();
    } finally {
      await page.close();
    }
  }, 60_000);

  it("the open speaker view reconnects when the deck reloads, and still drives it", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(deckUrl);
      await waitForReveal(page);
      const popup = await openSpeakerView(page);
      await page.reload();
      await waitForReveal(page);
      // The notes plugin reconnects on the speaker window's heartbeat and sends the deck's state.
      await page.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(3));
      await notesShow(popup, "four");
      await popup.bringToFront();
      await popup.keyboard.press("PageDown");
      await deckAt(page, 4);
      await notesShow(popup, "five");
      await popup.close();
    } finally {
      await page.close();
    }
  }, 60_000);

  it("(c) a foreign page that frames the deck can neither move it nor pass as its speaker window", async () => {
    const foreign = await browser.newPage();
    try {
      await foreign.evaluateOnNewDocument(countMessages);
      await foreign.goto(foreignUrl);
      await foreign.evaluate((url) => {
        const frame = document.createElement("iframe");
        frame.src = url;
        document.body.append(frame);
      }, deckUrl);
      const deck = await (await foreign.waitForSelector("iframe"))?.contentFrame();
      if (!deck) throw new Error("the deck did not load in the frame");
      await waitForReveal(deck);

      await postFromForeign(foreign, "frame", deck, HOSTILE);
      expect(await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getIndices().h)).toBe(0);
      await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(2));
      const received = await sentToForeign(foreign, deck, "parent");
      expect(received.filter((m) => m.includes("Notes for slide"))).toEqual([]);
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it("(c) a foreign page that opened the deck (its window.opener) can neither move it nor read its notes", async () => {
    const foreign = await browser.newPage();
    try {
      await foreign.goto(foreignUrl);
      const opened = new Promise<import("puppeteer-core").Target>((resolve) =>
        browser.once("targetcreated", resolve),
      );
      await foreign.evaluate(() => {
        (globalThis as unknown as { deck: Window | null }).deck = window.open("about:blank", "deck");
      });
      const deck = await (await opened).page();
      if (!deck) throw new Error("the deck window did not open");
      await deck.evaluateOnNewDocument(countMessages);
      await deck.goto(deckUrl);
      await waitForReveal(deck);
      expect(await deck.evaluate(() => window.opener !== null)).toBe(true);

      await postFromForeign(foreign, "opened", deck, HOSTILE);
      expect(await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getIndices().h)).toBe(0);
      await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(2));
      const received = await sentToForeign(foreign, deck, "opener");
      expect(received.filter((m) => m.includes("Notes for slide"))).toEqual([]);
      await deck.close();
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it("(c) a page that finds the speaker window by name can neither write its notes nor move the deck", async () => {
    const foreign = await browser.newPage();
    try {
      await foreign.goto(foreignUrl);
      const opened = new Promise<import("puppeteer-core").Target>((resolve) =>
        browser.once("targetcreated", resolve),
      );
      await foreign.evaluate((url) => {
        (globalThis as unknown as { deck: Window | null }).deck = window.open(url, "deck");
      }, deckUrl);
      const deck = await (await opened).page();
      if (!deck) throw new Error("the deck window did not open");
      await waitForReveal(deck);
      const popup = await openSpeakerView(deck);

      // In Chromium the page that looks a window up by name becomes its opener, so the speaker window now
      // sends it what it meant for the deck: its heartbeat every second, and any move it relays.
      const mark = await foreign.evaluate(() => {
        const speaker = window.open("", "reveal.js - Notes");
        if (speaker?.length !== 2) throw new Error("the speaker window was not found by name");
        const state = { indexh: 3, indexv: 0, paused: false };
        speaker.postMessage(
          JSON.stringify({ namespace: "reveal-notes", type: "state", notes: "Forged notes.", state }),
          "*",
        );
        speaker.postMessage(JSON.stringify({ namespace: "reveal", eventName: "slidechanged", state }), "*");
        return (globalThis as unknown as { received: string[] }).received.length;
      });
      // Two heartbeats later the speaker window has handled both messages (its relay waits at most 0.5 s).
      await foreign.waitForFunction(
        (from) =>
          (globalThis as unknown as { received: string[] }).received
            .slice(from)
            .filter((m) => m.includes("heartbeat")).length >= 2,
        { timeout: 10_000, polling: 100 },
        mark,
      );
      const after = await foreign.evaluate(
        (from) => (globalThis as unknown as { received: string[] }).received.slice(from),
        mark,
      );
      expect(after.filter((m) => m.includes("setState"))).toEqual([]);
      const notes = await popup.evaluate(
        () => document.querySelector(".speaker-controls-notes")?.textContent ?? "",
      );
      expect(notes).toContain("Notes for slide one.");
      expect(notes).not.toContain("Forged");
      expect(await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getIndices().h)).toBe(0);
      await popup.close();
      await deck.close();
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it("(d) ?postMessage=true and ?postMessageEvents=true in the address do not open the deck to others", async () => {
    const foreign = await browser.newPage();
    try {
      await foreign.evaluateOnNewDocument(countMessages);
      await foreign.goto(foreignUrl);
      await foreign.evaluate((url) => {
        const frame = document.createElement("iframe");
        frame.src = `${url}?postMessage=true&postMessageEvents=true&url=file%3A%2F%2F%2Fetc%2F`;
        document.body.append(frame);
      }, deckUrl);
      const deck = await (await foreign.waitForSelector("iframe"))?.contentFrame();
      if (!deck) throw new Error("the deck did not load in the frame");
      await waitForReveal(deck);

      const config = await deck.evaluate(() => {
        const { postMessage, postMessageEvents, url } = (
          globalThis as unknown as DeckWindow
        ).Reveal.getConfig();
        return { postMessage, postMessageEvents, url: url ?? null };
      });
      expect(config).toEqual({ postMessage: false, postMessageEvents: false, url: null });
      await postFromForeign(foreign, "frame", deck, HOSTILE);
      expect(await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getIndices().h)).toBe(0);
      await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(2));
      const received = await sentToForeign(foreign, deck, "parent");
      expect(received.filter((m) => m.includes('"namespace":"reveal"'))).toEqual([]);
    } finally {
      await foreign.close();
    }
  }, 60_000);
});
