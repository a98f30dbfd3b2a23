import type { Browser } from "puppeteer-core";
import type { Brief } from "../brief/brief.ts";
import { presentedSlides } from "../brief/continuation.ts";
import { printedWithPuppeteer } from "../browser/puppeteer.ts";
import { goneWithin } from "../browser/warm-browser.ts";
import { type Diagnostic, diagnose, hasErrors } from "../diagnostics.ts";
import { localeFor } from "../messages/locale.ts";
import type { RenderedBrief } from "../render/render-deck.ts";
import { plainText } from "../render/slide-views.ts";
import type { SlideGeometry } from "../slide-geometry.ts";
import { accessibilityDiagnostics, auditAccessibility } from "./accessibility.ts";
import type { PdfMetadata } from "./finish-pdf.ts";
import { type FontFallback, findFontFallbacks } from "./font-fallback.ts";
import type { DocumentPage, PageProblems } from "./load-page.ts";
import { applyFitSteps } from "./measure.ts";
import type { PagePool } from "./page-pool.ts";
import { briefStart, openPrintView } from "./print-view.ts";
import { BROWSER_FAILED, withPages } from "./with-pages.ts";

/** PDF settings, resolved once for the whole build. */
export interface PdfOptions {
  paper: "a4" | "letter";
  allowOverflow: boolean;
  /** Milliseconds one brief may take before its render is abandoned. */
  timeout: number;
  producer: string;
  /** The PowerPoint is written from this pass's measurement too: overflow diagnostics name it. */
  pptx?: boolean;
}

/** One brief's printed PDFs, or the problems that stopped them. */
export interface PrintedBrief {
  slides: Uint8Array | undefined;
  handout: Uint8Array | undefined;
  pages: number;
  diagnostics: Diagnostic[];
  /** Every slide's measured layout (deck order), for the PowerPoint; undefined when none was measured. */
  layout?: (SlideGeometry | null)[] | undefined;
}

/** A brief whose pages have printed: its PDFs as they are being finished (Node's work, no page's). */
interface Printing {
  finishing: Promise<[Uint8Array, Uint8Array]>;
  pages: number;
  diagnostics: Diagnostic[];
  layout: (SlideGeometry | null)[];
}

/**
 * Prints a brief's slides PDF and handout with a pair of pages from the pool. Slides are measured first:
 * content that does not fit is an error (a warning with `allowOverflow`), and then nothing is printed.
 * The pages go back to the pool (and `pagesDone` is called) as soon as both PDFs have printed: finishing
 * them with pdf-lib is Node's work alone, so a browser may close meanwhile. `pagesDone` is given the
 * diagnostics that stopped the print, when it failed.
 */
export async function printBrief(
  pool: PagePool,
  brief: Brief,
  rendered: RenderedBrief,
  options: PdfOptions,
  pagesDone?: (failure: readonly Diagnostic[] | undefined) => void,
): Promise<PrintedBrief> {
  const failed = (diagnostics: Diagnostic[]): PrintedBrief => ({
    slides: undefined,
    handout: undefined,
    pages: 0,
    diagnostics,
  });
  const printing = await withPages<PrintedBrief | Printing>(
    pool,
    brief,
    options.timeout,
    failed,
    async ({ deck, handout }) => {
      // The deck and the handout load and print side by side, each in its own renderer.
      const loading = Promise.all([
        openPrintView(deck, brief, rendered, options),
        handout.load(rendered.handout, `${brief.slug}.handout.html`),
      ]);
      // pdf-lib is made ready while Chromium loads the pages (Node has nothing else to do then), once both
      // loads have been asked for: not after the first PDF has arrived, where it would delay finishing it.
      const finisher = import("./finish-pdf.ts").then(async (finish) => {
        await finish.prepareFinishing();
        return finish;
      });
      const [view] = await loading;
      if (hasErrors(view.diagnostics)) return failed(view.diagnostics);
      const { layout } = view;
      // The handout's slides take the steps the deck's took.
      await applyFitSteps(handout.page, view.steps);
      const meta = metadata(brief, options.producer);
      const slidesPrinted = deck.page.pdf({
        width: "1280px",
        height: "720px",
        printBackground: true,
        tagged: true,
      });
      const handoutPrinted = handout.page.pdf({
        format: options.paper === "letter" ? "Letter" : "A4",
        printBackground: true,
        tagged: true,
        margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
      });
      // What each page tried to load, up to and including painting for print, is read as soon as it has
      // printed, before Node turns to finishing a PDF (pdf-lib holds Node for tens of milliseconds, and
      // the pages are released only once both are read). Each PDF is finished as soon as its page is
      // read, while the other may still be printing; the results are used only if nothing went wrong on
      // either page.
      const readAfter = (printed: Promise<Uint8Array>, page: DocumentPage) =>
        printed.then(async (bytes) => ({ bytes, problems: await page.collectViolations() }));
      const deckRead = readAfter(slidesPrinted, deck);
      const handoutRead = readAfter(handoutPrinted, handout);
      const finishing = Promise.all([
        deckRead.then(async ({ bytes }) =>
          (await finisher).finishPdf(bytes, { ...meta, outline: rendered.titles }),
        ),
        handoutRead.then(async ({ bytes }) =>
          (await finisher).finishPdf(bytes, {
            ...meta,
            title: localeFor(brief.lang).t("handout.pdfTitle", { title: meta.title }),
          }),
        ),
      ]);
      // Awaited below, or dropped with a failed brief: never left unhandled.
      finishing.catch(() => undefined);
      const [{ problems: deckProblems }, { problems: handoutProblems }] = await Promise.all([
        deckRead,
        handoutRead,
      ]);
      const diagnostics = [
        ...view.diagnostics,
        ...problemDiagnostics(deckProblems, brief, "deck"),
        ...problemDiagnostics(handoutProblems, brief, "handout"),
      ];
      if (hasErrors(diagnostics)) return failed(diagnostics);
      printedWithPuppeteer();
      return { finishing, pages: rendered.titles.length, diagnostics, layout };
    },
  );
  pagesDone?.("finishing" in printing ? undefined : printing.diagnostics);
  if (!("finishing" in printing)) return printing;
  try {
    const [slides, handout] = await printing.finishing;
    return {
      slides,
      handout,
      pages: printing.pages,
      diagnostics: printing.diagnostics,
      layout: printing.layout,
    };
  } catch (error) {
    const message = `the PDF could not be finished: ${(error as Error).message.split("\n")[0]}`;
    return failed([diagnose("render-failed", message, briefStart(brief))]);
  }
}

