import Handlebars from "handlebars/runtime";
import type { Slide } from "../brief/brief.ts";
import type { Locale } from "../messages/locale.ts";
import { type Charts, chartAlts } from "./chart-view.ts";
import { type EvidenceView, evidenceView } from "./evidence-view.ts";
import { fitAttributes, titleSizeClass } from "./fit.ts";
import { type Html, html, layoutView, plainText, slideTitle, type ViewContext } from "./slide-views.ts";

const { SafeString } = Handlebars;

/** One slide as the deck, the handout and the print deck show it. */
export interface SlideView {
  anchor: string;
  layout: string;
  number: string;
  annex: boolean;
  titlePlain: string;
  titleSize: string;
  fit: { steps: number; compact: boolean };
  body: Html;
  notes: Html | null;
  evidence: EvidenceView[] | null;
  speakerEvidence: EvidenceView[] | null;
  handoutSkips: boolean;
  chartAlts: string[];
}

/**
 * Renders each presented slide through its layout's template, numbered 1, 2… and the annex A1, A2….
 * The templates see `root` as @root, as the deck's own template does.
 */
export function renderSlideViews(
  slides: readonly Slide[],
  context: ViewContext & { charts: { all: Charts } },
  root: { sources: readonly unknown[] },
): SlideView[] {
  const { brief, markdown, acronyms, templates, citation, charts } = context;
  const mainCount = slides.filter((s) => !s.annex).length;
  return slides.map((slide, i) => {
    const title = slideTitle(slide, brief);
    const view = layoutView(slide, title, context);
    const annex = slide.annex === true;
    const label = annex ? `A${i - mainCount + 1}` : String(i + 1);
    const evidence = evidenceView(slide, citation, brief.lang);
    return {
      anchor: slide.anchor,
      layout: slide.layout,
      number: label,
      annex,
      titlePlain: plainText(title ?? ""),
      titleSize: titleSizeClass(slide.layout, plainText(title ?? "")),
      fit: fitAttributes(slide),
      body: html(templates.layouts[slide.layout](view, { data: { root } })),
      notes: slide.notes === undefined ? null : html(acronyms.notes(markdown.block(slide.notes))),
      // The handout prints it beneath the slide; the speaker view shows it with the notes, unless cut.
      evidence,
      speakerEvidence: brief.speakerNotes === false ? null : evidence,
      // The handout lists the sources in full on its own pages: a picture of the sources slide too would
      // print them twice.
      handoutSkips: slide.layout === "sources" && root.sources.length > 0,
      // The handout prints each chart's text alternative under the slide.
      chartAlts: chartAlts(slide, charts.all),
    };
  });
}

/** Each slide's title as plain text, for the PDF outline: an untitled slide and the annex's say so. */
export function outlineTitles(slides: readonly SlideView[], locale: Locale): string[] {
  return slides.map((s) => {
    const title = s.titlePlain || locale.t("slide.untitled", { number: s.number });
    return s.annex ? locale.t("annex.title", { number: s.number, title }) : title;
  });
}

/** Everything the deck and handout show as text (as HTML): the header, every slide and note, the sources. */
export function shownText(root: {
  footerText: string;
  brief: Record<string, unknown>;
  slides: SlideView[];
  sources: Array<Record<string, unknown>>;
  glossary: Array<{ key: string; expansion: string }>;
}): string {
  const strings = (values: unknown[]) =>
    values.filter((v) => typeof v === "string" || v instanceof SafeString).map(String);
  return [
    root.footerText,
    ...strings(Object.values(root.brief)),
    ...root.slides.flatMap((s) => strings([s.titlePlain, s.body, s.notes])),
    ...root.slides.flatMap((s) =>
      (s.evidence ?? []).flatMap((e) => [e.label, ...e.quotes.flatMap((q) => [q.quote, q.locator ?? ""])]),
    ),
    ...root.sources.flatMap((s) => strings(Object.values(s))),
    ...root.glossary.flatMap((g) => [g.key, g.expansion]),
  ].join("\n");
}
