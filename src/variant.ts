import type { Brief, Slide } from "./brief.ts";

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
  return {
    ...brief,
    marking: variant === undefined ? brief.marking : variant.marking,
    variant: cut.variant,
    slides,
  };
}

// The slide without its omitted items; undefined when nothing would be left on it.
function withoutItems(slide: Slide, omit: ReadonlySet<string>): Slide | undefined {
  const keep = (id: string | undefined) => id === undefined || !omit.has(id);
  switch (slide.layout) {
    case "judgments": {
      const items = slide.items.filter((item) => keep(item.id));
      return items.length === 0 ? undefined : { ...slide, items };
    }
    case "bullets": {
      const points = slide.points.filter((p) => typeof p === "string" || keep(p.id));
      return points.length === 0 ? undefined : { ...slide, points };
    }
    case "comparison": {
      const rows = slide.rows.filter((row) => keep(row.id));
      return rows.length === 0 ? undefined : { ...slide, rows };
    }
    default:
      return slide;
  }
}
