import type { Browser, Page } from "puppeteer-core";
import type { Brief } from "../brief.ts";
import { type Diagnostic, diagnose, hasErrors } from "../diagnostics.ts";
import { plainText, type RenderedBrief } from "../render-deck.ts";
import { finishPdf, type PdfMetadata } from "./finish-pdf.ts";
import { collectViolations, loadDocument, type PageProblems } from "./load-page.ts";
import { measureOverflow } from "./measure.ts";

/** PDF settings, resolved once for the whole build. */
export interface PdfOptions {
  paper: "a4" | "letter";
  allowOverflow: boolean;
  /** Milliseconds one brief may take before its render is abandoned. */
  timeout: number;
  producer: string;
}

/** One brief's printed PDFs, or the problems that stopped them. */
export interface PrintedBrief {
  slides: Uint8Array | undefined;
  handout: Uint8Array | undefined;
  pages: number;
  diagnostics: Diagnostic[];
}

/**
 * Prints a brief's slides PDF and handout. Slides are measured first: content that does not fit is an
 * error (a warning with `allowOverflow`), and then nothing is printed.
 */
export function printBrief(
  browser: Browser,
  brief: Brief,
  rendered: RenderedBrief,
  options: PdfOptions,
): Promise<PrintedBrief> {
  const failed = (diagnostics: Diagnostic[]): PrintedBrief => ({
    slides: undefined,
    handout: undefined,
    pages: 0,
    diagnostics,
  });
  return withPages(browser, brief, options.timeout, failed, async (openPage) => {
    // The deck and the handout load and print side by side. The deck's page opens last, so it is the
    // foreground tab: reveal.js lays out for print in animation frames, which background tabs may not get.
    const handoutPage = await openPage();
    const deckPage = await openPage();
    const [deck, handoutProblems] = await Promise.all([
      openPrintView(deckPage, brief, rendered, options.allowOverflow),
      loadDocument(handoutPage, rendered.handout, `${brief.slug}.handout.html`),
    ]);
    if (hasErrors(deck.diagnostics)) return failed(deck.diagnostics);
    const [slidesPdf, handoutPdf] = await Promise.all([
      deckPage.pdf({ width: "1280px", height: "720px", printBackground: true, tagged: true }),
      handoutPage.pdf({
        format: options.paper === "letter" ? "Letter" : "A4",
        printBackground: true,
        tagged: true,
        displayHeaderFooter: true,
        headerTemplate: rendered.handoutHeader,
        footerTemplate: rendered.handoutFooter,
        margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
      }),
    ]);
    // Anything the pages tried to load while painting for print fails the brief: the PDFs are dropped.
    await Promise.all([
      collectViolations(deckPage, deck.problems),
      collectViolations(handoutPage, handoutProblems),
    ]);
    const diagnostics = [
      ...deck.diagnostics,
      ...problemDiagnostics(deck.problems, brief, "deck"),
      ...problemDiagnostics(handoutProblems, brief, "handout"),
    ];
    if (hasErrors(diagnostics)) return failed(diagnostics);
    const meta = metadata(brief, options.producer);
    const slides = await finishPdf(slidesPdf, { ...meta, outline: rendered.titles });
    const handout = await finishPdf(handoutPdf, { ...meta, title: `${meta.title} (handout)` });
    return { slides, handout, pages: rendered.titles.length, diagnostics };
  });
}

/** `check`'s layout pass: lays the deck out as for printing and reports overflow and load problems. */
export function checkLayout(
  browser: Browser,
  brief: Brief,
  rendered: RenderedBrief,
  timeout: number,
): Promise<Diagnostic[]> {
  return withPages(
    browser,
    brief,
    timeout,
    (diagnostics) => diagnostics,
    async (openPage) => {
      const page = await openPage();
      const { diagnostics, problems } = await openPrintView(page, brief, rendered, false);
      await collectViolations(page, problems);
      return [...diagnostics, ...problemDiagnostics(problems, brief, "deck")];
    },
  );
}

