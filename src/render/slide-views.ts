import Handlebars from "handlebars/runtime";
import type { AcronymExpander } from "../brief/acronyms.ts";
import type { Brief, Slide, Source } from "../brief/brief.ts";
import type { Rating } from "../brief/brief-schema.ts";
import { changesAfter, changesSince, changesTitle } from "../brief/changes.ts";
import { continuedTitle, shownRows } from "../brief/continuation.ts";
import { likelihoodLabel } from "../brief/estimative.ts";
import type { MessageKey } from "../messages/catalogue.ts";
import { localeFor } from "../messages/locale.ts";
import { breakUrl } from "./break-url.ts";
import { chartKey, specTitle } from "./chart.ts";
import { type Charts, chartFigure } from "./chart-view.ts";
import type { MarkdownRenderer } from "./markdown.ts";
import type { Templates } from "./templates.ts";
import { figuresView, timelineView } from "./timeline-view.ts";

// What each layout's template sees: the slide's fields rendered (Markdown, acronyms, citations) and
// shaped for Handlebars. render-deck.ts puts them together into the deck and the handout.

const { SafeString } = Handlebars;
/** HTML that templates insert as it is. */
export type Html = Handlebars.SafeString;

/** A rating's word in a language: "Holds", "Satisfait". */
export function ratingWord(rating: Rating, lang: string): string {
  return localeFor(lang).t(`rating.${rating}`);
}

/** A citation's hover text: the source's title and, when graded, its Admiralty grading in words. */
export function citationTitle(source: Source, lang: string): string {
  const grading = gradingView(source, lang);
  const name = plainText(source.title ?? [source.author, source.publisher].filter(Boolean).join(", "));
  return grading === null ? name : `${name} (${grading.text})`;
}

/** A source's Admiralty grading, e.g. "B2" and "graded B2: usually reliable, probably true". */
function gradingView(source: Source | undefined, lang: string): { code: string; text: string } | null {
  if (source?.reliability === undefined && source?.credibility === undefined) return null;
  const { t } = localeFor(lang);
  const code = `${source.reliability ?? "–"}${source.credibility ?? "–"}`;
  const words = [
    source.reliability === undefined ? t("grading.noReliability") : t(`reliability.${source.reliability}`),
    source.credibility === undefined
      ? t("grading.noCredibility")
      : t(`credibility.${source.credibility}` as MessageKey),
  ];
  return { code, text: t("grading.text", { code, words: words.join(t("list.separator")) }) };
}

export function sourcesView(brief: Brief, numbers: Map<string, number>, markdown: MarkdownRenderer) {
  return [...numbers].map(([key, number]) => {
    const s = brief.sources.get(key);
    const grading = gradingView(s, brief.lang);
    return {
      number,
      key,
      title: s?.title === undefined ? null : html(markdown.inline(s.title)),
      author: s?.author ?? null,
      publisher: s?.publisher ?? null,
      date: s?.date ?? null,
      published: s?.published === undefined ? null : longDate(s.published, brief.lang),
      accessed: s?.accessed === undefined ? null : longDate(s.accessed, brief.lang),
      via: s?.via === undefined ? null : (numbers.get(s.via) ?? null),
      url: s?.url ?? null,
      urlText: s?.url === undefined ? null : html(breakUrl(s.url)),
      reliability: s?.reliability ?? "–",
      credibility: s?.credibility ?? "–",
      grading: grading?.code ?? null,
      gradingText: grading?.text ?? null,
    };
  });
}

/** What the layout views share for one brief. */
export interface ViewContext {
  brief: Brief;
  markdown: MarkdownRenderer;
  acronyms: AcronymExpander;
  templates: Templates;
  numbers: Map<string, number>;
  citation(key: string): string;
  /** The deck's charts, and the figures of ```vega-lite blocks put in place of their placeholders. */
  charts?: { all: Charts; fill(html: string): string };
}

