import type { Run } from "./inline-runs.ts";

// How tall text comes out in the PowerPoint where the deck's font is missing: LibreOffice (and PowerPoint
// on a machine without Source Sans 3) draws it in a wider stand-in, DejaVu Sans, about a sixth wider.
// Text boxes shrink on overflow there (normAutofit), but table rows only grow, so a table is sized by
// this estimate before it is written: each paragraph wrapped word by word at the stand-in's widths.

// DejaVu Sans' advance widths (em) of the lower-case letters; capitals, digits and the rest by class.
const LOWER = [
  0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525,
];
/** The stand-in's line height (ascent + descent), in em, at single spacing. */
export const LINE_HEIGHT = 1.17;
const BOLD = 1.08;

function charWidth(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 97 && code <= 122) return LOWER[code - 97] as number;
  if (c === " ") return 0.318;
  if (code >= 65 && code <= 90) return c === "I" ? 0.295 : c === "M" || c === "W" ? 0.9 : 0.72;
  if (code >= 48 && code <= 57) return 0.636;
  if (".,;:'!|".includes(c)) return 0.318;
  if ("()[]-/".includes(c)) return 0.39;
  return 0.7;
}

/** The width of a string in em at the stand-in's widths. */
function width(text: string, bold: boolean): number {
  let w = 0;
  for (const c of text) w += charWidth(c);
  return bold ? w * BOLD : w;
}

interface Piece {
  text: string;
  size: number;
  bold: boolean;
}

/** Runs split into paragraphs (a run with breakLine ends one; a newline in a run does too). */
function paragraphs(runs: readonly Run[], size: number, bold: boolean): Piece[][] {
  const out: Piece[][] = [[]];
  for (const run of runs) {
    const options = run.options ?? {};
    const lines = String(run.text ?? "").split("\n");
    lines.forEach((line, i) => {
      if (i > 0) out.push([]);
      (out[out.length - 1] as Piece[]).push({
        text: line,
        size: options.superscript === true ? 0 : (options.fontSize ?? size),
        bold: options.bold ?? bold,
      });
    });
    if (options.breakLine === true) out.push([]);
  }
  if ((out[out.length - 1] as Piece[]).length === 0 && out.length > 1) out.pop();
  return out;
}

/**
 * The height (inches) of runs wrapped in a box `widthIn` wide: each paragraph's lines at its largest
 * size, plus each paragraph's space after (points), at the stand-in's widths.
 */
export function runsHeight(runs: readonly Run[], widthIn: number, size: number, bold = false): number {
  let points = 0;
  const available = widthIn * 72;
  for (const [i, pieces] of paragraphs(runs, size, bold).entries()) {
    const first = runs.length === 0 ? undefined : paragraphStart(runs, i);
    const indent = (first?.options?.bullet ? 0.35 : 0) * 72 * (1 + (first?.options?.indentLevel ?? 0));
    let lineWidth = 0;
    let lines = 1;
    let biggest = 0;
    for (const piece of pieces) {
      const pt = piece.size || size * 0.6;
      biggest = Math.max(biggest, piece.size);
      // Words keep their trailing space; a word wider than the line breaks where it must.
      for (const word of piece.text.match(/\S+\s*|\s+/g) ?? []) {
        const w = width(word, piece.bold) * pt;
        const room = available - indent;
        if (lineWidth > 0 && lineWidth + width(word.trimEnd(), piece.bold) * pt > room) {
          lines++;
          lineWidth = 0;
        }
        lineWidth += w;
        while (lineWidth > room && room > 0) {
          lines++;
          lineWidth -= room;
        }
      }
    }
    points += lines * (biggest || size) * LINE_HEIGHT + Number(first?.options?.paraSpaceAfter ?? 0);
  }
  return points / 72;
}

/** The width (inches) of runs set on one line at the stand-in's widths (superscripts left out). */
export function lineWidth(runs: readonly Run[], size: number, bold = false): number {
  let points = 0;
  for (const pieces of paragraphs(runs, size, bold))
    for (const piece of pieces) points += width(piece.text, piece.bold) * piece.size;
  return points / 72;
}

// The run that opens paragraph `index` (the first run, or the one after the index-th breakLine).
function paragraphStart(runs: readonly Run[], index: number): Run | undefined {
  let seen = 0;
  for (let i = 0; i < runs.length; i++) {
    if (seen === index) return runs[i];
    if (runs[i]?.options?.breakLine === true) seen++;
  }
  return undefined;
}

/** One cell of a table to estimate: its runs, and the size and weight of runs that name none. */
export interface CellText {
  runs: readonly Run[];
  size: number;
  bold?: boolean;
}

/**
 * The height (inches) a table's rows grow to where the stand-in draws them: each row as tall as its
 * tallest cell, a cell its text plus its top and bottom margins (inches).
 */
export function tableHeight(rows: readonly CellText[][], columns: readonly number[], margin: number): number {
  let total = 0;
  for (const row of rows) {
    let tallest = 0;
    row.forEach((cell, i) => {
      const w = (columns[i] ?? 1) - 2 * margin;
      tallest = Math.max(tallest, runsHeight(cell.runs, w, cell.size, cell.bold));
    });
    total += tallest + 2 * margin;
  }
  return total;
}

/** The widest word of runs (inches) at `size` points: a column narrower than it breaks the word. */
export function widestWord(runs: readonly Run[], size: number, bold = false): number {
  let widest = 0;
  for (const run of runs)
    for (const word of String(run.text ?? "").split(/\s+/))
      widest = Math.max(
        widest,
        (width(word, run.options?.bold ?? bold) * (run.options?.fontSize ?? size)) / 72,
      );
  return widest;
}
