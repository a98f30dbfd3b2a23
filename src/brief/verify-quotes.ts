import { dirname, relative } from "node:path";
import type { Node } from "yaml";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { archivePath, readArchive } from "./archive.ts";
import { type Brief, deckSlides } from "./brief.ts";
import { evidencedItems } from "./evidence.ts";
import { closestPassage, quoteOccurs } from "./quote-match.ts";
import { findNode, findPair, startOf } from "./yaml-position.ts";

/** Where the brief's file and the project are, to find archives named relative to either. */
export interface QuoteOptions {
  briefPath: string;
  projectRoot: string;
}

interface Quote {
  quote: string;
  node: Node | undefined;
}

/**
 * Checks every evidence quote on the deck's slides against its source's archive. A quote not found is an
 * error at the quote, with the closest passage of the archive as the hint. A source whose quotes cannot
 * be checked (no archive, or an archive that cannot be read) is one warning, at the source. Also gives
 * the archives' paths, for the build cache.
 */
export function verifyQuotes(
  brief: Brief,
  options: QuoteOptions,
): { diagnostics: Diagnostic[]; files: string[] } {
  const bySource = new Map<string, Quote[]>();
  for (const slide of deckSlides(brief)) {
    for (const item of evidencedItems(slide)) {
      item.evidence.forEach((e, i) => {
        const node = findNode(slide.node, [...item.path, "evidence", i, "quote"]).node;
        const list = bySource.get(e.source) ?? [];
        list.push({ quote: e.quote, node });
        bySource.set(e.source, list);
      });
    }
  }
  const diagnostics: Diagnostic[] = [];
  // The archives looked at, found or not: a build is current only while they are as they were.
  const files: string[] = [];
  const at = (node: Node | undefined | null) => brief.locator.at(startOf(node ?? undefined));
  for (const [key, quotes] of bySource) {
    const source = brief.sources.get(key);
    if (source === undefined) continue;
    const count = quotes.length === 1 ? "its quote is" : `its ${quotes.length} quotes are`;
    if (source.archive === undefined) {
      const pair = findPair(findNode(brief.root, ["sources"]).node, key);
      const message = `source "${key}" has no archive, so ${count} verified nowhere`;
      const hint = 'add "archive:" with the path of a local copy of what you read (text, Markdown or HTML)';
      diagnostics.push(diagnose("quote-unverified", message, at(pair?.key as Node | undefined), hint));
      continue;
    }
    const path = archivePath(source.archive, dirname(options.briefPath), options.projectRoot);
    files.push(path);
    const read = readArchive(path);
    if ("error" in read) {
      const node = findNode(brief.root, ["sources", key, "archive"]).node;
      const shown = relative(options.projectRoot, path) || path;
      const bad = read.notUtf8;
      const message =
        bad === undefined
          ? `the archive of source "${key}" cannot be read (${shown}: ${read.error}), so ${count} not verified`
          : `the archive of source "${key}" is not UTF-8 text (${shown}:${bad.line}:${bad.column}: byte ${bad.byte} there is from another encoding), so ${count} not verified`;
      const hint =
        bad === undefined
          ? "put the copy at that path (relative to the brief's folder, else the project), or fix the path"
          : `save ${shown} as UTF-8 (in most editors: Save with Encoding, UTF-8)`;
      diagnostics.push(diagnose("quote-unverified", message, at(node), hint));
      continue;
    }
    for (const { quote, node } of quotes) {
      if (quoteOccurs(read.text, quote)) continue;
      const passage = closestPassage(read.text, quote);
      const message = `this quote is not in the archive of source "${key}" (${source.archive})`;
      const hint =
        passage === undefined
          ? "quote the source's exact words"
          : `the closest passage of the archive reads: "${passage}"`;
      diagnostics.push(diagnose("quote-not-in-source", message, at(node), hint));
    }
  }
  return { diagnostics, files };
}
