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
  // Content-Security-Policy violations are events in the page; collectViolations reads them later.
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    Object.defineProperty(window, "__briefdeckViolations", { value: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(event.blockedURI || event.violatedDirective),
    );
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

/**
 * Adds the Content-Security-Policy violations the page has seen to its problems. Call it after printing:
 * a blocked background image, for example, is only requested once the page is painted.
 */
export async function collectViolations(page: Page, problems: PageProblems): Promise<void> {
  const violations = await page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return (window as unknown as { __briefdeckViolations?: string[] }).__briefdeckViolations ?? [];
  });
  for (const blocked of violations) {
    if (!problems.blocked.includes(blocked)) problems.blocked.push(blocked);
  }
}
