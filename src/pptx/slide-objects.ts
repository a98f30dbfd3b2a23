import { marked, type Token, type Tokens } from "marked";
import type { AcronymExpander } from "../brief/acronyms.ts";
import type { Brief, Slide } from "../brief/brief.ts";
import { changesAfter, changesSince } from "../brief/changes.ts";
import { shownRows } from "../brief/continuation.ts";
import { likelihoodLabel } from "../brief/estimative.ts";
import { localeFor } from "../messages/locale.ts";
import { chartKey, type RenderedChart } from "../render/chart.ts";
import { longDate, ratingWord, sourcesView } from "../render/slide-views.ts";
import type { SlideGeometry } from "../slide-geometry.ts";
import { addChart } from "./chart-objects.ts";
import { type CiteNumber, type Expand, inlineRuns, paragraph, type Run } from "./inline-runs.ts";
import { fitInside, imageSize, isPlaceable } from "./place-images.ts";
import type { TableCell, TableRow, PptxSlide as Target, TextOptions } from "./pptxgen.ts";
import { type PptxTheme, RATING_SYMBOLS, TYPE } from "./theme.ts";
import { addFigures, addTimeline } from "./timeline-objects.ts";
import { frameOf, type SlideFrame } from "./type-scale.ts";

// Each layout as native PowerPoint objects: text boxes with real paragraphs, and tables.

type PptxSlide = Target;
const textStyle = (theme: PptxTheme) =>
  ({
    fontFace: theme.font,
    color: theme.colours.ink,
    valign: "top",
    fit: "shrink",
    margin: 0,
    lang: theme.lang,
    rtlMode: theme.rtl,
    ...(theme.rtl ? { align: "right" as const } : {}),
  }) as const;

export interface SlideContext {
  brief: Brief;
  cite: CiteNumber;
  numbers: Map<string, number>;
  /** The deck's acronym expander, shared by every slide in order: first uses are the deck's. */
  acronyms: AcronymExpander;
  /** Each Markdown image's data: URI, by its path as written (the deck's, from loadImages). */
  images: ReadonlyMap<string, string>;
  /** The brand's colours and fonts (else the built-in theme's). */
  theme: PptxTheme;
  /** The brief's charts rendered to SVG with their data (loadCharts), by chartKey. */
  charts?: ReadonlyMap<string, RenderedChart>;
  /** The slide as the deck measured it (PDF builds); without it, the deck's type scale and frame. */
  geometry?: SlideGeometry | null | undefined;
}

/** Inline Markdown as runs, its acronyms as the deck writes them. */
type Inline = (markdown: string, style?: Parameters<typeof inlineRuns>[2]) => Run[];
interface Runs {
  label: Inline;
  prose: Inline;
}

