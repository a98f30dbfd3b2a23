import type { Slide } from "../brief/brief.ts";
import { evidencedItems } from "../brief/evidence.ts";
import { localeFor } from "../messages/locale.ts";
import { type Html, html, plainText } from "./slide-views.ts";

/** One item's evidence as the speaker view and the handout show it: what it supports, then the quotes. */
export interface EvidenceView {
  label: string;
  quotes: Array<{ quote: string; locator: string | null; citation: Html | null }>;
}

/**
 * The evidence of a slide's judgments, points and cells, in reading order, each quote numbered to its
 * source as the deck's citations are. Null when the slide has none.
 */
export function evidenceView(
  slide: Slide,
  citation: (key: string) => string,
  lang = "en",
  columns: readonly string[] = slide.layout === "comparison" ? slide.columns : [],
): EvidenceView[] | null {
  const views: EvidenceView[] = [];
  let judgment = 0;
  const [first, end] = slide.part?.rows ?? [0, Number.POSITIVE_INFINITY];
  for (const item of evidencedItems(slide)) {
    if (item.kind === "judgment") judgment++;
    // A continuation slide carries the evidence of its own rows only.
    if (item.kind === "cell" && (Number(item.path[1]) < first || Number(item.path[1]) >= end)) continue;
    if (item.evidence.length === 0) continue;
    views.push({
      label: labelOf(slide, item.kind, item.path, item.text, judgment, columns, lang),
      quotes: item.evidence.map((e) => ({
        quote: e.quote,
        locator: e.locator ?? null,
        citation: citation(e.source) === "" ? null : html(citation(e.source)),
      })),
    });
  }
  return views.length === 0 ? null : views;
}

function labelOf(
  slide: Slide,
  kind: "judgment" | "point" | "cell",
  path: ReadonlyArray<string | number>,
  text: string,
  judgment: number,
  columns: readonly string[],
  lang: string,
): string {
  const words = plainText(text);
  if (kind === "judgment") return localeFor(lang).t("evidence.judgment", { number: judgment, text: words });
  if (kind === "point") return words;
  const row = slide.layout === "comparison" ? slide.rows[Number(path[1])] : undefined;
  const column = plainText(columns[Number(path[3])] ?? "");
  const where = [plainText(row?.label ?? ""), column].filter(Boolean).join(" · ");
  return words === "" ? where : `${where} — ${words}`;
}
