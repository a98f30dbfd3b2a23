import type { AcronymExpander } from "../brief/acronyms.ts";
import type { Brief, Slide } from "../brief/brief.ts";
import { changesAfter, changesSince } from "../brief/changes.ts";
import { likelihoodLabel } from "../brief/estimative.ts";
import { localeFor } from "../messages/locale.ts";
import { chartKey, type RenderedChart } from "../render/chart.ts";
import { longDate, sourcesView } from "../render/slide-views.ts";
import type { SlideGeometry } from "../slide-geometry.ts";
import { addChart } from "./chart-objects.ts";
import { addComparison } from "./comparison-table.ts";
import { type CiteNumber, type Expand, inlineRuns, paragraph, type Run } from "./inline-runs.ts";
import { addMarkdown } from "./markdown-objects.ts";
import type { PptxSlide } from "./pptxgen.ts";
import { addHeading, body, caption, type Inline, type Runs, textStyle } from "./text-boxes.ts";
import { MARKERS, type PptxTheme, TYPE } from "./theme.ts";
import { addFigures, addTimeline } from "./timeline-objects.ts";
import { frameOf } from "./type-scale.ts";

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
  // Links and citation numbers in the accent, as the deck's `a` and `a.bd-cite` (semibold) are.
  const accented = (run: Run): Run =>
    run.options?.hyperlink !== undefined || run.options?.superscript === true
      ? {
          ...run,
          options: {
            ...run.options,
            color: COLOURS.accent,
            bold: run.options?.superscript === true || run.options?.bold,
          },
        }
      : run;
  const as =
    (expand: Expand): Inline =>
    (markdown, style) =>
      inlineRuns(markdown, cite, style, expand).map(accented);
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
      ...(slide.layout === "title" ? { color: COLOURS.display } : {}),
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
        // The deck's subtitle is in the accent colour on a title slide, muted on a section's.
        color: slide.layout === "title" ? COLOURS.accent : COLOURS.muted,
        objectName: "Subtitle",
      });
    if (slide.layout === "title") {
      // Under the subtitle (its measured height, then the deck's 42 px), the deck's byline: the author,
      // the organisation, then the date, version and "Draft" (templates/layouts/title.hbs).
      const { brief } = ctx;
      const dateline = [
        brief.date === undefined ? undefined : longDate(brief.date, brief.lang),
        brief.version === undefined ? undefined : t("version.long", { version: brief.version }),
        brief.status === "draft" ? t("draft.word") : undefined,
      ].filter((part) => part !== undefined);
      const lines: Run[] = [
        ...(brief.author === undefined
          ? []
          : paragraph([{ text: brief.author }], { bold: true, paraSpaceAfter: 3 })),
        ...(brief.organisation === undefined
          ? []
          : paragraph([{ text: brief.organisation }], { color: COLOURS.muted, paraSpaceAfter: 3 })),
        ...(dateline.length === 0
          ? []
          : paragraph([{ text: dateline.join(" · ") }], { color: COLOURS.muted })),
      ];
      const top =
        subtitle === undefined ? titleBottom + 18 / 96 : subtitleTop + (deckSubtitle?.h ?? 0.5) + 42 / 96;
      if (lines.length > 0)
        target.addText(lines, {
          ...TEXT,
          x,
          y: top,
          w,
          h: Math.max(1, contentBottom - top),
          fontSize: size("small"),
          objectName: "Byline",
        });
    }
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
            bullet: MARKERS.point,
            indentLevel: 0,
            fontSize: size("text"),
            paraSpaceAfter: subs.length > 0 ? 6 : 13.5,
          }),
          ...subs.flatMap((s, i) =>
            paragraph(prose(s), {
              bullet: MARKERS.subpoint,
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
      const lang = ctx.brief.lang;
      const runs = slide.items.flatMap((item) => {
        // The deck's estimate line: each label in capitals in the ink, a size under its value, which is muted.
        const label = size("small") * (TYPE.secondaryFloor / TYPE.secondary);
        const estimate: Run[] = [];
        const add = (name: string, value: string) =>
          estimate.push(
            caption(`${estimate.length > 0 ? "   " : ""}${name.toLocaleUpperCase(lang)} `, theme, label),
            {
              text: value,
              options: { color: theme.colours.muted, fontSize: size("small") },
            },
          );
        if (item.likelihood !== undefined) {
          const { term, range } = likelihoodLabel(item.likelihood, lang);
          add(t("estimate.likelihood"), `${term} (${range})`);
        }
        if (item.confidence !== undefined) add(t("estimate.confidence"), t(`confidence.${item.confidence}`));
        // One numbered paragraph: the estimate on a line of its own under the judgment (a line break, not a
        // paragraph), so it starts where the judgment's text does, after the number, as in the deck.
        const [first, ...rest] = estimate;
        const under =
          first === undefined
            ? []
            : [{ ...first, options: { ...first.options, softBreakBefore: true } }, ...rest];
        return paragraph([...prose(item.text), ...under], {
          // PowerPoint's circled numbers go to ten.
          bullet: slide.items.length <= 10 ? MARKERS.judgment : { type: "number" },
          fontSize: size("text"),
          paraSpaceAfter: 10,
        });
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
      const number = slide.cite === undefined ? undefined : cite(slide.cite);
      // The deck's attribution: under the quotation at its start, as written (templates/layouts/quote.hbs).
      const by = slide.attribution ?? "";
      if (by !== "" || number !== undefined) {
        const line = by === "" ? [] : label(by);
        if (number !== undefined)
          line.push(accented({ text: ` [${number}]`, options: { superscript: true } }));
        runs.push(...paragraph(line, { fontSize: size("small"), color: COLOURS.muted, paraSpaceBefore: 18 }));
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
        // The deck's words, order and stops (templates/partials/source-entry.hbs): "Title, Author.
        // Publisher, date, as cited in [n]."
        const title = src?.title;
        let rest = title === undefined ? (s.author ?? "") : s.author === null ? "" : `, ${s.author}`;
        if (s.publisher !== null)
          rest += `${title !== undefined || s.author !== null ? ". " : ""}${s.publisher}`;
        if (s.date !== null) rest += `, ${s.date}`;
        if (s.via !== null) rest += `, ${t("source.via", { number: s.via })}`;
        const line: Run[] = [
          { text: `${s.number}. `, options: { bold: true } },
          // The deck sets the whole title in italics (.bd-source-title), its own emphasis included.
          ...(title === undefined ? [] : inlineRuns(title, () => undefined, { italic: true })),
          { text: `${rest}.` },
        ];
        if (s.published !== null) line.push({ text: ` ${t("source.published", { date: s.published })}` });
        if (s.accessed !== null) line.push({ text: ` ${t("source.accessed", { date: s.accessed })}` });
        // The space before the link is not part of it (nor of its underline).
        if (s.url !== null)
          line.push({ text: " " }, accented({ text: s.url, options: { hyperlink: { url: s.url } } }));
        if (s.gradingText !== null)
          line.push({ text: `  (${s.gradingText})`, options: { color: COLOURS.muted } });
        return paragraph(line, { fontSize: size("text"), paraSpaceAfter: 6 });
      });
      return body(target, runs, theme, BODY);
    }
    case "timeline":
      return addTimeline(target, slide, { brief: ctx.brief, cite, label, prose, theme }, BODY, frame.blocks);
    case "figures":
      return addFigures(target, slide, { brief: ctx.brief, cite, label, prose, theme }, BODY);
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
