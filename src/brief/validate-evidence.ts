import type { Node } from "yaml";
import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import type { Brief, Slide } from "./brief.ts";
import { evidencedItems } from "./evidence.ts";
import { findNode, findPair, startOf } from "./yaml-position.ts";

type Cite = (key: string, at: Position) => Diagnostic | undefined;

/** Each evidence entry of a slide names a source that exists (and counts as citing it). */
export function checkEvidenceSources(slide: Slide, cite: Cite, brief: Brief): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const item of evidencedItems(slide)) {
    item.evidence.forEach((e, i) => {
      const node = findNode(slide.node, [...item.path, "evidence", i, "source"]).node;
      const problem = cite(e.source, brief.locator.at(startOf(node)));
      if (problem !== undefined) diagnostics.push(problem);
    });
  }
  return diagnostics;
}

/**
 * Each source has a title unless it is known only `via` another, and a `via` names another source that
 * exists and is not itself known through a third (counts as citing it: the sources slide lists it).
 */
export function checkSourceEntries(brief: Brief, cite: Cite): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const sources = findNode(brief.root, ["sources"]).node;
  for (const [key, source] of brief.sources) {
    const keyAt = brief.locator.at(startOf(findPair(sources, key)?.key as Node | undefined));
    if (source.title === undefined && source.via === undefined) {
      const message = `source "${key}" has no title`;
      const hint = 'add "title:", or "via:" with the key of the source it is known through';
      diagnostics.push(diagnose("missing-field", message, keyAt, hint));
    }
    if (source.via === undefined) continue;
    const at = brief.locator.at(startOf(findNode(brief.root, ["sources", key, "via"]).node));
    const problem = cite(source.via, at);
    if (problem !== undefined) {
      diagnostics.push(problem);
      continue;
    }
    const through = brief.sources.get(source.via);
    if (source.via === key || through?.via !== undefined) {
      const message =
        source.via === key
          ? `source "${key}" cannot be known through itself`
          : `source "${key}" is known via "${source.via}", which is itself known via "${through?.via}"`;
      const hint = "name the source where you read it: the one you have in hand";
      diagnostics.push(diagnose("bad-value", message, at, hint));
    }
  }
  return diagnostics;
}
