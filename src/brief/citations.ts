import { type Brief, CITATION, markdownFields, type Slide } from "./brief.ts";
import { changesAfter, changesSince } from "./changes.ts";
import { evidencedItems } from "./evidence.ts";
import { citationsAfter } from "./validate-data-layouts.ts";

/**
 * The brief's Markdown fields outside its slides: its title and subtitle, each version's summary and
 * each source's title. Citations in them are checked and numbered like those on slides.
 */
export function briefFields(brief: Brief): Array<{ path: Array<string | number>; text: string }> {
  const fields: Array<{ path: Array<string | number>; text: string }> = [
    { path: ["title"], text: brief.title },
  ];
  if (brief.subtitle !== undefined) fields.push({ path: ["subtitle"], text: brief.subtitle });
  brief.changes.forEach((change, i) => {
    fields.push({ path: ["changes", i, "summary"], text: change.summary });
  });
  for (const [key, source] of brief.sources)
    if (source.title !== undefined) fields.push({ path: ["sources", key, "title"], text: source.title });
  return fields;
}

/**
 * The sources cited by the visible slides, numbered in order of first citation (notes count last). The
 * brief's title and subtitle count first: they open the handout and the title slide. A changes slide's
 * summaries count where the slide is, and sources cited in the titles of numbered sources count last.
 */
export function numberCitations(brief: Brief, slides: readonly Slide[]): Map<string, number> {
  const numbers = new Map<string, number>();
  const cite = (key: string) => {
    if (brief.sources.has(key) && !numbers.has(key)) numbers.set(key, numbers.size + 1);
  };
  const citeIn = (text: string) => {
    for (const match of text.matchAll(CITATION)) cite(match[1] ?? "");
  };
  citeIn(brief.title);
  citeIn(brief.subtitle ?? "");
  for (const slide of slides) {
    // A quote's source is shown under the quote, before anything in the notes.
    const quoted = slide.layout === "quote" || slide.layout === "chart" ? slide.cite : undefined;
    // Evidence is shown with its items, before the notes.
    const evidence = evidencedItems(slide).flatMap((item) => item.evidence.map((e) => e.source));
    for (const field of markdownFields(slide)) {
      if (field.path[0] === "notes" && quoted !== undefined) cite(quoted);
      if (field.path[0] === "notes") evidence.splice(0).forEach(cite);
      citeIn(field.text);
      citationsAfter(slide, field.path).forEach(cite);
      if (slide.layout === "changes" && field.path[0] === "title") citeSummaries(brief, slide, citeIn);
    }
    if (slide.layout === "changes" && slide.title === undefined) citeSummaries(brief, slide, citeIn);
    if (quoted !== undefined) cite(quoted);
    evidence.forEach(cite);
  }
  // A source's title is shown on the sources slide; a key numbered here is visited too (a Map's loop
  // reaches entries added during it).
  if (slides.some((s) => s.layout === "sources")) {
    for (const key of numbers.keys()) citeIn(brief.sources.get(key)?.title ?? "");
  }
  // A work known through another is listed "as cited in [n]": that source is numbered too.
  for (const key of numbers.keys()) {
    const via = brief.sources.get(key)?.via;
    if (via !== undefined) cite(via);
  }
  return numbers;
}

// A changes slide shows the summaries of the versions after its `since`, right after its title.
function citeSummaries(brief: Brief, slide: Slide & { layout: "changes" }, citeIn: (text: string) => void) {
  for (const change of changesAfter(brief.changes, changesSince(slide, brief))) citeIn(change.summary);
}

/** What a `#/anchor` link can lead to in the deck: its slides, and the entries of its sources slide. */
export function deckAnchors(slides: readonly Slide[], numbers: ReadonlyMap<string, number>): Set<string> {
  const anchors = new Set(slides.map((s) => s.anchor));
  if (slides.some((s) => s.layout === "sources"))
    for (const key of numbers.keys()) anchors.add(`source-${key}`);
  return anchors;
}

/** Where a `#/anchor` link leads: to an anchor of the deck, to a slide the variant left out, or nowhere. */
export type LinkTarget = { to: string } | "omitted" | "unknown";

/**
 * Where a `#/anchor` link written in the brief leads in this deck. Numbered links pass unless a variant
 * moved or dropped their slide.
 */
export function linkTarget(brief: Brief, anchors: ReadonlySet<string>, anchor: string): LinkTarget {
  const moved = brief.links.moved.get(anchor);
  if (moved !== undefined) return { to: moved };
  if (brief.links.omitted.has(anchor)) return "omitted";
  return anchors.has(anchor) || /^\d+$/.test(anchor) ? { to: anchor } : "unknown";
}
