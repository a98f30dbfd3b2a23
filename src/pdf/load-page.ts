import type { HTTPRequest, Page } from "puppeteer-core";

/** The made-up origin documents are served from: nothing else may load. */
export const DOCUMENT_ORIGIN = "https://deck.briefdeck.invalid";

/** What the page tried that it should not have, and what went wrong in it. */
export interface PageProblems {
  blocked: string[];
  errors: string[];
}

/** A page that loads documents from memory, one after another, and may load nothing else. */
export interface DocumentPage {
  page: Page;
  /** Loads `html` as the page's document and waits for its fonts; returns what went wrong while loading. */
  load(html: string, path: string, query?: string): Promise<PageProblems>;
  /**
   * Adds the Content-Security-Policy violations seen since the load. Call it after printing: a blocked
   * background image, for example, is only requested once the page is painted.
   */
  collectViolations(): Promise<PageProblems>;
}

/**
 * Prepares a page to be reused for many documents. Requests are intercepted: the current document is
 * answered from memory and data: URLs pass; everything else is refused and recorded. The deck's
 * Content-Security-Policy is the second layer. Listeners are installed once, whatever the number of loads.
 */
export async function prepareDocumentPage(page: Page): Promise<DocumentPage> {
  let current = { url: "", html: "", problems: { blocked: [], errors: [] } as PageProblems };
  // Laid out for print from the start: a page shown on screen and then printed has its styles worked out
  // again for print media and is laid out anew. The slides are measured as they print (the theme's print
  // rules apply), and each PDF prints in about half the time (the same bytes).
  await page.emulateMediaType("print");
  await page.setRequestInterception(true);
  page.on("request", (request: HTTPRequest) => {
    const target = request.url();
    if (target === current.url) {
      void request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: current.html });
    } else if (target.startsWith("data:")) {
      void request.continue();
    } else {
      current.problems.blocked.push(target);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) =>
    current.problems.errors.push(`page error: ${String((error as Error).message ?? error)}`),
  );
  page.on("console", (message) => {
    if (message.type() === "error") current.problems.errors.push(`console error: ${message.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    Object.defineProperty(window, "__briefdeckViolations", { value: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(event.blockedURI || event.violatedDirective),
    );
    // reveal.js lays out for print between animation frames, and a page in a background tab gets none,
    // nor does any page of the browser briefdeck launches (LAUNCH_ARGS: no threaded compositing). These
    // pages are never shown: a timer stands in for the frame, whichever tab is in front.
    window.requestAnimationFrame = (callback) => window.setTimeout(() => callback(performance.now()), 0);
    window.cancelAnimationFrame = (handle) => window.clearTimeout(handle);
    // Nor do CSS animations run in these pages: a brand's or a project's would print as it starts. Each is
    // finished (an endless one cancelled) after the load and after each fit (whose classes may start a
    // transition): src/pdf/measure.ts.
    Object.defineProperty(window, "__briefdeckFinishAnimations", {
      value: () => {
        for (const animation of document.getAnimations())
          try {
            animation.finish();
          } catch {
            animation.cancel();
          }
      },
    });
    // reveal.js announces its finished print layout once; listen before the deck's own scripts run.
    const ready = new Promise<void>((resolve) =>
      document.addEventListener("pdf-ready", () => resolve(), { once: true }),
    );
    Object.defineProperty(window, "__briefdeckPdfReady", { value: ready });
  });
  return {
    page,
    async load(html, path, query = "") {
      current = {
        url: `${DOCUMENT_ORIGIN}/${encodeURIComponent(path)}${query}`,
        html,
        problems: { blocked: [], errors: [] },
      };
      await page.goto(current.url, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready.then(() => window.__briefdeckFinishAnimations?.()));
      return current.problems;
    },
    async collectViolations() {
      const violations = await page.evaluate(async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return window.__briefdeckViolations ?? [];
      });
      for (const blocked of violations) {
        if (!current.problems.blocked.includes(blocked)) current.problems.blocked.push(blocked);
      }
      return current.problems;
    },
  };
}
