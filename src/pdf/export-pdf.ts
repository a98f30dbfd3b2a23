import type { Browser, Page } from "puppeteer-core";
import type { Brief } from "../brief.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { plainText, type RenderedBrief } from "../render-deck.ts";
import { finishPdf, type PdfMetadata } from "./finish-pdf.ts";
import { loadDocument, type PageProblems } from "./load-page.ts";
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
 * Prints a brief's slides PDF and handout in the given browser. Slides are measured first: content that
 * does not fit is an error (a warning with `allowOverflow`). A render that takes longer than the timeout
 * is abandoned and its page closed.
 */
export async function printBrief(
  browser: Browser,
  brief: Brief,
  rendered: RenderedBrief,
  options: PdfOptions,
): Promise<PrintedBrief> {
  let timer: NodeJS.Timeout | undefined;
  const pages: Page[] = [];
  const openPage = async () => {
    const page = await browser.newPage();
    pages.push(page);
    return page;
  };
  const watchdog = new Promise<PrintedBrief>((resolve) => {
    timer = setTimeout(() => {
      const message = `printing took longer than ${Math.round(options.timeout / 1000)} s and was stopped`;
      const hint = "a slide may be very large; raise the limit with --timeout SECONDS";
      resolve({
        slides: undefined,
        handout: undefined,
        pages: 0,
        diagnostics: [diagnose("render-failed", message, at(brief), hint)],
      });
    }, options.timeout);
  });
  try {
    return await Promise.race([print(brief, rendered, options, openPage), watchdog]);
  } catch (error) {
    const message = `the browser failed while printing: ${(error as Error).message.split("\n")[0]}`;
    return {
      slides: undefined,
      handout: undefined,
      pages: 0,
      diagnostics: [diagnose("render-failed", message, at(brief))],
    };
  } finally {
    clearTimeout(timer);
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  }
}

async function print(
  brief: Brief,
  rendered: RenderedBrief,
  options: PdfOptions,
  openPage: () => Promise<Page>,
): Promise<PrintedBrief> {
  const deckPage = await openPage();
  await deckPage.setViewport({ width: 1280, height: 720 });
  // Listen before the deck's scripts run: reveal.js announces the finished print layout once.
  await deckPage.evaluateOnNewDocument(() => {
    const ready = new Promise<void>((resolve) =>
      document.addEventListener("pdf-ready", () => resolve(), { once: true }),
    );
    Object.defineProperty(window, "__briefdeckPdfReady", { value: ready });
  });
  const deckProblems = await loadDocument(deckPage, rendered.deck, `${brief.slug}.html`, "?view=print");
  await deckPage.evaluate(
    () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
  );
  const diagnostics = [...problemDiagnostics(deckProblems, brief, "deck")];
  for (const overflow of await measureOverflow(deckPage)) {
    const slide = brief.slides.filter((s) => !s.hidden)[overflow.number - 1];
    const title = overflow.title ? ` "${overflow.title}"` : "";
    const message = `slide ${overflow.number}${title} overflows its 1280×720 frame by ${overflow.pixels}px`;
    const hint = "shorten or split the slide; --allow-overflow builds it anyway (content is clipped)";
    const position = slide?.node?.range ? brief.locator.at(slide.node.range[0]) : at(brief);
    const d = diagnose("slide-overflow", message, position, hint);
    diagnostics.push(options.allowOverflow ? { ...d, severity: "warning" } : d);
  }
  if (diagnostics.some((d) => d.severity === "error"))
    return { slides: undefined, handout: undefined, pages: 0, diagnostics };

  const meta = metadata(brief, options.producer);
  const slidesPdf = await deckPage.pdf({
    width: "1280px",
    height: "720px",
    printBackground: true,
    tagged: true,
  });
  const slides = await finishPdf(slidesPdf, { ...meta, outline: rendered.titles });

  const handoutPage = await openPage();
  const handoutProblems = await loadDocument(handoutPage, rendered.handout, `${brief.slug}.handout.html`);
  diagnostics.push(...problemDiagnostics(handoutProblems, brief, "handout"));
  if (diagnostics.some((d) => d.severity === "error"))
    return { slides: undefined, handout: undefined, pages: 0, diagnostics };
  const handoutPdf = await handoutPage.pdf({
    format: options.paper === "letter" ? "Letter" : "A4",
    printBackground: true,
    tagged: true,
    displayHeaderFooter: true,
    headerTemplate: rendered.handoutHeader,
    footerTemplate: rendered.handoutFooter,
    margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
  });
  const handout = await finishPdf(handoutPdf, { ...meta, title: `${meta.title} (handout)` });
  return { slides, handout, pages: rendered.titles.length, diagnostics };
}

function metadata(brief: Brief, producer: string): Omit<PdfMetadata, "outline"> {
  const title = plainText(brief.title);
  return {
    title,
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
