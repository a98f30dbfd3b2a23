import { type Diagnostic, diagnose, hasErrors, type Position, sortDiagnostics } from "../diagnostics.ts";
import { canonicalLang, localeFor } from "../messages/locale.ts";
import { didYouMean } from "../suggest.ts";
import { type Brief, markdownFields, type Slide, type Source } from "./brief.ts";
import { briefSchemas, LAYOUTS, type Layout, type SlideInput } from "./brief-schema.ts";
import { briefFields } from "./citations.ts";
import { splitRows } from "./continuation.ts";
import type { ParsedBrief } from "./parse-brief.ts";
import { slugOf } from "./slug.ts";
import { checkChangesSlide, checkVariants, checkVersion, idsOf } from "./validate-craft.ts";
import { checkDataLayout } from "./validate-data-layouts.ts";
import { checkEvidenceSources, checkSourceEntries } from "./validate-evidence.ts";
import { createMarkdownCheck } from "./validate-markdown.ts";
import { findNode, findPair, startOf } from "./yaml-position.ts";
import { issueToDiagnostics } from "./zod-issues.ts";

/** The outcome of validation: the brief when it has no errors, and every problem found. */
export interface Validated {
  brief: Brief | undefined;
  diagnostics: Diagnostic[];
}

/** Where the project is, so image paths can be checked without touching the disk. */
export interface ValidateOptions {
  projectRoot: string;
}

/** Checks a parsed brief against the v1 format and its cross-references, reporting every problem at once. */
export function validateBrief(parsed: ParsedBrief, options: ValidateOptions): Validated {
  if (parsed.data === undefined) return { brief: undefined, diagnostics: parsed.diagnostics };
  const { root, locator } = parsed;
  const diagnostics: Diagnostic[] = [];
  // zod checks every brief and gives back its data (with any defaults or transforms applied); when it
  // fails, it accounts for what is wrong, field by field.
  const header = briefSchemas().headerSchema.safeParse(parsed.data);
  if (!header.success) {
    const issues = header.error.issues.filter(
      (issue) => !(issue.path[0] === "slides" && issue.path.length > 1),
    );
    const { headerSchema } = briefSchemas();
    diagnostics.push(
      ...withoutEchoes(issues.flatMap((issue) => issueToDiagnostics(issue, [], headerSchema, root, locator))),
    );
  }
  const rawSlides = (parsed.data as { slides?: unknown } | null)?.slides;
  const slides = Array.isArray(rawSlides) ? validateSlides(rawSlides, parsed, diagnostics) : [];
  if (!header.success || hasErrors(diagnostics))
    return { brief: undefined, diagnostics: sortDiagnostics(diagnostics) };

  const data = header.data;
  const sources = new Map<string, Source>(
    Object.entries(data.sources ?? {}).map(([key, s]) => [key, { ...s, key }]),
  );
  const variants = new Map(Object.entries(data.variants ?? {}));
  const brief: Brief = {
    file: parsed.file,
    slug: slugOf(parsed.file),
    format: 1,
    title: data.title,
    subtitle: data.subtitle,
    author: data.author,
    organisation: data.organisation,
    date: data.date,
    version: data.version,
    status: data.status ?? "draft",
    marking: data.marking,
    keywords: data.keywords ?? [],
    lang: canonicalLang(data.lang ?? "en") ?? "en",
    sources,
    glossary: new Map(Object.entries(data.glossary ?? {})),
    allowCaps: new Set(data["allow-caps"] ?? []),
    changes: data.changes ?? [],
    variants,
    variant: undefined,
    links: { moved: new Map(), omitted: new Set() },
    slides,
    locator,
    root,
  };
  if (localeFor(brief.lang).fallback) {
    const at = locator.at(startOf(findNode(root, ["lang"]).node));
    const message = `briefdeck has no catalogue for "${brief.lang}": its own words stay in English`;
    diagnostics.push(diagnose("lang-no-catalogue", message, at));
  }
  diagnostics.push(...checkReferences(brief, root, options));
  return { brief: hasErrors(diagnostics) ? undefined : brief, diagnostics: sortDiagnostics(diagnostics) };
}

