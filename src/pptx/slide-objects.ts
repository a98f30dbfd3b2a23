import { marked, type Token, type Tokens } from "marked";
import type { AcronymExpander } from "../brief/acronyms.ts";
import type { Brief, Slide } from "../brief/brief.ts";
import { changesAfter, changesSince } from "../brief/changes.ts";
import { likelihoodLabel } from "../brief/estimative.ts";
import { localeFor } from "../messages/locale.ts";
import { longDate, ratingWord, sourcesView } from "../render/slide-views.ts";
import { type CiteNumber, type Expand, inlineRuns, paragraph, type Run } from "./inline-runs.ts";
import { fitInside, imageSize, isPlaceable } from "./place-images.ts";
import type { TableCell, TableRow, PptxSlide as Target, TextOptions } from "./pptxgen.ts";
import { BODY_WIDTH, FRAME, type PptxTheme, RATING_SYMBOLS } from "./theme.ts";

// Each layout as native PowerPoint objects: text boxes with real paragraphs, and tables.

type PptxSlide = Target;
const BODY = { x: FRAME.margin, y: FRAME.body.y, w: BODY_WIDTH, h: FRAME.body.h };
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
    const big = slide.layout === "title" ? 40 : 44;
    target.addText(label(title ?? ""), {
      ...TEXT,
      x: FRAME.margin,
      y: 2.0,
      w: BODY_WIDTH,
      h: 1.9,
      fontSize: big,
      bold: true,
      ...HEADING,
      valign: "bottom",
      objectName: "Title",
    });
    if (subtitle !== undefined)
      target.addText(label(subtitle), {
        ...TEXT,
        x: FRAME.margin,
        y: 4.05,
        w: BODY_WIDTH,
        h: 1.2,
        fontSize: 24,
        color: COLOURS.muted,
        objectName: "Subtitle",
      });
    return;
  }
  if (title !== undefined)
    target.addText(label(title), {
      ...TEXT,
      x: FRAME.margin,
      y: FRAME.title.y,
      w: BODY_WIDTH,
      h: FRAME.title.h,
      fontSize: 30,
      bold: true,
      ...HEADING,
      valign: "middle",
      objectName: "Title",
    });
  switch (slide.layout) {
    case "bullets": {
      const runs = slide.points.flatMap((p) => {
        const text = typeof p === "string" ? p : p.text;
        const subs = typeof p === "string" ? [] : (p.points ?? []);
        return [
          ...paragraph(prose(text), { bullet: true, indentLevel: 0, fontSize: 24 }),
          ...subs.flatMap((s) => paragraph(prose(s), { bullet: true, indentLevel: 1, fontSize: 20 })),
        ];
      });
      return body(target, runs, theme);
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
            { fontSize: 24 },
          ),
          ...(estimate.length > 0
            ? paragraph(estimate, { indentLevel: 1, fontSize: 17, paraSpaceAfter: 10 })
            : []),
        ];
      });
      return body(target, runs, theme);
    }
    case "comparison":
      return addComparison(target, slide, runs, theme);
    case "text":
      return addMarkdown(target, slide.body, runs, ctx.images, theme);
    case "quote": {
      const runs = paragraph(label(`“${slide.quote}”`), { fontSize: 32, italic: true });
      const by = [slide.attribution && `— ${slide.attribution}`].filter(Boolean).join("");
      const number = slide.cite === undefined ? undefined : cite(slide.cite);
      if (by !== "" || number !== undefined) {
        const line = by === "" ? [] : label(by);
        if (number !== undefined) line.push({ text: ` [${number}]`, options: { superscript: true } });
        runs.push(...paragraph(line, { fontSize: 22, color: COLOURS.muted, align: "right" }));
      }
      return body(target, runs, theme, { valign: "middle" });
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
        if (s.via !== null) line.push({ text: `, as cited in [${s.via}]` });
        if (s.published !== null) line.push({ text: `. Published ${s.published}` });
        if (s.accessed !== null) line.push({ text: `. Accessed ${s.accessed}` });
        line.push({ text: "." });
        if (s.url !== null) line.push({ text: ` ${s.url}`, options: { hyperlink: { url: s.url } } });
        if (s.gradingText !== null)
          line.push({ text: `  (${s.gradingText})`, options: { color: COLOURS.muted } });
        return paragraph(line, { fontSize: 17, paraSpaceAfter: 6 });
      });
      return body(target, runs, theme);
    }
    case "changes": {
      const since = changesSince(slide, ctx.brief);
      const runs = changesAfter(ctx.brief.changes, since).flatMap((c) => [
        ...paragraph(
          [
            { text: `v${c.version}`, options: { bold: true } },
            { text: `  ${longDate(c.date, ctx.brief.lang)}` },
          ],
          {
            fontSize: 18,
            color: COLOURS.muted,
          },
        ),
        ...paragraph(prose(c.summary), { fontSize: 24, paraSpaceAfter: 12 }),
      ]);
      return body(target, runs, theme);
    }
  }
}