/** Adds the slide's title (when it has one) and its content. */
export function addSlideObjects(
  target: PptxSlide,
  slide: Slide,
  title: string | undefined,
  ctx: SlideContext,
) {
  const { cite, theme } = ctx;
  const frame = frameOf(slide.layout, ctx.geometry, title);
  const BODY = frame.body;
  const size = frame.size;
  const { t } = localeFor(ctx.brief.lang);
  const COLOURS = theme.colours;
  const TEXT = textStyle(theme);
  const HEADING = { fontFace: theme.headingFont, color: COLOURS.heading };
  const as =
    (expand: Expand): Inline =>
    (markdown, style) =>
      inlineRuns(markdown, cite, style, expand);
  // Labels (titles, columns, quotations) are marked up only; running text expands an acronym's first use.
  const runs: Runs = { label: as(ctx.acronyms.label), prose: as(ctx.acronyms.prose) };
  const { label, prose } = runs;
  if (slide.layout === "title" || slide.layout === "section") {
    const subtitle = slide.layout === "section" ? slide.subtitle : ctx.brief.subtitle;
    const { x, w } = frame.content;
    target.addText(label(title ?? ""), {
      ...TEXT,
      x,
      y: 1.6,
      w,
      h: 2.3,
      fontSize: size("title"),
      bold: true,
      ...HEADING,
      valign: "bottom",
      objectName: "Title",
    });
    if (subtitle !== undefined)
      target.addText(label(subtitle), {
        ...TEXT,
        x,
        y: 4.05,
        w,
        h: 1.5,
        fontSize: size("subtitle"),
        color: COLOURS.muted,
        objectName: "Subtitle",
      });
    return;
  }
  if (title !== undefined) addHeading(target, label(title), frame, { ...TEXT, ...HEADING }, theme);
  switch (slide.layout) {
    case "bullets": {
      const runs = slide.points.flatMap((p) => {
        const text = typeof p === "string" ? p : p.text;
        const subs = typeof p === "string" ? [] : (p.points ?? []);
        return [
          // The deck's spacing: 18 px after a point, 6 px between sub-points (1 px = 0.75 pt).
          ...paragraph(prose(text), {
            bullet: true,
            indentLevel: 0,
            fontSize: size("text"),
            paraSpaceAfter: subs.length > 0 ? 6 : 13.5,
          }),
          ...subs.flatMap((s, i) =>
            paragraph(prose(s), {
              bullet: true,
              indentLevel: 1,
              fontSize: size("small"),
              paraSpaceAfter: i === subs.length - 1 ? 13.5 : 4.5,
            }),
          ),
        ];
      });
      return body(target, runs, theme, BODY);
    }
    case "judgments": {
      const runs = slide.items.flatMap((item, i) => {
        const estimate: Run[] = [];
        if (item.likelihood !== undefined) {
          const { term, range } = likelihoodLabel(item.likelihood, ctx.brief.lang);
          estimate.push(caption(`${t("estimate.likelihood")} `, theme), {
            text: `${term} (${range})`,
            options: { color: COLOURS.ink },
          });
        }
        if (item.confidence !== undefined)
          estimate.push(caption(`${estimate.length > 0 ? "   " : ""}${t("estimate.confidence")} `, theme), {
            text: t(`confidence.${item.confidence}`),
            options: { color: COLOURS.ink },
          });
        return [
          ...paragraph(
            [{ text: `${i + 1}. `, options: { bold: true, color: COLOURS.accent } }, ...prose(item.text)],
            { fontSize: size("text") },
          ),
          ...(estimate.length > 0
            ? paragraph(estimate, { indentLevel: 1, fontSize: size("small"), paraSpaceAfter: 10 })
            : []),
        ];
      });
      return body(target, runs, theme, BODY);
    }
    case "comparison":
      return addComparison(target, slide, runs, theme, frame);
    case "text":
      return addMarkdown(target, slide.body, runs, ctx.images, theme, frame);
    case "quote": {
      const runs = paragraph(label(`“${slide.quote}”`), { fontSize: size("text"), italic: true });
      const by = [slide.attribution && `— ${slide.attribution}`].filter(Boolean).join("");
      const number = slide.cite === undefined ? undefined : cite(slide.cite);
      if (by !== "" || number !== undefined) {
        const line = by === "" ? [] : label(by);
        if (number !== undefined) line.push({ text: ` [${number}]`, options: { superscript: true } });
        runs.push(...paragraph(line, { fontSize: size("small"), color: COLOURS.muted, align: "right" }));
      }
      return body(target, runs, theme, BODY, { valign: "middle" });
    }
    case "chart": {
      const chart = ctx.charts?.get(chartKey(slide.index));
      const number = slide.cite === undefined ? undefined : cite(slide.cite);
      const h = number === undefined ? BODY.h : BODY.h - 0.5;
      if (chart !== undefined) addChart(target, chart, { ...BODY, h }, theme);
      if (number !== undefined)
        body(
          target,
          paragraph([{ text: `${t("chart.source")} [${number}]` }], { fontSize: 16, color: COLOURS.muted }),
          theme,
          { ...BODY, y: BODY.y + h + 0.1, h: 0.4 },
          { objectName: "Source" },
        );
      return;
    }
    case "sources": {
      const sources = sourcesView(ctx.brief, ctx.numbers, { inline: (t: string) => t } as never);
      const runs = sources.flatMap((s) => {
        const src = ctx.brief.sources.get(s.key);
        const name = [src?.title, src?.author, src?.publisher, src?.date].filter(Boolean).join(", ");
        const line: Run[] = [
          { text: `${s.number}. `, options: { bold: true } },
          ...inlineRuns(name, () => undefined),
        ];
        // The deck's words and order (templates/partials/source-entry.hbs).
        if (s.via !== null) line.push({ text: `, ${t("source.via", { number: s.via })}` });
        line.push({ text: "." });
        if (s.published !== null) line.push({ text: ` ${t("source.published", { date: s.published })}` });
        if (s.accessed !== null) line.push({ text: ` ${t("source.accessed", { date: s.accessed })}` });
        if (s.url !== null) line.push({ text: ` ${s.url}`, options: { hyperlink: { url: s.url } } });
        if (s.gradingText !== null)
          line.push({ text: `  (${s.gradingText})`, options: { color: COLOURS.muted } });
        return paragraph(line, { fontSize: size("text"), paraSpaceAfter: 6 });
      });
      return body(target, runs, theme, BODY);
    }
    case "timeline":
      return addTimeline(target, slide, { brief: ctx.brief, cite, label, prose, theme });
    case "figures":
      return addFigures(target, slide, { brief: ctx.brief, cite, label, prose, theme });
    case "changes": {
      const since = changesSince(slide, ctx.brief);
      const runs = changesAfter(ctx.brief.changes, since).flatMap((c) => [
        ...paragraph(
          [
            { text: `v${c.version}`, options: { bold: true } },
            { text: `  ${longDate(c.date, ctx.brief.lang)}` },
          ],
          {
            fontSize: size("small"),
            color: COLOURS.muted,
          },
        ),
        ...paragraph(prose(c.summary), { fontSize: size("text"), paraSpaceAfter: 12 }),
      ]);
      return body(target, runs, theme, BODY);
    }
  }
}

