import type { Node } from "yaml";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { acronymPattern, CAPITALS, comparable, isAllowedCaps } from "./acronyms.ts";
import { type Brief, CITATION, deckSlides, type MarkdownField, markdownFields, type Slide } from "./brief.ts";
import { changesAfter, changesSince } from "./changes.ts";
import { deckAnchors, linkTarget, numberCitations } from "./citations.ts";
import { findEstimativeWords, readsEstimative } from "./estimative.ts";
import { lintEvidence } from "./lint-evidence.ts";
import { citedKeys } from "./validate-data-layouts.ts";
import { findNode, startOf } from "./yaml-position.ts";

/**
 * The craft checks that catch what gets briefs sent back: estimative words that disagree with a
 * judgment's likelihood, judgments with no source, acronyms used before they are expanded or never
 * defined, links that lead nowhere. All are warnings (errors under --strict), each at the line and
 * column of the words. Runs on a valid brief (a variant's as built); it scans the YAML text of each
 * field, so positions are exact.
 */
export function lintBrief(brief: Brief): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fields = deckFields(brief);
  lintJudgments(brief, diagnostics);
  lintAcronyms(brief, fields, diagnostics);
  lintLinks(brief, fields, diagnostics);
  diagnostics.push(...lintEvidence(brief));
  return diagnostics;
}