function validateSlides(raw: unknown[], parsed: ParsedBrief, diagnostics: Diagnostic[]): Slide[] {
  const { root, locator } = parsed;
  const slides: Slide[] = [];
  raw.forEach((input, index) => {
    const path = ["slides", index];
    const node = findNode(root, path).node;
    const layout = (input as { layout?: unknown } | null)?.layout;
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      diagnostics.push(
        diagnose(
          "wrong-type",
          "a slide must be a map of keys and values",
          locator.at(startOf(node)),
          'start the slide with "- layout: ..."',
        ),
      );
      return;
    }
    if (layout === undefined) {
      diagnostics.push(
        diagnose(
          "missing-field",
          'the slide has no "layout"',
          locator.at(startOf(node)),
          `add "layout:" with one of: ${LAYOUTS.join(", ")}`,
        ),
      );
      return;
    }
    if (typeof layout !== "string" || !(LAYOUTS as readonly string[]).includes(layout)) {
      const at = locator.at(startOf(findNode(root, [...path, "layout"]).node));
      const hint = didYouMean(String(layout), LAYOUTS, `the layouts are: ${LAYOUTS.join(", ")}`);
      diagnostics.push(diagnose("unknown-layout", `layout "${String(layout)}" is not a layout`, at, hint));
      return;
    }
    const schema = briefSchemas().SLIDE_SCHEMAS[layout as Layout];
    const result = schema.safeParse(input);
    if (!result.success) {
      const found = result.error.issues.flatMap((issue) =>
        issueToDiagnostics(issue, path, schema, root, locator),
      );
      diagnostics.push(...withoutEchoes(found));
      return;
    }
    slides.push(slideOf(result.data as SlideInput, index, node));
  });
  return slides;
}

function slideOf(slide: SlideInput, index: number, node: Slide["node"]): Slide {
  const anchor = slide.id ?? (slide.layout === "sources" ? "sources" : `slide-${index + 1}`);
  return { ...slide, index, anchor, node };
}

