import type { HTTPRequest, Page } from "puppeteer-core";

/** The made-up origin documents are served from: nothing else may load. */
export const DOCUMENT_ORIGIN = "https://deck.briefdeck.invalid";

/** What the page tried that it should not have, and what went wrong in it. */
export interface PageProblems {
  blocked: string[];
  errors: string[];
}

/**
 * Loads HTML into a page as the only thing the page may load. Requests are intercepted: the document
 * itself is answered from memory and data: URLs pass; everything else is refused and recorded. The deck's
 * Content-Security-Policy is the second layer.
 */
export async function loadDocument(
  page: Page,
  html: string,
  path: string,
  query = "",
): Promise<PageProblems> {
  const url = `${DOCUMENT_ORIGIN}/${encodeURIComponent(path)}${query}`;
  const problems: PageProblems = { blocked: [], errors: [] };
  await page.setRequestInterception(true);
  page.on("request", (request: HTTPRequest) => {
    const target = request.url();
    if (target === url) {
      void request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    } else if (target.startsWith("data:")) {
      void request.continue();
    } else {
      problems.blocked.push(target);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) =>
    problems.errors.push(`page error: ${String((error as Error).message ?? error)}`),
  );
  page.on("console", (message) => {
    if (message.type() === "error") problems.errors.push(`console error: ${message.text()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return problems;
}
