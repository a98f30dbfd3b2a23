import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { type DeckWindow, useSpeakerDeck, WORDS } from "./speaker-helpers.ts";

// The speaker view as a presenter uses it: a deck opened from file:// in a browser with no special flags
// (so every file:// page is its own origin), a clicker sending its keys to whichever window has focus.

describe.runIf(browserAvailable())("the speaker view and the deck", () => {
  const sv = useSpeakerDeck();

  it("a clicker in the speaker window drives the deck, and keys in the deck move the speaker view", async () => {
    const page = await sv.browser.newPage();
    try {
      await page.goto(sv.deckUrl);
      await sv.waitForReveal(page);
      await page.evaluate(() => {
        const visits: number[] = [];
        (globalThis as unknown as { visits: number[] }).visits = visits;
        (globalThis as unknown as DeckWindow).Reveal.on("slidechanged", (e) => visits.push(e.indexh));
      });
      const popup = await sv.openSpeakerView(page);

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
        await sv.deckAt(page, h);
        await sv.notesShow(popup, WORDS[h] as string);
      }
      await sv.deckAt(sv.preview(popup, "current"), 2);
      await sv.deckAt(sv.preview(popup, "upcoming"), 3);

      // (b) The deck has focus: its keys move the speaker view.
      await page.bringToFront();
      await page.keyboard.press("ArrowRight");
      await sv.notesShow(popup, "four");
      await sv.deckAt(sv.preview(popup, "current"), 3);
      await sv.deckAt(sv.preview(popup, "upcoming"), 4);
      await page.keyboard.press("PageUp");
      await sv.notesShow(popup, "three");
      await sv.deckAt(sv.preview(popup, "current"), 2);

      // Only the current slide's preview reports its moves: the upcoming one, a slide ahead, never drives
      // the deck (it used to, on and on to the last slide).
      const reports = await Promise.all(
        (["current", "upcoming"] as const).map((which) =>
          sv
            .preview(popup, which)
            .evaluate(() => (globalThis as unknown as DeckWindow).Reveal.getConfig().postMessageEvents),
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
    const page = await sv.browser.newPage();
    try {
      await page.goto(sv.deckUrl);
      await sv.waitForReveal(page);
      const popup = await sv.openSpeakerView(page);
      await page.reload();
      await sv.waitForReveal(page);
      // The notes plugin reconnects on the speaker window's heartbeat and sends the deck's state.
      await page.evaluate(() => (globalThis as unknown as DeckWindow).Reveal.slide(3));
      await sv.notesShow(popup, "four");
      await popup.bringToFront();
      await popup.keyboard.press("PageDown");
      await sv.deckAt(page, 4);
      await sv.notesShow(popup, "five");
      await popup.close();
    } finally {
      await page.close();
    }
  }, 60_000);
});