export function slideTitle(slide: Slide, brief: Brief): string | undefined {
  if (slide.part !== undefined && slide.part.index > 0) return continuedTitle(slide.title, brief.lang);
  if (slide.title !== undefined) return slide.title;
  if (slide.layout === "title") return brief.title;
  if (slide.layout === "sources") return localeFor(brief.lang).t("layout.sources");
  if (slide.layout === "judgments") return localeFor(brief.lang).t("layout.judgments");
  if (slide.layout === "changes") return changesTitle(slide, brief);
  if (slide.layout === "chart") return specTitle(slide.spec);
  return undefined;
}

export function layoutView(
  slide: Slide,
  title: string | undefined,
  { brief, markdown, acronyms, numbers, citation, charts }: ViewContext,
): object {
  // Labels (headings, columns, quotations) are never rewritten; running text expands acronyms' first use.
  const inline = (text: string | undefined) =>
    text === undefined ? null : html(acronyms.label(markdown.inline(text)));
  const prose = (text: string | undefined) =>
    text === undefined ? null : html(acronyms.prose(markdown.inline(text)));
  const base = { title: inline(title) };
  const fillCharts = (text: string) => charts?.fill(text) ?? text;
  switch (slide.layout) {
    case "title":
    case "section":
      return { ...base, subtitle: slide.layout === "section" ? inline(slide.subtitle) : null };
    case "judgments":
      return {
        ...base,
        step: false,
        items: slide.items.map((item) => ({
          text: prose(item.text),
          likelihood: item.likelihood === undefined ? null : likelihoodLabel(item.likelihood, brief.lang),
          confidence:
            item.confidence === undefined ? null : localeFor(brief.lang).t(`confidence.${item.confidence}`),
        })),
      };
    case "bullets":
      return {
        ...base,
        step: slide.step === true,
        points: slide.points.map((p) =>
          typeof p === "string"
            ? { text: prose(p), points: [] }
            : { text: prose(p.text), points: (p.points ?? []).map((sub) => prose(sub)) },
        ),
      };
    case "comparison":
      return {
        ...base,
        columns: slide.columns.map((c) => inline(c)),
        rows: shownRows(slide).map((row) => ({
          label: inline(row.label),
          cells: row.cells.map((cell) => ({
            rating: cell.rating,
            label: ratingWord(cell.rating, brief.lang),
            text: prose(cell.text),
          })),
        })),
      };
    case "text":
      return { ...base, body: html(fillCharts(acronyms.prose(markdown.block(slide.body)))) };
    case "quote": {
      const cited = slide.cite === undefined ? "" : citation(slide.cite);
      return {
        ...base,
        quote: inline(slide.quote),
        attribution: inline(slide.attribution),
        citation: cited === "" ? null : html(cited),
      };
    }
    case "chart": {
      const cited = slide.cite === undefined ? "" : citation(slide.cite);
      return {
        ...base,
        chart: html(chartFigure(charts?.all.get(chartKey(slide.index)))),
        citation: cited === "" ? null : html(cited),
      };
    }
    case "sources":
      return { ...base, sources: sourcesView(brief, numbers, markdown) };
    case "timeline":
    case "figures": {
      const renderers = {
        label: inline,
        prose,
        cites: (keys: readonly string[]) => html(keys.map(citation).join("")),
      };
      return slide.layout === "timeline"
        ? { ...base, ...timelineView(slide, brief, renderers) }
        : { ...base, ...figuresView(slide, renderers) };
    }
    case "changes": {
      const since = changesSince(slide, brief);
      return {
        ...base,
        since: since ?? null,
        changes: changesAfter(brief.changes, since).map((c) => ({
          version: c.version,
          date: longDate(c.date, brief.lang),
          summary: prose(c.summary),
        })),
      };
    }
  }
}

/** Marks text as HTML that templates insert as it is. */
export function html(text: string): Html {
  return new SafeString(text);
}

/** Text without Markdown or tags, for attributes and metadata. */
export function plainText(markdownText: string): string {
  return markdownText
    .replace(/\[@[^\]\s]+\]/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/[*_`]+/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** An ISO date as the deck writes it in a language: "25 November 2026", "25 листопада 2026 р.". */
export function longDate(iso: string, lang: string): string {
  return localeFor(lang).date(iso);
}
