import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { countMessages, type DeckWindow, HOSTILE, useSpeakerDeck } from "./speaker-helpers.ts";

// What other pages can do to a deck opened from file:// (every file:// page its own origin): frame it,
// open it, find its speaker window by name, or add postMessage switches to its address.

describe.runIf(browserAvailable())("the speaker view and the deck: foreign pages", () => {
  const sv = useSpeakerDeck();

  /** Opens a window named "deck" from the foreign page (at `url`) and returns its page. */
  async function openFromForeign(foreign: import("puppeteer-core").Page, url: string) {
    const opened = new Promise<import("puppeteer-core").Target>((resolve) =>
      sv.browser.once("targetcreated", resolve),
    );
    await foreign.evaluate((to) => {
      (globalThis as unknown as { deck: Window | null }).deck = window.open(to, "deck");
    }, url);
    const deck = await (await opened).page();
    if (!deck) throw new Error("the deck window did not open");
    return deck;
  }

  /**
   * Sends the hostile messages from a foreign page (as `via`), checks that the deck did not move, moves it
   * from inside, and returns what the foreign page heard through `listen`.
   */
  async function attempt(
    foreign: Parameters<typeof sv.postFromForeign>[0],
    via: Parameters<typeof sv.postFromForeign>[1],
    deck: Parameters<typeof sv.postFromForeign>[2],
    listen: Parameters<typeof sv.sentToForeign>[2],
  ): Promise<string[]> {
    await sv.postFromForeign(foreign, via, deck, HOSTILE);
    expect(await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getIndices().h)).toBe(0);
    await deck.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(2));
    return sv.sentToForeign(foreign, deck, listen);
  }

  it("(c) a foreign page that frames the deck can neither move it nor pass as its speaker window", async () => {
    const foreign = await sv.browser.newPage();
    try {
      await foreign.evaluateOnNewDocument(countMessages);
      await foreign.goto(sv.foreignUrl);
      await foreign.evaluate((url) => {
        const frame = document.createElement("iframe");
        frame.src = url;
        document.body.append(frame);
      }, sv.deckUrl);
      const deck = await (await foreign.waitForSelector("iframe"))?.contentFrame();
      if (!deck) throw new Error("the deck did not load in the frame");
      await sv.waitForReveal(deck);

      const received = await attempt(foreign, "frame", deck, "parent");
      expect(received.filter((m) => m.includes("Notes for slide"))).toEqual([]);
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it("(c) a foreign page that opened the deck (its window.opener) can neither move it nor read its notes", async () => {
    const foreign = await sv.browser.newPage();
    try {
      await foreign.goto(sv.foreignUrl);
      const deck = await openFromForeign(foreign, "about:blank");
      await deck.evaluateOnNewDocument(countMessages);
      await deck.goto(sv.deckUrl);
      await sv.waitForReveal(deck);
      expect(await deck.evaluate(() => window.opener !== null)).toBe(true);

      const received = await attempt(foreign, "opened", deck, "opener");
      expect(received.filter((m) => m.includes("Notes for slide"))).toEqual([]);
      await deck.close();
    } finally {
      await foreign.close();
    }
  }, 60_000);

  it("(c) a page that finds the speaker window by name can neither write its notes nor move the deck", async () => {
    const foreign = await sv.browser.newPage();
    try {
      await foreign.goto(sv.foreignUrl);
      const deck = await openFromForeign(foreign, sv.deckUrl);
      await sv.waitForReveal(deck);
      const popup = await sv.openSpeakerView(deck);

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
    const foreign = await sv.browser.newPage();
    try {
      await foreign.evaluateOnNewDocument(countMessages);
      await foreign.goto(sv.foreignUrl);
      await foreign.evaluate((url) => {
        const frame = document.createElement("iframe");
        frame.src = `${url}?postMessage=true&postMessageEvents=true&url=file%3A%2F%2F%2Fetc%2F`;
        document.body.append(frame);
      }, sv.deckUrl);
      const deck = await (await foreign.waitForSelector("iframe"))?.contentFrame();
      if (!deck) throw new Error("the deck did not load in the frame");
      await sv.waitForReveal(deck);

      const config = await deck.evaluate(() => {
        const { postMessage, postMessageEvents, url } = (
          globalThis as unknown as DeckWindow
        ).Reveal.getConfig();
        return { postMessage, postMessageEvents, url: url ?? null };
      });
      expect(config).toEqual({ postMessage: false, postMessageEvents: false, url: null });
      const received = await attempt(foreign, "frame", deck, "parent");
      expect(received.filter((m) => m.includes('"namespace":"reveal"'))).toEqual([]);
    } finally {
      await foreign.close();
    }
  }, 60_000);
});
