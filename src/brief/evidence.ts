import type { Brief, Slide, Source } from "./brief.ts";
import { CITATION } from "./brief.ts";
import type { Confidence, Evidence, Likelihood } from "./brief-schema.ts";

/** One item that can carry evidence (a judgment, a bullet point or a comparison cell), with its path. */
export interface EvidencedItem {
  kind: "judgment" | "point" | "cell";
  /** Path of the item's map within its slide, e.g. ["items", 0]. */
  path: Array<string | number>;
  text: string;
  likelihood: Likelihood | undefined;
  confidence: Confidence | undefined;
  evidence: readonly Evidence[];
}

/** The items of a slide that can carry evidence, in reading order (those without evidence included). */
export function evidencedItems(slide: Slide): EvidencedItem[] {
  const none = { likelihood: undefined, confidence: undefined };
  switch (slide.layout) {
    case "judgments":
      return slide.items.map((item, i) => ({
        kind: "judgment",
        path: ["items", i],
        text: item.text,
        likelihood: item.likelihood,
        confidence: item.confidence,
        evidence: item.evidence ?? [],
      }));
    case "bullets":
      return slide.points.flatMap((point, i) =>
        typeof point === "string"
          ? []
          : [
              {
                kind: "point" as const,
                path: ["points", i],
                text: point.text,
                ...none,
                evidence: point.evidence ?? [],
              },
            ],
      );
    case "comparison":
      return slide.rows.flatMap((row, i) =>
        row.cells.map((cell, j) => ({
          kind: "cell" as const,
          path: ["rows", i, "cells", j],
          text: cell.text ?? "",
          ...none,
          evidence: cell.evidence ?? [],
        })),
      );
    default:
      return [];
  }
}

/** The keys of the sources an item cites in its text, in order, without repeats. */
export function citedKeys(text: string): string[] {
  return [...new Set([...text.matchAll(CITATION)].map((m) => m[1] ?? ""))];
}

/** The source a `via` source is known through, if it names one that exists. */
export function viaOf(brief: Brief, source: Source): Source | undefined {
  return source.via === undefined ? undefined : brief.sources.get(source.via);
}