function caption(text: string, theme: PptxTheme): Run {
  return { text, options: { bold: true, color: theme.colours.muted } };
}

function body(
  target: PptxSlide,
  runs: Run[],
  theme: PptxTheme,
  box: SlideFrame["body"],
  extra: Partial<TextOptions> = {},
) {
  if (runs.length > 0) target.addText(runs, { ...textStyle(theme), ...box, objectName: "Body", ...extra });
}

// The slide's title in the deck's heading box, with the deck's rule under it.
function addHeading(target: PptxSlide, runs: Run[], frame: SlideFrame, style: TextOptions, theme: PptxTheme) {
  const { x, y, w, h } = frame.title;
  // The deck's heading box holds 12 px of padding and a 3 px rule under the text.
  const rule = 3 / 96;
  const text = h - 12 / 96 - rule;
  target.addText(runs, {
    ...style,
    x,
    y,
    w,
    h: text,
    fontSize: frame.size("title"),
    bold: true,
    valign: "bottom",
    objectName: "Title",
  });
  target.addShape("line", {
    x,
    y: y + h - rule / 2,
    w,
    h: 0,
    line: { color: theme.colours.accent, width: 2.25 },
  });
}

function addComparison(
  target: PptxSlide,
  slide: Slide & { layout: "comparison" },
  { label, prose }: Runs,
  theme: PptxTheme,
  frame: SlideFrame,
) {
  const COLOURS = theme.colours;
  const { size } = frame;
  const BODY = frame.body;
  const lang = theme.lang ?? "en";
  const head = {
    bold: true,
    color: COLOURS.paper,
    fill: { color: COLOURS.accent },
    fontSize: size("head"),
    lang,
  };
  const header: TableCell[] = [
    { text: localeFor(lang).t("matrix.criterion"), options: head },
    ...slide.columns.map((c) => ({ text: label(c), options: head })),
  ];
  const rows = shownRows(slide).map(
    (row): TableRow => [
      {
        text: label(row.label),
        options: { bold: true, fontSize: size("text"), fill: { color: COLOURS.wash }, lang },
      },
      ...row.cells.map((cell) => {
        const colour = COLOURS[cell.rating];
        const runs: Run[] = [
          {
            text: `${RATING_SYMBOLS[cell.rating]} ${ratingWord(cell.rating, lang).toLocaleUpperCase(lang)}`,
            options: {
              bold: true,
              color: colour,
              fontSize: size("small"),
              breakLine: cell.text !== undefined,
            },
          },
          ...(cell.text === undefined ? [] : prose(cell.text)),
        ];
        return { text: runs, options: { fontSize: size("text"), lang } };
      }),
    ],
  );
  // The deck's criteria column is 22% of the table; right to left, the criteria are the rightmost column.
  const first = BODY.w * 0.22;
  const rest = (BODY.w - first) / slide.columns.length;
  const order = <T>(cells: T[]) => (theme.rtl ? [...cells].reverse() : cells);
  target.addTable([header, ...rows].map(order), {
    ...BODY,
    h: undefined,
    fontFace: theme.font,
    color: COLOURS.ink,
    valign: "top",
    margin: 0.08,
    lang: theme.lang,
    border: { type: "solid", pt: 1, color: COLOURS.rule },
    colW: order([first, ...slide.columns.map(() => rest)]),
    autoPage: false,
    objectName: "Comparison",
  });
}