function caption(text: string, theme: PptxTheme): Run {
  return { text, options: { bold: true, color: theme.colours.muted } };
}

function body(target: PptxSlide, runs: Run[], theme: PptxTheme, extra: Partial<TextOptions> = {}) {
  if (runs.length > 0) target.addText(runs, { ...textStyle(theme), ...BODY, objectName: "Body", ...extra });
}

function addComparison(
  target: PptxSlide,
  slide: Slide & { layout: "comparison" },
  { label, prose }: Runs,
  theme: PptxTheme,
) {
  const COLOURS = theme.colours;
  const lang = theme.lang ?? "en";
  const head = { bold: true, color: COLOURS.paper, fill: { color: COLOURS.accent }, fontSize: 18, lang };
  const header: TableCell[] = [
    { text: localeFor(lang).t("matrix.criterion"), options: head },
    ...slide.columns.map((c) => ({ text: label(c), options: head })),
  ];
  const rows = slide.rows.map(
    (row): TableRow => [
      {
        text: label(row.label),
        options: { bold: true, fontSize: 18, fill: { color: COLOURS.wash }, lang },
      },
      ...row.cells.map((cell) => {
        const colour = COLOURS[cell.rating];
        const runs: Run[] = [
          {
            text: `${RATING_SYMBOLS[cell.rating]} ${ratingWord(cell.rating, lang).toLocaleUpperCase(lang)}`,
            options: { bold: true, color: colour, breakLine: cell.text !== undefined },
          },
          ...(cell.text === undefined ? [] : prose(cell.text)),
        ];
        return { text: runs, options: { fontSize: 17, lang } };
      }),
    ],
  );
  const first = Math.min(3, BODY_WIDTH / (slide.columns.length + 1));
  const rest = (BODY_WIDTH - first) / slide.columns.length;
  target.addTable([header, ...rows], {
    ...BODY,
    h: undefined,
    fontFace: theme.font,
    color: COLOURS.ink,
    valign: "top",
    margin: 0.08,
    lang: theme.lang,
    border: { type: "solid", pt: 1, color: COLOURS.rule },
    colW: [first, ...slide.columns.map(() => rest)],
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
) {
  const COLOURS = theme.colours;
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
        runs.push(...paragraph([{ text: image.text }], { fontSize: 18, italic: true, color: COLOURS.muted }));
    }
    const onlyImages =
      found.length > 0 &&
      ((token as Tokens.Paragraph).tokens ?? []).every((t) => t.type === "image" || t.raw.trim() === "");
    if (onlyImages) continue;
    if (token.type === "paragraph" || token.type === "text")
      runs.push(
        ...paragraph(prose((token as Tokens.Paragraph).text), {
          fontSize: 22,
          paraSpaceAfter: 10,
        }),
      );
    else if (token.type === "heading")
      runs.push(...paragraph(label((token as Tokens.Heading).text), { fontSize: 24, bold: true }));
    else if (token.type === "list") {
      const list = token as Tokens.List;
      for (const item of list.items)
        runs.push(
          ...paragraph(prose(item.text), {
            bullet: list.ordered ? { type: "number" } : true,
            fontSize: 22,
          }),
        );
    } else if (token.type === "blockquote")
      runs.push(...paragraph(prose((token as Tokens.Blockquote).text), { fontSize: 22, italic: true }));
    else if (token.type === "table") {
      const table = token as Tokens.Table;
      tables.push([
        table.header.map((cell) => ({ text: cellRuns(cell), options: head })),
        ...table.rows.map((row) => row.map((cell) => ({ text: cellRuns(cell) }))),
      ]);
    }
  }
  const tableHeight =
    tables.length === 0
      ? 0
      : Math.min(FRAME.body.h / 2, 0.45 * (1 + tables.reduce((n, t) => n + t.length, 0)));
  const h = FRAME.body.h - tableHeight;
  // Pictures beside the text (right half), or the whole body without text; one above the other.
  const split = pictures.length > 0 && runs.length > 0 ? BODY_WIDTH / 2 : 0;
  if (runs.length > 0)
    target.addText(runs, { ...textStyle(theme), ...BODY, w: split || BODY_WIDTH, h, objectName: "Body" });
  const gap = 0.25;
  const each = (h - gap * (pictures.length - 1)) / Math.max(1, pictures.length);
  pictures.forEach((picture, i) => {
    const x = FRAME.margin + (split === 0 ? 0 : split + gap);
    const box = { x, y: FRAME.body.y + i * (each + gap), w: BODY_WIDTH - (x - FRAME.margin), h: each };
    target.addImage({
      data: picture.data,
      ...fitInside(imageSize(picture.data), box),
      altText: picture.alt,
      objectName: "Picture",
    });
  });
  let y = FRAME.body.y + FRAME.body.h - tableHeight;
  for (const data of tables) {
    target.addTable(data, {
      x: FRAME.margin,
      y,
      w: BODY_WIDTH,
      fontFace: theme.font,
      fontSize: 16,
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