// Cross-references the schema cannot express: citations, cells per row, ids, images, unused sources,
// variants' omissions and the version history.
function checkReferences(brief: Brief, root: unknown, options: ValidateOptions): Diagnostic[] {
  const { locator } = brief;
  const diagnostics: Diagnostic[] = [];
  const markdown = createMarkdownCheck(brief, options.projectRoot);
  // The brief's own Markdown fields: its title and subtitle (the title slide and the handout's cover show
  // them), each version's summary (changes slides) and each source's title (the sources slide).
  for (const field of briefFields(brief)) {
    diagnostics.push(...markdown.check(field.text, findNode(root, field.path).node, false));
  }
  // Slides, judgments, points and rows share one namespace of ids (default anchors too), so a variant
  // can name any of them; only ids written in the file can be omitted, since default ones move.
  const ids = new Map<string, string>();
  const written = new Set<string>();
  for (const slide of brief.slides) {
    const path = ["slides", slide.index];
    for (const [id, where] of idsOf(slide)) {
      if (where.length > 0 || slide.id !== undefined) written.add(id);
      const seen = ids.get(id);
      const what = where.length === 0 ? `slide ${slide.index + 1}` : `an item of slide ${slide.index + 1}`;
      if (seen !== undefined) {
        const at = locator.at(startOf(findNode(root, [...path, ...where, "id"]).node ?? slide.node));
        const name = where.length === 0 && slide.id === undefined ? "default anchor" : "id";
        const message = `${name} "${id}" of ${what} is already used by ${seen}`;
        const hint = seen.startsWith("the continuation")
          ? "continuation slides take the slide's anchor with -2, -3… added: choose another id"
          : name === "id"
            ? undefined
            : 'give one of the two slides an "id:" of its own';
        diagnostics.push(diagnose("duplicate-id", message, at, hint));
      }
      ids.set(id, what);
    }
    diagnostics.push(
      ...checkContinuationAnchors(slide, ids, (p) =>
        locator.at(startOf(findNode(root, [...path, ...p]).node ?? slide.node)),
      ),
    );
    if (slide.layout === "comparison") {
      slide.rows.forEach((row, i) => {
        if (row.cells.length === slide.columns.length) return;
        const node = findNode(root, [...path, "rows", i, "cells"]).node;
        const cells = `${row.cells.length} cell${row.cells.length === 1 ? "" : "s"}`;
        const message = `row "${row.label}" has ${cells} but there are ${slide.columns.length} columns`;
        diagnostics.push(diagnose("cell-count", message, locator.at(startOf(node))));
      });
    }
    if ((slide.layout === "quote" || slide.layout === "chart") && slide.cite !== undefined) {
      const at = locator.at(startOf(findNode(root, [...path, "cite"]).node));
      const problem = markdown.cite(slide.cite, at);
      if (problem !== undefined) diagnostics.push(problem);
    }
    for (const field of markdownFields(slide)) {
      diagnostics.push(...markdown.check(field.text, findNode(root, [...path, ...field.path]).node));
    }
    if (slide.layout === "changes") diagnostics.push(...checkChangesSlide(brief, slide, root));
    diagnostics.push(...checkDataLayout(slide, brief, (key, at) => markdown.cite(key, at)));
    diagnostics.push(...checkEvidenceSources(slide, (key, at) => markdown.cite(key, at), brief));
  }
  diagnostics.push(...checkSourceEntries(brief, (key, at) => markdown.cite(key, at)));
  diagnostics.push(...checkVariants(brief, written, root));
  diagnostics.push(...checkVersion(brief, root));
  if (!brief.slides.some((s) => !s.hidden)) {
    diagnostics.push(
      diagnose("no-slides", "every slide is hidden", locator.at(startOf(findNode(root, ["slides"]).node))),
    );
  }
  for (const key of brief.sources.keys()) {
    if (markdown.cited.has(key)) continue;
    const pair = findPair(findNode(root, ["sources"]).node, key);
    diagnostics.push(
      diagnose("unused-source", `source "${key}" is never cited`, locator.at(startOf(pair?.key as never))),
    );
  }
  return diagnostics;
}

// A misspelt key is reported as unknown; the field it was meant to be is then "missing" too. Keep only
// the first report, whose hint already names the field.
function withoutEchoes(diagnostics: Diagnostic[]): Diagnostic[] {
  const meant = new Set(
    diagnostics
      .filter((d) => d.code === "unknown-key")
      .map((d) => /did you mean "(.*)"\?/.exec(d.hint ?? "")?.[1]),
  );
  return diagnostics.filter((d) => d.code !== "missing-field" || !meant.has(/"(.*)"/.exec(d.message)?.[1]));
}

// A comparison split by `continue: true` presents its parts as `<anchor>-2`, `-3`…: anchors no other
// slide or item may take (the deck would hold two sections with one id, and `#/matrix-2` open either).
function checkContinuationAnchors(
  slide: Slide,
  ids: Map<string, string>,
  at: (path: (string | number)[]) => Position,
): Diagnostic[] {
  if (slide.layout !== "comparison" || slide.continue !== true || slide.hidden === true) return [];
  const diagnostics: Diagnostic[] = [];
  const what = `the continuation of slide ${slide.index + 1}`;
  for (let part = 2; part <= splitRows(slide).length; part++) {
    const anchor = `${slide.anchor}-${part}`;
    const seen = ids.get(anchor);
    if (seen !== undefined) {
      const message = `continuation slide "${anchor}" of slide ${slide.index + 1} has the anchor of ${seen}`;
      const hint = `continuation slides take the slide's anchor with -2, -3… added: give ${seen} another id, or slide ${slide.index + 1} an id of its own`;
      diagnostics.push(diagnose("duplicate-id", message, at(["continue"]), hint));
    }
    ids.set(anchor, what);
  }
  return diagnostics;
}
