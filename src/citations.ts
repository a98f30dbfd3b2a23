import { type Brief, CITATION, markdownFields, type Slide } from "./brief.ts";

/** The sources cited by the visible slides, numbered in order of first citation (notes count last). */
export function numberCitations(brief: Brief, slides: readonly Slide[]): Map<string, number> {
  const numbers = new Map<string, number>();
  const cite = (key: string) => {
    if (brief.sources.has(key) && !numbers.has(key)) numbers.set(key, numbers.size + 1);
  };
  for (const slide of slides) {
    // A quote's source is shown under the quote, before anything in the notes.
    const quoted = slide.layout === "quote" ? slide.cite : undefined;
    for (const field of markdownFields(slide)) {
      if (field.path[0] === "notes" && quoted !== undefined) cite(quoted);
      for (const match of field.text.matchAll(CITATION)) cite(match[1] ?? "");
    }
    if (quoted !== undefined) cite(quoted);
  }
  return numbers;
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
