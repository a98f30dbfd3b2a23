import type { Brief } from "../brief/brief.ts";
import { presentedSlides } from "../brief/continuation.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { LAYOUT_FIT } from "../render/fit.ts";
import type { RenderedBrief } from "../render/render-deck.ts";
import type { SlideGeometry } from "../slide-geometry.ts";
import type { DocumentPage } from "./load-page.ts";
import { fitSlides, measureSlides } from "./measure.ts";

/** Where a problem with the brief as a whole is reported: its first line. */
export function briefStart(brief: Brief) {
  return { file: brief.file, line: 1, column: 1 };
}

/** The outputs an overflowing slide spoils, as build and check name them: the PowerPoint when it is made. */
function overflowOutputs(pptx: boolean): string {
  return pptx ? " (the deck, its PDF and the PowerPoint)" : "";
}

/**
 * Opens the deck laid out for print (or reveal.js's print view of a custom deck shell, once laid out), fits
 * and measures every slide: overflow is reported once, for every output made from this layout (the PDF,
 * and the PowerPoint when asked for). Returns each slide's measured layout and the fit step it took.
 */
export async function openPrintView(
  deck: DocumentPage,
  brief: Brief,
  rendered: RenderedBrief,
  { allowOverflow, pptx }: { allowOverflow: boolean; pptx?: boolean | undefined },
): Promise<{ diagnostics: Diagnostic[]; layout: (SlideGeometry | null)[]; steps: Record<string, number> }> {
  // The deck laid out for print ahead (render/print-deck.ts) is ready once loaded; a custom deck shell is
  // laid out by reveal.js's print view, which announces when it is done. Same address either way, so the
  // PDF's links are the same.
  const printDeck = rendered.printDeck;
  await deck.load(printDeck ?? rendered.deck, `${brief.slug}.html`, "?view=print");
  if (printDeck === undefined) await deck.page.evaluate(() => window.__briefdeckPdfReady);
  const steps = await fitSlides(deck.page);
  const diagnostics: Diagnostic[] = [];
  const shown = presentedSlides(brief);
  const measured = await measureSlides(deck.page);
  const outputs = overflowOutputs(pptx === true);
  for (const overflow of measured.overflows) {
    const slide = shown[overflow.number - 1];
    const title = overflow.title ? ` "${overflow.title}"` : "";
    const which = slide?.annex ? `annex slide ${overflow.label}` : `slide ${overflow.label}`;
    const tightest = overflow.fit > 0 ? " at its tightest fit" : "";
    const message = `${which}${title} overflows its 1280×720 frame by ${overflow.pixels}px${tightest}${outputs}`;
    const hint =
      slide === undefined
        ? "shorten or split the slide; --allow-overflow builds it anyway (content is clipped)"
        : LAYOUT_FIT[slide.layout].hint(slide);
    const position = slide?.node?.range ? brief.locator.at(slide.node.range[0]) : briefStart(brief);
    const d = diagnose("slide-overflow", message, position, hint);
    diagnostics.push(allowOverflow ? { ...d, severity: "warning" } : d);
  }
  return { diagnostics, layout: measured.slides, steps };
}