// Every link into the deck must lead somewhere: a `#/anchor` link to a slide it has, and citations to a
// sources slide. The deck shows a link to a slide it lacks as plain text; these say why.
function lintLinks(brief: Brief, fields: readonly RawField[], diagnostics: Diagnostic[]): void {
  const shown = deckSlides(brief);
  const anchors = deckAnchors(shown, numberCitations(brief, shown));
  const where = brief.variant === undefined ? "this deck" : `the ${brief.variant} variant`;
  for (const field of fields) {
    // The slide is the first step after "#/", as the renderer reads it; links in code are not links.
    for (const match of maskCode(field.raw).matchAll(/\]\(#\/([^)\s/?#]+)/g)) {
      const anchor = match[1] ?? "";
      const target = linkTarget(brief, anchors, anchor);
      if (typeof target === "object") continue;
      const at = brief.locator.at(field.start + match.index + 2);
      if (target === "omitted") {
        const message = `${where} leaves out the slide "#/${anchor}" links to; the deck shows the link's text alone`;
        const hint = `give the sentence an id and omit it too, or link to a slide ${where} keeps`;
        diagnostics.push(diagnose("omitted-anchor", message, at, hint));
        continue;
      }
      const message = `the link to "#/${anchor}" leads to no slide of ${where}; the deck shows its text alone`;
      const hint = "link to a slide's id (its anchor), or drop the link";
      diagnostics.push(diagnose("unknown-anchor", message, at, hint));
    }
  }
  const cites =
    shown.some((s) => (s.layout === "quote" || s.layout === "chart") && s.cite !== undefined) ||
    shown.some((s) => citedKeys(s).length > 0) ||
    fields.some((field) => field.raw.search(CITATION) >= 0);
  if (!cites || shown.some((s) => s.layout === "sources")) return;
  const slides = findNode(brief.root, ["slides"]);
  const at = brief.locator.at(startOf((slides.pair?.key as Node | undefined) ?? slides.node));
  const message = `${where === "this deck" ? "the deck" : where} cites sources but has no sources slide`;
  diagnostics.push(diagnose("no-sources-slide", message, at));
}

/** A field as it sits in the file: its text exactly as written, and where that text starts. */
interface RawField {
  kind: MarkdownField["kind"];
  raw: string;
  start: number;
  /** Rendered as blocks of Markdown (a text slide's body), so it may hold headings. */
  block: boolean;
}

function rawField(
  brief: Brief,
  { node, complete }: { node: Node | undefined; complete: boolean },
  kind: MarkdownField["kind"],
  block = false,
): RawField | undefined {
  // A path that stops short (an absent subtitle) would give the enclosing node: the whole brief.
  const range = complete ? node?.range : undefined;
  if (range === undefined || range === null) return undefined;
  return { kind, raw: brief.locator.source.slice(range[0], range[1]), start: range[0], block };
}

// Every field of the deck in the order the renderer meets them: the brief's title and subtitle (the title
// slide and the handout's cover show them), then each shown slide.
function deckFields(brief: Brief): RawField[] {
  const fields: RawField[] = [];
  for (const key of ["title", "subtitle"]) {
    const field = rawField(brief, findNode(brief.root, [key]), "label");
    if (field !== undefined) fields.push(field);
  }
  for (const slide of deckSlides(brief)) {
    for (const field of markdownFields(slide)) {
      const block = slide.layout === "text" && field.path[0] === "body";
      const raw = rawField(brief, findNode(slide.node, field.path), field.kind, block);
      if (raw !== undefined) fields.push(raw);
      // A changes slide shows the summaries of the versions after its `since`, right after its title.
      if (slide.layout === "changes" && field.path[0] === "title") fields.push(...changeFields(brief, slide));
    }
    if (slide.layout === "changes" && slide.title === undefined) fields.push(...changeFields(brief, slide));
  }
  return fields;
}

function changeFields(brief: Brief, slide: Slide & { layout: "changes" }): RawField[] {
  return changesAfter(brief.changes, changesSince(slide, brief)).flatMap((change) => {
    const found = findNode(brief.root, ["changes", brief.changes.indexOf(change), "summary"]);
    return rawField(brief, found, "prose") ?? [];
  });
}

function lintJudgments(brief: Brief, diagnostics: Diagnostic[]): void {
  const at = (offset: number) => brief.locator.at(offset);
  const judged = deckSlides(brief).some((s) => s.layout === "judgments");
  if (judged && !readsEstimative(brief.lang)) {
    const where = at(startOf(findNode(brief.root, ["lang"]).node));
    const message = `the estimative-language lint does not read "${brief.lang}": judgments' wording is not checked against their likelihood`;
    diagnostics.push(diagnose("estimative-unread", message, where));
  }
  for (const slide of deckSlides(brief)) {
    if (slide.layout !== "judgments") continue;
    slide.items.forEach((item, i) => {
      const field = rawField(brief, findNode(slide.node, ["items", i, "text"]), "prose");
      if (field === undefined) return;
      if (item.text.search(CITATION) < 0) {
        diagnostics.push(diagnose("judgment-uncited", "this judgment cites no source", at(field.start)));
      }
      for (const word of findEstimativeWords(maskNonProse(field.raw), brief.lang)) {
        const where = at(field.start + word.index);
        const phrase = word.text.replace(/\s+/g, " ");
        if (item.likelihood === undefined) {
          const message = `"${phrase}" is an estimative word, but the judgment sets no likelihood`;
          const hint = `set "likelihood:" to the term it means: ${word.fits.join(", ")}`;
          diagnostics.push(diagnose("estimative-no-likelihood", message, where, hint));
        } else if (!word.fits.includes(item.likelihood)) {
          const range = word.fits.length === 1 ? word.fits[0] : `${word.fits[0]} to ${word.fits.at(-1)}`;
          const message = `"${phrase}" suggests ${range}, but the likelihood is "${item.likelihood}"`;
          diagnostics.push(diagnose("estimative-mismatch", message, where));
        }
      }
    });
  }
}

function lintAcronyms(brief: Brief, fields: readonly RawField[], diagnostics: Diagnostic[]): void {
  const pattern = acronymPattern(brief.glossary);
  const expanded = new Set<string>();
  const warned = new Set<string>();
  for (const field of fields) {
    const text = maskNonProse(field.raw);
    const whole = comparable(text);
    for (const word of text.matchAll(CAPITALS)) {
      const bare = brief.glossary.has(word[0]) ? word[0] : word[0].replace(/s$/, "");
      if (brief.glossary.has(bare) || isAllowedCaps(bare, brief.allowCaps) || warned.has(bare)) continue;
      warned.add(bare);
      const message = `"${bare}" is in capitals but not in the glossary`;
      diagnostics.push(diagnose("acronym-undefined", message, brief.locator.at(field.start + word.index)));
    }
    if (pattern === undefined || field.kind === "notes") continue;
    const headings = field.block ? bodyHeadings(text) : [];
    for (const match of text.matchAll(pattern)) {
      const key = match[1] ?? "";
      if (expanded.has(key)) continue;
      const expansion = comparable(brief.glossary.get(key) ?? "");
      const heading = headings.find((h) => h.index <= match.index && match.index < h.index + h[0].length);
      const prose = field.kind === "prose" && heading === undefined;
      // Expanded here by the renderer (running text), or written out by the author: anywhere in a label,
      // before this use in running text, or before it or anywhere in the heading that holds it.
      const upTo = heading === undefined ? text.length : heading.index + heading[0].length;
      const written = comparable(prose ? text.slice(0, match.index) : text.slice(0, upTo));
      if (prose || written.includes(expansion)) {
        expanded.add(key);
        continue;
      }
      if (warned.has(`expand:${key}`)) continue;
      warned.add(`expand:${key}`);
      const message = `"${key}" is used here before it is expanded (${brief.glossary.get(key)})`;
      diagnostics.push(
        diagnose("acronym-before-expansion", message, brief.locator.at(field.start + match.index)),
      );
    }
    // An expansion written out anywhere counts from here on.
    for (const [key, expansion] of brief.glossary)
      if (whole.includes(comparable(expansion))) expanded.add(key);
  }
}

/**
 * The heading lines of a text slide's body as written (### to #####, the levels the sanitiser keeps; in
 * a list item or a quotation too), not indented four or more columns past the body's own indentation,
 * where they would be code or a paragraph's continuation.
 */
function bodyHeadings(text: string): RegExpExecArray[] {
  const lines = text
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "");
  const indent = Math.min(...lines.map((line) => line.length - line.trimStart().length));
  return [...text.matchAll(/^([ \t]*)(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)*#{3,5}(?:[ \t].*)?$/gm)].filter(
    (heading) => (heading[1] ?? "").length - indent <= 3,
  );
}

const blank = (match: string) => match.replace(/[^\n]/g, " ");

// Blanks out code blocks and code spans, keeping offsets.
function maskCode(raw: string): string {
  return raw.replace(/^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

// Blanks out what is not running text (code, images, link targets, citation keys, URLs), keeping
// offsets. Line breaks stay, so positions after a blanked block are unchanged too.
function maskNonProse(raw: string): string {
  return maskCode(raw)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, blank)
    .replace(/\]\([^)\s]*\)/g, blank)
    .replace(/\[@[^\]\s]+\]/g, blank)
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, blank);
}
