import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { ROOT } from "./helpers.ts";
import { deckState, mark, marked, type RevealLike, revealReady, trackSockets } from "./page-helpers.ts";
import {
  BACKGROUND_TITLE,
  coalitionProject,
  httpRequest,
  OPTIONS_TITLE,
  reloadedSlugs,
  SLUG,
  usePreview,
  waitFor,
  withBackgroundTitle,
  withOptionsTitle,
} from "./serve-helpers.ts";

// Positions in the first brief's deck (0-based): the title, what changed, the bottom line, then these.
const BACKGROUND = 3;
const OPTIONS = 2;

// The live preview in a real browser: every save reloads the open page on the same slide and fragment,
// a broken brief shows an overlay over the last good deck, and only the pages a change affects reload.

type Reveal = { Reveal: RevealLike };

describe.runIf(browserAvailable())("briefdeck serve in a browser", () => {
  let browser: Browser;
  const previews = usePreview();
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close().catch(() => {});
  });

  /** Opens a served deck and waits until it is ready and its reload channel is open. */
  async function open(url: string, socketTimeout = 20_000) {
    const page = await browser.newPage();
    pages.push(page);
    await page.setViewport({ width: 1280, height: 720 });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    const sockets = await trackSockets(page);
    await page.goto(url);
    await revealReady(page);
    await sockets.waitOpened(1, socketTimeout).catch((error: Error) => {
      throw new Error(`${error.message}\npage problems:\n${problems.join("\n")}`);
    });
    return { page, sockets, problems };
  }

  /**
   * Moves the deck and waits until Reveal has written the position into the URL (it rewrites the URL at
   * most once a second), as it has when someone has been looking at a slide for a moment.
   */
  async function goTo(page: Page, h: number, fragments = 0) {
    const before = await page.evaluate(() => location.hash);
    await page.evaluate(
      (h, fragments) => {
        const reveal = (globalThis as unknown as Reveal).Reveal;
        reveal.slide(h);
        for (let i = 0; i < fragments; i++) reveal.nextFragment();
      },
      h,
      fragments,
    );
    await waitFor("the position in the URL", async () => {
      const hash = await page.evaluate(() => location.hash);
      return hash !== before && (fragments === 0 || /\/\d+$/.test(hash));
    });
  }

  it("a save of the brief reloads the page on the same slide, showing the new title", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const running = await previews.start(dir);
    const { page } = await open(`${running.preview.url}${SLUG}.html`);
    await goTo(page, BACKGROUND);
    const before = await deckState(page);
    expect(before).toMatchObject({ h: BACKGROUND, title: BACKGROUND_TITLE });
    await mark(page);

    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Background, revised on disk"));

    const after = await waitFor("the Background slide to show the new title after a reload", async () => {
      const state = await deckState(page);
      return state.marker === undefined &&
        state.h === BACKGROUND &&
        state.title === "Background, revised on disk"
        ? state
        : undefined;
    });
    expect(after.overlay).toBeUndefined();
  });

  it("a save right after moving to a slide still comes back to that slide", async () => {
    // Reveal rewrites the URL at most once a second; a save that lands sooner must not lose the slide.
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const running = await previews.start(dir);
    const { page } = await open(`${running.preview.url}${SLUG}.html`);
    await page.evaluate((h) => {
      (globalThis as unknown as Reveal).Reveal.slide(h);
    }, BACKGROUND);
    await mark(page);
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Saved straight away"));
    await waitFor("the page to reload", async () => !(await marked(page)));
    await revealReady(page);
    const after = await deckState(page);
    expect({ h: after.h, title: after.title }).toEqual({ h: BACKGROUND, title: "Saved straight away" });
  });

  it("keeps the fragment position: a step slide reloads with the same fragments shown", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const running = await previews.start(dir);
    const { page } = await open(`${running.preview.url}${SLUG}.html`);
    // Slide 3 is the `step: true` bullets slide (OPTIONS_TITLE); show two of its fragments.
    await goTo(page, OPTIONS, 2);
    const before = await deckState(page);
    expect(before).toMatchObject({ h: OPTIONS, f: 1, title: OPTIONS_TITLE });
    await mark(page);

    writeFileSync(brief, withOptionsTitle(readFileSync(brief, "utf8"), "Options still on the table"));

    const after = await waitFor("the step slide to come back with its fragments", async () => {
      const state = await deckState(page);
      return state.marker === undefined && state.title === "Options still on the table" ? state : undefined;
    });
    expect(after).toMatchObject({ h: OPTIONS, f: 1 });
    const visible = await page.evaluate(
      () =>
        (globalThis as unknown as Reveal).Reveal.getCurrentSlide().querySelectorAll(".fragment.visible")
          .length,
    );
    expect(visible).toBe(2);
  });

  it("invalid YAML shows an overlay with file:line:col over the last good deck; fixing it clears it, same server", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const good = readFileSync(brief, "utf8");
    const running = await previews.start(dir);
    const { preview } = running;
    const port = preview.server.port;
    const { page, sockets } = await open(`${preview.url}${SLUG}.html`);
    await goTo(page, BACKGROUND);
    await mark(page);

    // "title: <title>: broken" is a nested mapping in a compact mapping: a YAML syntax error whose
    // position is the start of the value on that line.
    const lines = good.split("\n");
    const index = lines.indexOf(`    title: ${BACKGROUND_TITLE}`);
    expect(index).toBeGreaterThan(0);
    const broken = [...lines];
    broken[index] = `    title: ${BACKGROUND_TITLE}: broken`;
    const line = index + 1;
    const column = "    title: ".length + 1;
    writeFileSync(brief, broken.join("\n"));

    const overlay = await waitFor("the error overlay", async () => (await deckState(page)).overlay);
    expect(overlay).toContain(`briefs/${SLUG}.yaml:${line}:${column}`);
    expect(overlay).toContain("error");
    // Underneath: the same page (no reload), still the last good deck on the same slide.
    const underneath = await deckState(page);
    expect(underneath).toMatchObject({ marker: 1, h: BACKGROUND, title: BACKGROUND_TITLE });
    // A fresh request gets the last good deck too, and the index says the brief has an error.
    const served = (await httpRequest(port, `/${SLUG}.html`)).body.toString();
    expect(served).toContain(`>${BACKGROUND_TITLE}</h2>`);
    expect((await httpRequest(port, "/")).body.toString()).toContain("1 error");
    // A page opened while the brief is broken shows the overlay as soon as it connects.
    const late = await open(`${preview.url}${SLUG}.html`);
    const lateOverlay = await waitFor(
      "the overlay on a new page",
      async () => (await deckState(late.page)).overlay,
    );
    expect(lateOverlay).toContain(`briefs/${SLUG}.yaml:${line}:${column}`);

    // Back to the exact good text: the output did not change, so the overlay goes without a reload.
    writeFileSync(brief, good);
    await waitFor("the overlay to go", async () => (await deckState(page)).overlay === undefined);
    expect(await marked(page)).toBe(true);

    // Broken again, then fixed with new content: the page reloads with the new title and no overlay.
    writeFileSync(brief, broken.join("\n"));
    await waitFor("the overlay again", async () => (await deckState(page)).overlay);
    writeFileSync(brief, withBackgroundTitle(good, "Background after the fix"));
    const fixed = await waitFor("the fixed deck", async () => {
      const state = await deckState(page);
      return state.marker === undefined && state.title === "Background after the fix" ? state : undefined;
    });
    expect(fixed.h).toBe(BACKGROUND);
    expect(fixed.overlay).toBeUndefined();
    await sockets.waitOpened(2);
    // A freshly connected page of a good brief gets no overlay either.
    await running.settle(200);
    expect((await deckState(page)).overlay).toBeUndefined();

    // The same server throughout: one start, the same port answering, the same preview object.
    expect(running.starts).toBe(1);
    expect(preview.server.port).toBe(port);
    expect(running.preview).toBe(preview);
    const home = await httpRequest(port, "/");
    expect(home.status).toBe(200);
    expect(home.body.toString()).not.toContain("error");
  });

  it("changing brief A reloads A's page only; a template change reloads every open deck", async () => {
    const dir = coalitionProject(["alpha", "bravo"]);
    const templates = mkdtempSync(join(tmpdir(), "briefdeck-templates-"));
    mkdirSync(templates, { recursive: true });
    cpSync(join(ROOT, "templates/theme.css"), join(templates, "theme.css"));
    const running = await previews.start(dir, templates);
    const a = await open(`${running.preview.url}alpha.html`);
    const b = await open(`${running.preview.url}bravo.html`);
    await goTo(a.page, BACKGROUND);
    await goTo(b.page, BACKGROUND);
    await mark(a.page);
    await mark(b.page);

    const alpha = join(dir, "briefs/alpha.yaml");
    writeFileSync(alpha, withBackgroundTitle(readFileSync(alpha, "utf8"), "Alpha only"));
    await waitFor("A to reload", async () => {
      const state = await deckState(a.page);
      return state.marker === undefined && state.title === "Alpha only";
    });
    await running.settle(500);
    expect(await marked(b.page)).toBe(true);
    expect((await deckState(b.page)).title).toBe(BACKGROUND_TITLE);
    expect(running.rebuilds.map(reloadedSlugs)).toEqual([["alpha"]]);

    // Both pages listen again before the template changes.
    await a.sockets.waitOpened(2);
    await mark(a.page);
    const theme = join(templates, "theme.css");
    writeFileSync(theme, `${readFileSync(theme, "utf8")}\n:root { --briefdeck-test-marker: changed; }\n`);
    for (const { page } of [a, b]) {
      await waitFor("the template change to reload the page", async () => {
        if (await marked(page)) return false;
        await revealReady(page);
        return page.evaluate(
          () =>
            getComputedStyle(document.documentElement).getPropertyValue("--briefdeck-test-marker").trim() ===
            "changed",
        );
      });
    }
    expect((await deckState(a.page)).h).toBe(BACKGROUND);
    expect((await deckState(b.page)).h).toBe(BACKGROUND);
    await running.settle(300);
    expect(running.rebuilds.map(reloadedSlugs)).toEqual([["alpha"], ["alpha", "bravo"]]);
  });

  it("a deck opened at http://localhost:<port>/ reloads too (the server accepts that Host)", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const running = await previews.start(dir);
    const { page } = await open(`http://localhost:${running.preview.server.port}/${SLUG}.html`, 5_000);
    await goTo(page, BACKGROUND);
    await mark(page);
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Seen through localhost"));
    await waitFor("the localhost page to reload", async () => {
      const state = await deckState(page);
      return state.marker === undefined && state.title === "Seen through localhost";
    });
  });
});
