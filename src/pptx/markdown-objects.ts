import { marked, type Token, type Tokens } from "marked";
import { CHART_FENCE } from "../brief/chart-blocks.ts";
import { chartKey, type RenderedChart } from "../render/chart.ts";
import { shapeTable } from "../render/markdown.ts";
import { imageSize } from "../render/picture-size.ts";
import { addChart, svgSize } from "./chart-objects.ts";
import { paragraph, type Run } from "./inline-runs.ts";
import { fitInside, isPlaceable } from "./place-images.ts";
import type { PptxSlide, TableRow, TextOptions } from "./pptxgen.ts";
import { runsHeight, tableHeight } from "./text-extent.ts";
import { type PptxTheme, TYPE } from "./theme.ts";
import type { SlideFrame } from "./type-scale.ts";

// A text slide's Markdown in the PowerPoint, in the deck's order: runs of paragraphs, headings and lists as
// text boxes, tables as native tables, ```vega-lite blocks as native charts (else their SVG), images as
// pictures where they are in the text, at the deck's size. Sized at the deck's fit step, then stepped down
// until the estimate (text-extent.ts) fits where a wider font stands in, pictures shrunk last; placed as
// the deck placed its first table, else centred.

type Inline = (markdown: string) => Run[];
type Block = { runs: Run[]; style: Parameters<typeof paragraph>[1] };
type Segment =
  | { kind: "text"; blocks: Block[] }
  | { kind: "table"; rows: Run[][][]; align: Array<"left" | "center" | "right" | null> }
  | { kind: "chart"; chart: RenderedChart }
  | { kind: "picture"; data: string; alt: string; size: { w: number; h: number } };

// The deck's image: its own size (CSS pixels, 96 an inch), at most the body's width and 440 px high
// (templates/theme.css, `.reveal img`), at the body's start.
const IMAGE_MAX_H = 440 / 96;

export interface MarkdownContext {
  label: Inline;
  prose: Inline;
  images: ReadonlyMap<string, string>;
  charts: ReadonlyMap<string, RenderedChart>;
  theme: PptxTheme;
  /** The body text box's style (font, colour, autofit, direction). */
  textStyle: TextOptions;
}

