import { PRINT_FIT_SCRIPT } from "./fit-script.ts";
import { html } from "./slide-views.ts";
import type { Templates } from "./templates.ts";

/**
 * The slides PDF's document: the deck's slides as reveal.js's print view lays them out (`?view=print`:
 * one 1280×720 `pdf-page` per slide, every fragment shown, the same classes and stylesheets), written
 * out ahead instead of laid out in the browser. It carries the fit (run once it has loaded) and nothing
 * else, so Chromium neither parses reveal.js nor waits for its layout between animation frames; the
 * slides, theme and fonts are the deck's own (`root` is the deck's template context, its styles already
 * set). Made only when a PDF is printed, and only with the built-in deck shell (`templates.printDeck`): a
 * custom deck.hbs may add what this document would not have, so its PDF is printed from reveal.js's print
 * view as before.
 */
export function renderPrintDeck(templates: Templates, root: object): string | undefined {
  return templates.printDeck?.({ ...root, fitScript: html(PRINT_FIT_SCRIPT) });
}
