import type { Slide } from "../brief/brief.ts";
import type { Layout } from "../brief/brief-schema.ts";
import { plainText } from "./slide-views.ts";

// How each layout fits its 1280×720 frame. A slide whose content does not fit is stepped through its
// layout's fit steps by the deck's fit script (fit-script.ts): bd-fit-1 tightens spacing, bd-fit-2 also
// sets the text at its class's floor, and the comparison's bd-fit-3 runs each rating in with its cell's
// text (templates/theme.css). Only when the last step still overflows is
// the slide reported (`slide-overflow`), with the hint its layout gives here.

/** A layout's fit: how many steps it may take, and what to do when even the last does not fit. */
export interface LayoutFit {
  steps: number;
  hint(slide: Slide): string;
}

const ALLOW = "--allow-overflow builds it anyway (content is clipped)";

/** Each layout's fit steps and its overflow hint. */
export const LAYOUT_FIT: Record<Layout, LayoutFit> = {
  title: { steps: 0, hint: () => `shorten the title or subtitle; ${ALLOW}` },
  section: { steps: 0, hint: () => `shorten the section title or subtitle; ${ALLOW}` },
  judgments: {
    steps: 2,
    hint: () =>
      `keep three to five judgments on a slide (split the rest onto a second judgments slide) and move the reasoning into notes; ${ALLOW}`,
  },
  bullets: {
    steps: 2,
    hint: () =>
      `split the points across two bullets slides, or move detail (sub-points, examples) into notes; ${ALLOW}`,
  },
  comparison: { steps: 3, hint: comparisonHint },
  text: {
    steps: 2,
    hint: () =>
      `split the body across two text slides or move detail into notes; a long table reads better as a comparison; ${ALLOW}`,
  },
  quote: {
    steps: 1,
    hint: () => `quote only the words that matter and put the full passage in notes; ${ALLOW}`,
  },
  sources: {
    steps: 2,
    hint: () => `shorten the sources' titles, or add a second sources slide to the annex; ${ALLOW}`,
  },
  changes: {
    steps: 1,
    hint: () => `set \`since:\` to a later version so fewer changes are listed; ${ALLOW}`,
  },
  timeline: {
    steps: 0,
    hint: () =>
      `shorten the events' labels and move their \`detail\` into notes, or split the events across two timeline slides; ${ALLOW}`,
  },
  figures: {
    steps: 0,
    hint: () =>
      `shorten the figures' values, units, labels or comparisons (a long value reads better rounded, "4.2 bn"), or show fewer numbers; ${ALLOW}`,
  },
  chart: {
    steps: 0,
    hint: () =>
      `give the chart a smaller \`height\` in its spec, or move its legend or long labels out; ${ALLOW}`,
  },
};

/** The section's data attributes for the fit script: its steps and, when compact, where it starts. */
export function fitAttributes(slide: Slide): { steps: number; compact: boolean } {
  const compact = "density" in slide && slide.density === "compact";
  return { steps: LAYOUT_FIT[slide.layout].steps, compact };
}

function comparisonHint(slide: Slide): string {
  // Not `density: compact`: the fit steps have already tried it, and tighter ones, by now.
  if (slide.layout !== "comparison") return `shorten or split the slide; ${ALLOW}`;
  const options =
    slide.continue === true
      ? "a row is too tall even on a slide of its own: shorten its cells, or move columns to a second comparison"
      : "split the rows onto continuation slides with `continue: true`";
  const longest = longestCell(slide);
  const cell = longest === undefined ? "" : `, or shorten the longest cell (${longest})`;
  return `${options}${cell}; ${ALLOW}`;
}

// The cell with the most text, named by its row label and column, e.g. `"Consent" × "UN peacekeeping"`.
function longestCell(slide: Extract<Slide, { layout: "comparison" }>): string | undefined {
  let best: { length: number; name: string } | undefined;
  for (const row of slide.rows) {
    for (const [j, cell] of row.cells.entries()) {
      const length = plainText(cell.text ?? "").length;
      if (best === undefined || length > best.length) {
        const column = plainText(slide.columns[j] ?? "");
        best = { length, name: `row "${plainText(row.label)}", column "${column}"` };
      }
    }
  }
  return best === undefined || best.length === 0 ? undefined : best.name;
}

/**
 * The title's size class, from its length: the heading steps down so a long title keeps to one or two
 * lines (46px fits about 48 characters on a line, 40px about 56; the title slide's 72px about 28).
 */
export function titleSizeClass(layout: Layout, title: string): string {
  const [long, longest] = layout === "title" || layout === "section" ? [28, 56] : [48, 60];
  if (title.length > longest) return "bd-title-longest";
  if (title.length > long) return "bd-title-long";
  return "";
}