/** Adds a text slide's Markdown body inside the frame's body. */
export function addMarkdown(target: PptxSlide, markdown: string, frame: SlideFrame, ctx: MarkdownContext) {
  const { label, prose, theme } = ctx;
  const COLOURS = theme.colours;
  const BODY = frame.body;
  // Runs are made once, in the deck's order (acronyms' first uses), and sized at each fit step.
  const segments: Segment[] = [];
  const text = (block: Block) => {
    const last = segments[segments.length - 1];
    if (last?.kind === "text") last.blocks.push(block);
    else segments.push({ kind: "text", blocks: [block] });
  };
  const cellRuns = (cell: Tokens.TableCell) => prose(cell.text);
  for (const token of marked.lexer(markdown)) {
    const found = imagesIn(token);
    for (const image of found) {
      const data = ctx.images.get(image.href);
      if (data !== undefined && isPlaceable(data))
        segments.push({ kind: "picture", data, alt: image.text, size: pictureSize(data, BODY.w) });
      // A picture PowerPoint cannot hold is its alt text, as a caption.
      else text({ runs: [{ text: image.text }], style: { italic: true, color: COLOURS.muted } });
    }
    const onlyImages =
      found.length > 0 &&
      ((token as Tokens.Paragraph).tokens ?? []).every((t) => t.type === "image" || t.raw.trim() === "");
    if (onlyImages) continue;
    if (token.type === "paragraph" || token.type === "text")
      text({ runs: prose((token as Tokens.Paragraph).text), style: { paraSpaceAfter: 10 } });
    else if (token.type === "heading")
      text({ runs: label((token as Tokens.Heading).text), style: { bold: true } });
    else if (token.type === "list") {
      const list = token as Tokens.List;
      for (const item of list.items)
        text({ runs: prose(item.text), style: { bullet: list.ordered ? { type: "number" } : true } });
    } else if (token.type === "blockquote")
      text({ runs: prose((token as Tokens.Blockquote).text), style: { italic: true } });
    else if (token.type === "code") {
      const code = token as Tokens.Code;
      const chart =
        code.lang?.trim() === CHART_FENCE ? ctx.charts.get(chartKey(undefined, code.text)) : undefined;
      if (chart !== undefined) segments.push({ kind: "chart", chart });
      else text({ runs: [{ text: code.text, options: { fontFace: "Courier New" } }], style: {} });
    } else if (token.type === "table") {
      const table = token as Tokens.Table;
      shapeTable(table);
      // Right to left, the first column is the rightmost, as in the deck.
      const order = <T>(cells: T[]) => (theme.rtl ? [...cells].reverse() : cells);
      segments.push({
        kind: "table",
        rows: [table.header.map(cellRuns), ...table.rows.map((row) => row.map(cellRuns))].map(order),
        align: order(table.align),
      });
    }
  }
  const gap = 0.12;
  const columns = (rows: Run[][][]) => (rows[0] ?? []).map(() => BODY.w / (rows[0] ?? []).length);
  const layout = (step: TextStep) => {
    const laid = segments.map((segment) => {
      if (segment.kind === "picture") return { runs: [], height: segment.size.h };
      if (segment.kind === "chart") {
        const size = svgSize(segment.chart.svg) ?? { w: 640, h: 360 };
        const w = Math.min(BODY.w, size.w / 96);
        return { runs: [], height: (size.h / 96) * (w / (size.w / 96)) };
      }
      if (segment.kind === "table") {
        const cells = segment.rows.map((row, i) =>
          row.map((cell) => ({ runs: cell, size: step.table, bold: i === 0 })),
        );
        return { runs: [], height: tableHeight(cells, columns(segment.rows), step.margin) };
      }
      const runs = segment.blocks.flatMap((b) =>
        paragraph(b.runs, {
          ...b.style,
          fontSize: step.text,
          ...(b.style?.paraSpaceAfter === undefined ? {} : { paraSpaceAfter: step.spaceAfter }),
        }),
      );
      return { runs, height: runsHeight(runs, BODY.w, step.text) };
    });
    const total = laid.reduce((sum, s) => sum + s.height + gap, -gap);
    return { laid, fits: total <= BODY.h };
  };
  const steps = textSteps(frame);
  let step = steps[0] as TextStep;
  let placed = layout(step);
  for (const next of steps.slice(1)) {
    if (placed.fits) break;
    step = next;
    placed = layout(next);
  }
  // Still too tall at the last step: the pictures give up height, to what the rest leaves them.
  const total = placed.laid.reduce((sum, s) => sum + s.height + gap, -gap);
  const pictureHeight = placed.laid.reduce(
    (sum, s, i) => sum + (segments[i]?.kind === "picture" ? s.height : 0),
    0,
  );
  if (total > BODY.h && pictureHeight > 0) {
    const shrink = Math.max(0, pictureHeight - (total - BODY.h)) / pictureHeight;
    placed.laid.forEach((s, i) => {
      if (segments[i]?.kind === "picture") s.height *= shrink;
    });
  }
  // One after the other from the body's top; moved down as the deck placed its first table, as far as
  // the rest allows. Charts give up height last, when nothing else fits.
  const bottom = BODY.y + BODY.h;
  const tops: number[] = [];
  let y = BODY.y;
  for (const s of placed.laid) {
    tops.push(y);
    y += s.height + gap;
  }
  const firstTable = segments.findIndex((s) => s.kind === "table");
  const deckTop = frame.tables[0]?.y;
  // Centred under the heading as the deck balances its content, unless the deck's measure says where.
  const room = Math.max(0, bottom - (y - gap));
  const shift =
    firstTable < 0 || deckTop === undefined
      ? room / 2
      : Math.max(0, Math.min(deckTop - (tops[firstTable] as number), room));
  segments.forEach((segment, i) => {
    const top = (tops[i] as number) + shift;
    const next = i === segments.length - 1 ? bottom : (tops[i + 1] as number) + shift - gap;
    const box = { x: BODY.x, y: top, w: BODY.w, h: Math.max(0.3, Math.min(bottom, next) - top) };
    if (segment.kind === "text")
      target.addText(placed.laid[i]?.runs ?? [], { ...ctx.textStyle, ...box, objectName: "Body" });
    else if (segment.kind === "picture")
      addPicture(target, segment, { ...box, h: placed.laid[i]?.height ?? 0 }, theme);
    else if (segment.kind === "chart") addChart(target, segment.chart, box, theme);
    else
      target.addTable(
        segment.rows.map(
          (row, r): TableRow =>
            row.map((cell, c) => {
              const align = segment.align[c] ?? undefined;
              return {
                text: cell,
                options: {
                  ...(align === undefined ? {} : { align }),
                  ...(r === 0 ? { bold: true, color: COLOURS.paper, fill: { color: COLOURS.accent } } : {}),
                },
              };
            }),
        ),
        {
          ...box,
          h: undefined,
          colW: columns(segment.rows),
          fontFace: theme.font,
          fontSize: step.table,
          color: COLOURS.ink,
          margin: step.margin,
          lang: theme.lang,
          border: { type: "solid", pt: 1, color: COLOURS.rule },
          autoPage: false,
          objectName: "Table",
        },
      );
  });
}