/**
 * Whether a brief's print or check failed only because its browser went away (killed, crashed, shut
 * down): its errors are all the browser's, none the brief's own (an overflow, a blocked load), and the
 * browser is gone. One being shut down closes its pages a moment before it is seen gone, so this waits up
 * to a second to know.
 */
export async function failedWithBrowser(
  browser: Browser,
  diagnostics: readonly Diagnostic[],
): Promise<boolean> {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const browsers = errors.every((d) => d.code === "render-failed" && d.message.startsWith(BROWSER_FAILED));
  return errors.length > 0 && browsers && goneWithin(browser, 1000);
}

/**
 * `check`'s layout pass: lays the deck out as for printing and reports overflow, load problems and what
 * axe-core finds on the laid-out slides (every slide is on the page in the print view).
 */
export function checkLayout(
  pool: PagePool,
  brief: Brief,
  rendered: RenderedBrief,
  timeout: number,
  pptx = false,
): Promise<Diagnostic[]> {
  return withPages(
    pool,
    brief,
    timeout,
    (diagnostics) => diagnostics,
    async ({ deck }) => {
      const view = await openPrintView(deck, brief, rendered, { allowOverflow: false, pptx });
      // Page problems are collected before axe runs, so none of axe's own work is blamed on the deck.
      const problems = problemDiagnostics(await deck.collectViolations(), brief, "deck");
      const findings = await auditAccessibility(deck.page);
      const fallbacks = fontFallbackDiagnostics(await findFontFallbacks(deck.page), brief);
      return [...view.diagnostics, ...problems, ...accessibilityDiagnostics(findings, brief), ...fallbacks];
    },
  );
}

// A script the deck's fonts lack, drawn with a font of this machine: one warning per font, at the first
// slide that needs it, saying what a reader without that font would see.
function fontFallbackDiagnostics(fallbacks: FontFallback[], brief: Brief): Diagnostic[] {
  const shown = presentedSlides(brief);
  return fallbacks.map((f) => {
    const slide = shown[f.number - 1];
    const which = `${slide?.annex ? "annex slide" : "slide"} ${f.label}${f.title ? ` "${f.title}"` : ""}`;
    const more = f.slides > 1 ? ` and ${f.slides - 1} more slide${f.slides === 2 ? "" : "s"}` : "";
    const message = `${which}${more}: the deck's fonts have no glyphs for "${f.sample}", drawn here with this machine's "${f.family}"; where that font is missing, readers see boxes`;
    const hint =
      "give the brand a font that covers this script (_brand.yml typography.fonts, source: file); see README, Briefs in other languages";
    const position = slide?.node?.range ? brief.locator.at(slide.node.range[0]) : briefStart(brief);
    return diagnose("font-fallback", message, position, hint);
  });
}

function metadata(brief: Brief, producer: string): Omit<PdfMetadata, "outline"> {
  return {
    title: plainText(brief.title),
    author: [brief.author, brief.organisation].filter(Boolean).join(", ") || undefined,
    subject: brief.subtitle === undefined ? undefined : plainText(brief.subtitle),
    keywords: [
      ...brief.keywords,
      ...(brief.marking ? [brief.marking] : []),
      ...(brief.version ? [`version ${brief.version}`] : []),
      ...(brief.variant ? [`variant ${brief.variant}`] : []),
    ],
    // Noon UTC: the same calendar day in every time zone a reader's viewer might show.
    date: new Date(`${brief.date ?? "2000-01-01"}T12:00:00Z`),
    producer,
    version: brief.version,
    lang: brief.lang,
  };
}

function problemDiagnostics(problems: PageProblems, brief: Brief, what: string): Diagnostic[] {
  const hint =
    "briefdeck decks load nothing from outside; check custom templates for external URLs or scripts";
  return [
    ...problems.blocked.map((url) =>
      diagnose("render-failed", `the ${what} tried to load ${url}; it was blocked`, briefStart(brief), hint),
    ),
    ...problems.errors.map((text) =>
      diagnose("render-failed", `the ${what} reported a ${text}`, briefStart(brief), hint),
    ),
  ];
}
