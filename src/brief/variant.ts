import { isMap, isPair, isScalar, isSeq, type Node, Pair, YAMLMap, YAMLSeq } from "yaml";
import { type Brief, deckSlides, type Slide } from "./brief.ts";

/** What to cut a brief down to before rendering. */
export interface Cut {
  /** A variant named in the brief's `variants:`, or undefined for the full brief. */
  variant: string | undefined;
  /** Keep speaker notes (false for circulation copies). */
  notes: boolean;
}

/**
 * The brief as one audience gets it: the variant's omitted slides, judgments, points and rows removed,
 * its marking in place of the brief's, and no notes when `notes` is false. What is cut is gone from the
 * data the renderer sees, so it cannot reach any byte of the outputs. Returns undefined for an unknown
 * variant (validation reports that).
 */
export function cutBrief(brief: Brief, cut: Cut): Brief | undefined {
  if (cut.variant === undefined && cut.notes) return brief;
  const variant = cut.variant === undefined ? undefined : brief.variants.get(cut.variant);
  if (cut.variant !== undefined && variant === undefined) return undefined;
  const omit = new Set(variant?.omit ?? []);
  const kept = brief.slides.flatMap((slide): Slide[] => {
    if (slide.id !== undefined && omit.has(slide.id)) return [];
    const rest = withoutItems(slide, omit);
    if (rest === undefined) return [];
    return [cut.notes ? rest : { ...rest, notes: undefined }];
  });
  // Default anchors are positions: renumbered, they do not give away how many slides went before. A
  // written id that happens to be the new anchor keeps it; the default one then takes a suffix.
  const taken = new Set(kept.flatMap((s) => s.id ?? []));
  const renumber = (slide: Slide, i: number): Slide => {
    if (slide.id !== undefined || slide.layout === "sources") return slide;
    const anchor = taken.has(`slide-${i + 1}`) ? `slide-${i + 1}-default` : `slide-${i + 1}`;
    return { ...slide, anchor };
  };
  const slides = kept.length === brief.slides.length ? kept : kept.map(renumber);
  const result = { ...brief, marking: variant === undefined ? brief.marking : variant.marking, slides };
  return { ...result, variant: cut.variant, links: linksAcross(brief, result), speakerNotes: cut.notes };
}

/**
 * Where links written for the full brief lead in the cut one. A slide keeps its place in the file
 * (`index`) through the cut, so each of the full deck's slides is found again, under its new default
 * anchor and position, or is known to be left out. The deck reads `#/3` as its third slide, counting from 1
 * as the footer does (reveal.js's hashOneBasedIndex, set in deck-script.ts).
 */
function linksAcross(full: Brief, cut: Brief): Brief["links"] {
  const moved = new Map<string, string>();
  const omitted = new Set<string>();
  const after = deckSlides(cut);
  const positions = new Map(after.map((slide, i) => [slide.index, i]));
  for (const [before, slide] of deckSlides(full).entries()) {
    const now = positions.get(slide.index);
    if (now === undefined) {
      omitted.add(slide.anchor).add(String(before + 1));
      continue;
    }
    const anchor = after[now]?.anchor ?? slide.anchor;
    if (anchor !== slide.anchor) moved.set(slide.anchor, anchor);
    if (now !== before) moved.set(String(before + 1), String(now + 1));
  }
  return { moved, omitted };
}

// The slide without its omitted items; undefined when nothing would be left on it. Its YAML node loses
// them too, so that a path into the cut slide ("points", 0) finds the item it names in the file.
function withoutItems(slide: Slide, omit: ReadonlySet<string>): Slide | undefined {
  const keep = (id: string | undefined) => id === undefined || !omit.has(id);
  switch (slide.layout) {
    case "judgments": {
      const kept = slide.items.map((item) => keep(item.id));
      const items = slide.items.filter((_, i) => kept[i]);
      return items.length === 0
        ? undefined
        : { ...slide, items, node: nodeWithout(slide.node, "items", kept) };
    }
    case "bullets": {
      const kept = slide.points.map((p) => typeof p === "string" || keep(p.id));
      const points = slide.points.filter((_, i) => kept[i]);
      return points.length === 0
        ? undefined
        : { ...slide, points, node: nodeWithout(slide.node, "points", kept) };
    }
    case "comparison": {
      const kept = slide.rows.map((row) => keep(row.id));
      const rows = slide.rows.filter((_, i) => kept[i]);
      return rows.length === 0 ? undefined : { ...slide, rows, node: nodeWithout(slide.node, "rows", kept) };
    }
    default:
      return slide;
  }
}

// A copy of a slide's map whose `key` list keeps only the items marked kept; the nodes themselves, and so
// their positions in the file, are shared with the original.
function nodeWithout(node: Node | undefined, key: string, kept: readonly boolean[]): Node | undefined {
  if (kept.every(Boolean) || !isMap(node)) return node;
  const copy = new YAMLMap();
  copy.range = node.range;
  for (const item of node.items) {
    if (!(isPair(item) && isScalar(item.key) && item.key.value === key && isSeq(item.value))) {
      copy.items.push(item);
      continue;
    }
    const list = new YAMLSeq();
    list.range = item.value.range;
    list.flow = item.value.flow;
    list.items = item.value.items.filter((_, i) => kept[i]);
    copy.items.push(new Pair(item.key, list));
  }
  return copy;
}