// The picture's size in inches as the deck shows it: its own, at most the body's width and 440 px high.
function pictureSize(data: string, width: number): { w: number; h: number } {
  const natural = imageSize(data) ?? { w: 640, h: 360 };
  const w = natural.w / 96;
  const h = natural.h / 96;
  const scale = Math.min(1, width / w, IMAGE_MAX_H / h);
  return { w: w * scale, h: h * scale };
}

// At the line's start as the deck's inline image is (the right in a right-to-left brief), at its size or
// as high as it was left, aspect kept.
function addPicture(
  target: PptxSlide,
  picture: Segment & { kind: "picture" },
  box: { x: number; y: number; w: number; h: number },
  theme: PptxTheme,
) {
  const h = Math.min(picture.size.h, box.h);
  const w = picture.size.w * (h / picture.size.h);
  const x = theme.rtl ? box.x + box.w - w : box.x;
  target.addImage({
    data: picture.data,
    ...fitInside(imageSize(picture.data), { x, y: box.y, w, h }),
    altText: picture.alt,
    objectName: "Picture",
  });
}

/** One fit step of a text slide in the PowerPoint: sizes (pt), space after a paragraph, table margins. */
interface TextStep {
  text: number;
  table: number;
  spaceAfter: number;
  margin: number;
}

// The deck's steps (theme.css): 1 tightens spacing, 2 sets the text and tables at their floors. Then half
// a point at a time, tables to 10 pt, for a font wider than the deck's standing in.
function textSteps(frame: SlideFrame): TextStep[] {
  const deck = { text: frame.size("text"), table: frame.size("table", 24) };
  const steps: TextStep[] = [];
  for (let n = Math.min(frame.step, 2); n <= 2; n++)
    steps.push({
      text: n >= 2 ? Math.min(deck.text, TYPE.bodyFloor) : deck.text,
      table: n >= 2 ? Math.min(deck.table, TYPE.secondaryFloor) : deck.table,
      spaceAfter: n >= 1 ? 4 : 10,
      margin: n >= 1 ? 0.05 : 0.07,
    });
  const last = steps[steps.length - 1] as TextStep;
  for (let d = 0.5; last.table - d >= 10; d += 0.5)
    steps.push({ ...last, text: last.text - d, table: last.table - d });
  return steps;
}

// The images in a block token, links' and lists' included, in order.
function imagesIn(token: Token): Tokens.Image[] {
  if (token.type === "image") return [token as Tokens.Image];
  const nested = [
    ...((token as { tokens?: Token[] }).tokens ?? []),
    ...((token as { items?: Token[] }).items ?? []),
  ];
  return nested.flatMap(imagesIn);
}