// Opens the deck in reveal.js's print view, waits for its layout, and measures every slide.
async function openPrintView(
  page: Page,
  brief: Brief,
  rendered: RenderedBrief,
  allowOverflow: boolean,
): Promise<{ diagnostics: Diagnostic[]; problems: PageProblems }> {
  await page.setViewport({ width: 1280, height: 720 });
  // Listen before the deck's scripts run: reveal.js announces the finished print layout once.
  await page.evaluateOnNewDocument(() => {
    const ready = new Promise<void>((resolve) =>
      document.addEventListener("pdf-ready", () => resolve(), { once: true }),
    );
    Object.defineProperty(window, "__briefdeckPdfReady", { value: ready });
  });
  const problems = await loadDocument(page, rendered.deck, `${brief.slug}.html`, "?view=print");
  await page.evaluate(
    () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
  );
  const diagnostics: Diagnostic[] = [];
  const visible = brief.slides.filter((s) => !s.hidden);
  for (const overflow of await measureOverflow(page)) {
    const slide = visible[overflow.number - 1];
    const title = overflow.title ? ` "${overflow.title}"` : "";
    const message = `slide ${overflow.number}${title} overflows its 1280×720 frame by ${overflow.pixels}px`;
    const hint = "shorten or split the slide; --allow-overflow builds it anyway (content is clipped)";
    const position = slide?.node?.range ? brief.locator.at(slide.node.range[0]) : at(brief);
    const d = diagnose("slide-overflow", message, position, hint);
    diagnostics.push(allowOverflow ? { ...d, severity: "warning" } : d);
  }
  return { diagnostics, problems };
}

/**
 * Runs `work` with pages that are always closed, under a watchdog: past `timeout` the work is abandoned
 * and reported, and a browser failure becomes a diagnostic instead of an exception.
 */
async function withPages<T>(
  browser: Browser,
  brief: Brief,
  timeout: number,
  failed: (diagnostics: Diagnostic[]) => T,
  work: (openPage: () => Promise<Page>) => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const pages: Page[] = [];
  const openPage = async () => {
    const page = await browser.newPage();
    pages.push(page);
    return page;
  };
  const watchdog = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      const message = `the browser took longer than ${Math.round(timeout / 1000)} s and was stopped`;
      const hint = "a very long brief may need more time: --timeout SECONDS";
      resolve(failed([diagnose("render-failed", message, at(brief), hint)]));
    }, timeout);
  });
  try {
    return await Promise.race([work(openPage), watchdog]);
  } catch (error) {
    const message = `the browser failed: ${(error as Error).message.split("\n")[0]}`;
    return failed([diagnose("render-failed", message, at(brief))]);
  } finally {
    clearTimeout(timer);
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  }
}

function metadata(brief: Brief, producer: string): Omit<PdfMetadata, "outline"> {
  return {
    title: plainText(brief.title),
    author: [brief.author, brief.organisation].filter(Boolean).join(", ") || undefined,
    subject: brief.subtitle === undefined ? undefined : plainText(brief.subtitle),
    keywords: [...brief.keywords, ...(brief.marking ? [brief.marking] : [])],
    // Noon UTC: the same calendar day in every time zone a reader's viewer might show.
    date: new Date(`${brief.date ?? "2000-01-01"}T12:00:00Z`),
    producer,
  };
}

function problemDiagnostics(problems: PageProblems, brief: Brief, what: string): Diagnostic[] {
  const hint =
    "briefdeck decks load nothing from outside; check custom templates for external URLs or scripts";
  return [
    ...problems.blocked.map((url) =>
      diagnose("render-failed", `the ${what} tried to load ${url}; it was blocked`, at(brief), hint),
    ),
    ...problems.errors.map((text) =>
      diagnose("render-failed", `the ${what} reported a ${text}`, at(brief), hint),
    ),
  ];
}

function at(brief: Brief) {
  return { file: brief.file, line: 1, column: 1 };
}
