import { localeFor } from "../messages/locale.ts";
import { type Brief, CITATION, deckSlides, type Slide } from "./brief.ts";

// `continue: true` on a comparison: a matrix too long for one slide is split, at build time, onto
// continuation slides that repeat the header row. The split is decided here, from the brief alone, so the
// deck, both PDFs and the PowerPoint show the same rows on the same slides (a browser measurement would
// differ between them). Each row's height is estimated in lines of text at the comparison's last fit step
// (bd-fit-3 in templates/theme.css: 22px on 25.5px lines, each rating run in with its cell's text); rows
// are packed in order into as few slides as fit the frame, then spread evenly over that many slides. The
// deck still fits each part in the browser, and reports one that does not.

/** Which part of a split slide a presented slide is: its rows, [start, end). */
export type SlidePart = NonNullable<Slide["part"]>;

// The comparison's geometry on the 1280×720 frame at fit step 3, in CSS pixels.
const TABLE_WIDTH = 1136;
const LABEL_SHARE = 0.17;
const CELL_PADDING = 20;
const CHAR_WIDTH = 10;
// A rating run in before the text (symbol and word, e.g. "◐ PARTIAL"), in characters.
const RATING = 11;
const LINE = 25.5;
const ROW_EXTRA = 0.55; // a row's padding and rule, in lines
// The content's height less the heading, as lines; the header row is taken off per slide.
const BUDGET = (612 - 18 - 77) / LINE;

/** The slides a deck presents: deckSlides, with each `continue: true` comparison split into its parts. */
export function presentedSlides(brief: Brief): Slide[] {
  return deckSlides(brief).flatMap((slide) => {
    if (slide.layout !== "comparison" || slide.continue !== true) return [slide];
    const parts = splitRows(slide);
    if (parts.length === 1) return [slide];
    return parts.map((rows, index) => ({
      ...slide,
      anchor: index === 0 ? slide.anchor : `${slide.anchor}-${index + 1}`,
      part: { index, count: parts.length, rows },
    }));
  });
}

/** The rows a comparison slide shows: all of them, or its part's. */
export function shownRows<T>(slide: { rows: readonly T[]; part?: SlidePart }): readonly T[] {
  return slide.part === undefined ? slide.rows : slide.rows.slice(...slide.part.rows);
}

/** A continuation slide's title: the slide's own, marked as continued in the brief's language. */
export function continuedTitle(title: string | undefined, lang: string): string {
  const { t } = localeFor(lang);
  return title === undefined ? t("slide.continuedUntitled") : t("slide.continued", { title });
}

type Comparison = Extract<Slide, { layout: "comparison" }>;

/** The comparison's rows split into slides: [start, end) ranges in order, never an empty one. */
export function splitRows(slide: Comparison): Array<[number, number]> {
  const columns = slide.columns.length;
  const cellWidth = (TABLE_WIDTH * (1 - LABEL_SHARE)) / columns;
  const labelWidth = TABLE_WIDTH * LABEL_SHARE;
  const header = Math.max(1, ...slide.columns.map((c) => lines(c, cellWidth))) + ROW_EXTRA;
  const budget = Math.max(BUDGET - header, 1);
  const heights = slide.rows.map(
    (row) =>
      Math.max(
        lines(row.label, labelWidth),
        ...row.cells.map((c) => lines(c.text ?? "", cellWidth, RATING)),
      ) + ROW_EXTRA,
  );
  const count = pack(heights, budget).length;
  // Spread evenly: the smallest budget that still packs into `count` slides.
  const total = heights.reduce((a, b) => a + b, 0);
  for (let even = Math.max(total / count, ...heights); even < budget; even += 0.25) {
    const parts = pack(heights, even);
    if (parts.length <= count) return parts;
  }
  return pack(heights, budget);
}

// Greedy: each row goes on the current slide if it fits, else starts the next.
function pack(heights: number[], budget: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let start = 0;
  let used = 0;
  for (const [i, height] of heights.entries()) {
    if (i > start && used + height > budget) {
      parts.push([start, i]);
      start = i;
      used = 0;
    }
    used += height;
  }
  parts.push([start, heights.length]);
  return parts;
}

// Lines a text takes in a column, by its length (citations shown as short numbers).
function lines(text: string, width: number, lead = 0): number {
  const length = lead + text.replace(CITATION, "[1]").length;
  const perLine = Math.max(1, Math.floor((width - CELL_PADDING) / CHAR_WIDTH));
  return Math.max(1, Math.ceil(length / perLine));
}