/** A text slide's Markdown: paragraphs, headings and lists in one text box, tables as native tables. */
function addMarkdown(
  target: PptxSlide,
  markdown: string,
  { label, prose }: Runs,
  images: ReadonlyMap<string, string>,
  theme: PptxTheme,
  frame: SlideFrame,
) {
  const COLOURS = theme.colours;
  const BODY = frame.body;
  const text = frame.size("text");
  const runs: Run[] = [];
  const pictures: { data: string; alt: string }[] = [];
  // Tables' runs are made where the table stands, so acronyms' first uses follow the deck's order.
  const tables: TableRow[][] = [];
  const cellRuns = (cell: Tokens.TableCell) => prose(cell.text);
  const head = { bold: true, color: COLOURS.paper, fill: { color: COLOURS.accent } };
  for (const token of marked.lexer(markdown)) {
    const found = imagesIn(token);
    for (const image of found) {
      const data = images.get(image.href);
      if (data !== undefined && isPlaceable(data)) pictures.push({ data, alt: image.text });
      // A picture PowerPoint cannot hold is its alt text, as a caption.
      else
        runs.push(
          ...paragraph([{ text: image.text }], { fontSize: text, italic: true, color: COLOURS.muted }),
        );
    }
    const onlyImages =
      found.length > 0 &&
      ((token as Tokens.Paragraph).tokens ?? []).every((t) => t.type === "image" || t.raw.trim() === "");
    if (onlyImages) continue;
    if (token.type === "paragraph" || token.type === "text")
      runs.push(
        ...paragraph(prose((token as Tokens.Paragraph).text), {
          fontSize: text,
          paraSpaceAfter: 10,
        }),
      );
    else if (token.type === "heading")
      runs.push(...paragraph(label((token as Tokens.Heading).text), { fontSize: text, bold: true }));
    else if (token.type === "list") {
      const list = token as Tokens.List;
      for (const item of list.items)
        runs.push(
          ...paragraph(prose(item.text), {
            bullet: list.ordered ? { type: "number" } : true,
            fontSize: text,
          }),
        );
    } else if (token.type === "blockquote")
      runs.push(...paragraph(prose((token as Tokens.Blockquote).text), { fontSize: text, italic: true }));
    else if (token.type === "table") {
      const table = token as Tokens.Table;
      tables.push([
        table.header.map((cell) => ({ text: cellRuns(cell), options: head })),
        ...table.rows.map((row) => row.map((cell) => ({ text: cellRuns(cell) }))),
      ]);
    }
  }
  const tableHeight =
    tables.length === 0 ? 0 : Math.min(BODY.h / 2, 0.45 * (1 + tables.reduce((n, t) => n + t.length, 0)));
  const h = BODY.h - tableHeight;
  // Pictures beside the text (right half), or the whole body without text; one above the other.
  const split = pictures.length > 0 && runs.length > 0 ? BODY.w / 2 : 0;
  if (runs.length > 0)
    target.addText(runs, { ...textStyle(theme), ...BODY, w: split || BODY.w, h, objectName: "Body" });
  const gap = 0.25;
  const each = (h - gap * (pictures.length - 1)) / Math.max(1, pictures.length);
  pictures.forEach((picture, i) => {
    const x = BODY.x + (split === 0 ? 0 : split + gap);
    const box = { x, y: BODY.y + i * (each + gap), w: BODY.w - (x - BODY.x), h: each };
    target.addImage({
      data: picture.data,
      ...fitInside(imageSize(picture.data), box),
      altText: picture.alt,
      objectName: "Picture",
    });
  });
  let y = BODY.y + BODY.h - tableHeight;
  for (const data of tables) {
    target.addTable(data, {
      x: BODY.x,
      y,
      w: BODY.w,
      fontFace: theme.font,
      // Tables are placed by estimate (0.45 in a row), at the small size to stay inside it.
      fontSize: frame.size("small", TYPE.secondaryFloor),
      color: COLOURS.ink,
      margin: 0.06,
      lang: theme.lang,
      border: { type: "solid", pt: 1, color: COLOURS.rule },
      autoPage: false,
    });
    y += 0.45 * data.length;
  }
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
