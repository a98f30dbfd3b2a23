import type { Node } from "yaml";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { type Brief, deckSlides, type Source } from "./brief.ts";
import { LIKELIHOODS } from "./brief-schema.ts";
import { numberCitations } from "./citations.ts";
import { findHedges, readsEstimative } from "./estimative.ts";
import { citedKeys, type EvidencedItem, evidencedItems, viaOf } from "./evidence.ts";
import { findNode, findPair, startOf } from "./yaml-position.ts";

/**
 * The evidence lints, on the deck's slides as built: a hedge in the evidence hardened in the item
 * (hedge-hardened), a confidence the sources cannot carry (confidence-exceeds-sources), a cited judgment
 * with no evidence (judgment-unevidenced), a listed source with no date (source-undated) and a work known
 * `via` another graded better than it (via-graded-higher). All warnings.
 */
export function lintEvidence(brief: Brief): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const at = (node: Node | undefined | null) => brief.locator.at(startOf(node ?? undefined));
  const shown = deckSlides(brief);
  for (const slide of shown) {
    for (const item of evidencedItems(slide)) {
      const node = (key: string) => findNode(slide.node, [...item.path, key]).node;
      const hardened = hardenedHedge(item, brief.lang);
      if (hardened !== undefined) {
        const where = hardened.byLikelihood ? node("likelihood") : node("text");
        diagnostics.push(diagnose("hedge-hardened", hardened.message, at(where)));
      }
      if (item.kind !== "judgment") continue;
      if (item.evidence.length === 0 && citedKeys(item.text).length > 0) {
        const message = "this judgment cites a source but quotes no evidence from it";
        diagnostics.push(diagnose("judgment-unevidenced", message, at(node("text"))));
      }
      const excess = excessConfidence(brief, item);
      if (excess !== undefined)
        diagnostics.push(diagnose("confidence-exceeds-sources", excess, at(node("confidence"))));
    }
  }
  const sources = findNode(brief.root, ["sources"]).node;
  for (const key of numberCitations(brief, shown).keys()) {
    const source = brief.sources.get(key);
    if (source === undefined) continue;
    const through = viaOf(brief, source);
    if (through === undefined && !dated(source)) {
      const message = `source "${key}" has no date: say when it was published or when you read it`;
      diagnostics.push(
        diagnose("source-undated", message, at(findPair(sources, key)?.key as Node | undefined)),
      );
    }
    if (through !== undefined) diagnostics.push(...gradedAboveVia(brief, key, source, through));
  }
  return diagnostics;
}

const LIKELY = LIKELIHOODS.indexOf("likely");

function hardenedHedge(
  item: EvidencedItem,
  lang: string,
): { message: string; byLikelihood: boolean } | undefined {
  // Quotes may be in the source's language, English as often as the brief's (read once in an English
  // brief). The first hedge counts: the quotes after it are not read.
  const english = lang.split("-")[0]?.toLowerCase() === "en";
  let hedge: { text: string } | undefined;
  for (const { quote } of item.evidence) {
    hedge = findHedges(quote, lang)[0] ?? (english ? undefined : findHedges(quote)[0]);
    if (hedge !== undefined) break;
  }
  if (hedge === undefined) return undefined;
  const word = hedge.text.replace(/\s+/g, " ");
  if (item.likelihood !== undefined && LIKELIHOODS.indexOf(item.likelihood) >= LIKELY) {
    const message = `the evidence hedges ("${word}"), but the likelihood is "${item.likelihood}"`;
    return { message, byLikelihood: true };
  }
  const own = item.text.replace(/\[@[^\]\s]+\]/g, "");
  // In a language the lint does not read, a hedge in the item's own words cannot be seen.
  if (item.likelihood !== undefined || !readsEstimative(lang) || findHedges(own, lang).length > 0)
    return undefined;
  const what = item.kind === "cell" ? "cell" : item.kind;
  return {
    message: `the evidence hedges ("${word}"), but the ${what} states it as fact`,
    byLikelihood: false,
  };
}

// High confidence needs two independent sources graded B2 or better; a judgment resting only on weak
// sources (E or F, 5 or 6) or on works known only through another is at most low.
function excessConfidence(brief: Brief, item: EvidencedItem): string | undefined {
  if (item.confidence === undefined || item.confidence === "low") return undefined;
  const keys =
    item.evidence.length > 0 ? [...new Set(item.evidence.map((e) => e.source))] : citedKeys(item.text);
  const sources = keys.flatMap((k) => brief.sources.get(k) ?? []);
  if (sources.length === 0) return undefined;
  if (sources.every((s) => s.via !== undefined || weak(s))) {
    return `confidence is "${item.confidence}", but the judgment rests only on weak or second-hand sources: at most "low"`;
  }
  if (item.confidence !== "high") return undefined;
  // Independent: a work known via another is not independent of it.
  const strong = new Set(sources.filter((s) => s.via === undefined && strongGrade(s)).map((s) => s.key));
  if (strong.size >= 2) return undefined;
  return `confidence is "high", but the judgment rests on ${strong.size === 1 ? "one source" : "no source"} graded B2 or better: high needs two independent ones`;
}

function weak(source: Source): boolean {
  return ["E", "F"].includes(source.reliability ?? "") || [5, 6].includes(source.credibility ?? 0);
}

function strongGrade(source: Source): boolean {
  return ["A", "B"].includes(source.reliability ?? "") && [1, 2].includes(source.credibility ?? 0);
}

function dated(source: Source): boolean {
  return source.published !== undefined || source.accessed !== undefined || source.date !== undefined;
}

// A work known only through another cannot be graded better than the source it came through.
function gradedAboveVia(brief: Brief, key: string, source: Source, through: Source): Diagnostic[] {
  const found: Diagnostic[] = [];
  const node = (field: string) => findNode(brief.root, ["sources", key, field]).node;
  const at = (field: string) => brief.locator.at(startOf(node(field) ?? undefined));
  const better = (mine: string | number | undefined, theirs: string | number | undefined) =>
    mine !== undefined && (theirs === undefined || mine < theirs);
  if (better(source.reliability, through.reliability)) {
    const message = `"${key}" is known via "${source.via}" (reliability ${through.reliability ?? "not graded"}) but is graded ${source.reliability}`;
    found.push(diagnose("via-graded-higher", message, at("reliability")));
  }
  if (better(source.credibility, through.credibility)) {
    const message = `"${key}" is known via "${source.via}" (credibility ${through.credibility ?? "not graded"}) but is graded ${source.credibility}`;
    found.push(diagnose("via-graded-higher", message, at("credibility")));
  }
  return found;
}
