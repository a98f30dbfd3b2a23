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
import { addMarkdown } from "./markdown-objects.ts";
import type { PptxSlide, TableCell, TableRow } from "./pptxgen.ts";
import { addHeading, body, caption, type Inline, type Runs, textStyle } from "./text-boxes.ts";
import { type CellText, tableHeight, widestWord } from "./text-extent.ts";
import { type PptxTheme, RATING_SYMBOLS, TYPE } from "./theme.ts";
import { addFigures, addTimeline } from "./timeline-objects.ts";
import { frameOf, type SlideFrame } from "./type-scale.ts";

// Each layout as native PowerPoint objects: text boxes with real paragraphs, and tables.

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
    // Where the deck placed the blocks (measured): the title grows upward from its bottom, the subtitle
    // down from its top, so a wider font has room; else the type scale's places.
    const { title: deckTitle, subtitle: deckSubtitle } = frame.blocks;
    const titleBottom = deckTitle === undefined ? 3.9 : deckTitle.y + deckTitle.h;
    const titleTop = Math.min(1.6, deckTitle?.y ?? 1.6);
    const subtitleTop = deckSubtitle?.y ?? 4.05;
    const contentBottom = frame.content.y + frame.content.h;
    target.addText(label(title ?? ""), {
      ...TEXT,
      x,
      y: titleTop,
      w,
      h: titleBottom - titleTop,
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
        y: subtitleTop,
        w,
        h: Math.max(1.5, Math.min(contentBottom, subtitleTop + 2) - subtitleTop),
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
      return addMarkdown(target, slide.body, frame, {
        ...runs,
        images: ctx.images,
        charts: ctx.charts ?? new Map(),
        theme,
        textStyle: TEXT,
      });
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

function addComparison(
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
