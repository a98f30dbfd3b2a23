import type { Slide } from "../brief/brief.ts";
import { shownRows } from "../brief/continuation.ts";
import { localeFor } from "../messages/locale.ts";
import { ratingWord } from "../render/slide-views.ts";
import type { Run } from "./inline-runs.ts";
import type { PptxSlide, TableCell, TableRow } from "./pptxgen.ts";
import type { Runs } from "./text-boxes.ts";
import { type CellText, tableHeight, widestWord } from "./text-extent.ts";
import { type PptxTheme, RATING_SYMBOLS, TYPE } from "./theme.ts";
import type { SlideFrame } from "./type-scale.ts";

// The comparison as an a:tbl: from the deck's fit step, then smaller until its estimated height fits the
// body; the criteria column wide enough for its longest word, mirrored right to left.

/** Adds the comparison's table (criteria, then one column per option, each cell rated), sized to fit. */
export function addComparison(
  target: PptxSlide,
  slide: Slide & { layout: "comparison" },
  { label, prose }: Runs,
  theme: PptxTheme,
  frame: SlideFrame,
) {
  const COLOURS = theme.colours;
  const BODY = frame.body;
  const lang = theme.lang ?? "en";
  // Runs are made once, in the deck's order (acronyms' first uses), and sized at each fit step.
  const columns = [[{ text: localeFor(lang).t("matrix.criterion") }], ...slide.columns.map((c) => label(c))];
  const shown = shownRows(slide).map((row) => ({
    label: label(row.label),
    cells: row.cells.map((cell) => ({
      rating: cell.rating,
      text: cell.text === undefined ? undefined : prose(cell.text),
    })),
  }));
  const build = (step: ComparisonStep) => {
    const head = {
      bold: true,
      color: COLOURS.paper,
      fill: { color: COLOURS.accent },
      fontSize: step.head,
      lang,
    };
    const header: TableCell[] = columns.map((runs) => ({ text: runs, options: head }));
    const estimate: CellText[][] = [columns.map((runs) => ({ runs, size: step.head, bold: true }))];
    const rows = shown.map((row): TableRow => {
      const cells = row.cells.map((cell) => {
        const runs: Run[] = [
          {
            text: `${RATING_SYMBOLS[cell.rating]} ${ratingWord(cell.rating, lang).toLocaleUpperCase(lang)}${step.inline && cell.text !== undefined ? " " : ""}`,
            options: {
              bold: true,
              color: COLOURS[cell.rating],
              fontSize: step.small,
              breakLine: cell.text !== undefined && !step.inline,
            },
          },
          ...(cell.text ?? []),
        ];
        return { runs, size: step.text };
      });
      estimate.push([{ runs: row.label, size: step.text, bold: true }, ...cells]);
      return [
        {
          text: row.label,
          options: { bold: true, fontSize: step.text, fill: { color: COLOURS.wash }, lang },
        },
        ...cells.map((cell) => ({ text: cell.runs, options: { fontSize: step.text, lang } })),
      ];
    });
    // The deck's criteria column is 22% of the table (17% from the first fit step), wide enough for
    // its longest word.
    const longest = Math.max(...estimate.map((row) => widestWord(row[0]?.runs ?? [], step.text, true)));
    const first = Math.min(BODY.w * 0.3, Math.max(BODY.w * step.first, longest + 2 * step.margin + 0.02));
    const rest = (BODY.w - first) / slide.columns.length;
    const colW = [first, ...slide.columns.map(() => rest)];
    return { rows: [header, ...rows], colW, height: tableHeight(estimate, colW, step.margin) };
  };
  // The deck's fit steps from the one it kept, then smaller still where a wider font stands in.
  const steps = comparisonSteps(frame);
  let table = build(steps[0] as ComparisonStep);
  let step = steps[0] as ComparisonStep;
  for (const next of steps.slice(1)) {
    if (table.height <= BODY.h) break;
    step = next;
    table = build(next);
  }
  // Where the deck put it (measured), else centred under the heading as the deck balances it; never
  // lower than its estimated height allows.
  const room = Math.max(0, BODY.h - table.height);
  const deckTop = frame.tables[0]?.y;
  const y = BODY.y + Math.min(room, deckTop === undefined ? room / 2 : Math.max(0, deckTop - BODY.y));
  // Right to left, the criteria are the rightmost column.
  const order = <T>(cells: T[]) => (theme.rtl ? [...cells].reverse() : cells);
  target.addTable(table.rows.map(order), {
    ...BODY,
    y,
    h: undefined,
    fontFace: theme.font,
    color: COLOURS.ink,
    valign: "top",
    margin: step.margin,
    lang: theme.lang,
    border: { type: "solid", pt: 1, color: COLOURS.rule },
    colW: order(table.colW),
    autoPage: false,
    objectName: "Comparison",
  });
}

/** One fit step of the comparison in the PowerPoint: sizes (pt), cell margin and criteria column (share). */
interface ComparisonStep {
  head: number;
  text: number;
  small: number;
  margin: number;
  first: number;
  inline: boolean;
}

// The deck's steps (theme.css): 1 tightens the cells and narrows the criteria column, 2 sets the text at
// the secondary floor, 3 runs each rating in with its text. Then half a point at a time, to 10 pt, for a
// font wider than the deck's standing in (LibreOffice's DejaVu Sans for Source Sans 3).
function comparisonSteps(frame: SlideFrame): ComparisonStep[] {
  const deck = { head: frame.size("head"), text: frame.size("text"), small: frame.size("small") };
  const steps: ComparisonStep[] = [];
  for (let n = Math.min(frame.step, 3); n <= 3; n++) {
    const at = (pt: number) => (n >= 2 ? Math.min(pt, TYPE.secondaryFloor) : pt);
    steps.push({
      head: at(deck.head),
      text: at(deck.text),
      small: at(deck.small),
      margin: n >= 1 ? 0.06 : 0.08,
      first: n >= 1 ? 0.17 : 0.22,
      inline: n >= 3,
    });
  }
  const last = steps[steps.length - 1] as ComparisonStep;
  for (let pt = last.text - 0.5; pt >= 10; pt -= 0.5)
    steps.push({ ...last, head: Math.min(last.head, pt), text: pt, small: Math.min(last.small, pt) });
  return steps;
}
