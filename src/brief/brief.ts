import type { Node } from "yaml";
import type { ChangeInput, Layout, SlideInput, SourceInput, VariantInput } from "./brief-schema.ts";
import type { Locator } from "./yaml-position.ts";

/** A source in the bibliography, under its citation key. */
export type Source = SourceInput & { key: string };

/** A slide as validated, with where it came from. */
export type Slide = SlideInput & {
  /** Position of the slide in the brief's `slides` list (0-based), hidden slides included. */
  index: number;
  /** The slide's anchor in the deck: its `id`, or one derived from its position. */
  anchor: string;
  /** The slide's YAML node, for positioning problems found after validation. */
  node: Node | undefined;
  /** On a slide split onto continuation slides (continuation.ts): which part it is, and its rows. */
  part?: { index: number; count: number; rows: readonly [number, number] };
};

/** A validated brief: the header with defaults resolved, and its slides. */
export interface Brief {
  file: string;
  /** Names every output: the file name without `.yaml`. */
  slug: string;
  format: 1;
  title: string;
  subtitle: string | undefined;
  author: string | undefined;
  organisation: string | undefined;
  date: string | undefined;
  version: string | undefined;
  status: "draft" | "final";
  marking: string | undefined;
  keywords: string[];
  /** The brief's language: a canonical BCP 47 tag, `en` unless the brief or the project says otherwise. */
  lang: string;
  sources: ReadonlyMap<string, Source>;
  /** Acronym → what it stands for. */
  glossary: ReadonlyMap<string, string>;
  /** All-capital words that are not acronyms. */
  allowCaps: ReadonlySet<string>;
  /** Version history, as written. */
  changes: readonly ChangeInput[];
  variants: ReadonlyMap<string, VariantInput>;
  /** The variant this brief was cut down to (see variant.ts), or undefined for the full brief. */
  variant: string | undefined;
  /**
   * How links written for the full brief lead in this one (see variant.ts): `#/anchor` and `#/3` targets
   * whose slide now has another anchor or position, and those whose slide was left out. Both empty for
   * the full brief.
   */
  links: { moved: ReadonlyMap<string, string>; omitted: ReadonlySet<string> };
  /** False when speaker notes were cut (--no-notes): the speaker view then shows no evidence either. */
  speakerNotes?: boolean;
  /** Every slide, hidden ones included; renderers skip `hidden`. */
  slides: readonly Slide[];
  locator: Locator;
  /** The YAML tree, for positioning problems found after validation. */
  root: Node | undefined;
}

/** One Markdown field of a slide: where it sits in the YAML and its text. */
export interface MarkdownField {
  path: readonly (string | number)[];
  text: string;
  /**
   * How the field reads: running text (where an acronym's first use is written out), a label (headings,
   * column and row labels, quotations: never rewritten), or speaker notes.
   */
  kind: "prose" | "label" | "notes";
}

/**
 * A slide's Markdown fields in reading order: the title, the content in layout order, then the notes.
 * Citation numbers follow this order.
 */
export function markdownFields(slide: SlideInput): MarkdownField[] {
  const fields: MarkdownField[] = [];
  const add = (path: (string | number)[], text: string | undefined, kind: MarkdownField["kind"]) => {
    if (text !== undefined) fields.push({ path, text, kind });
  };
  add(["title"], slide.title, "label");
  switch (slide.layout) {
    case "judgments":
      for (const [i, item] of slide.items.entries()) add(["items", i, "text"], item.text, "prose");
      break;
    case "bullets":
      for (const [i, point] of slide.points.entries()) {
        if (typeof point === "string") {
          add(["points", i], point, "prose");
          continue;
        }
        add(["points", i, "text"], point.text, "prose");
        for (const [j, sub] of (point.points ?? []).entries()) add(["points", i, "points", j], sub, "prose");
      }
      break;
    case "comparison":
      for (const [i, column] of slide.columns.entries()) add(["columns", i], column, "label");
      for (const [i, row] of slide.rows.entries()) {
        add(["rows", i, "label"], row.label, "label");
        for (const [j, cell] of row.cells.entries()) add(["rows", i, "cells", j, "text"], cell.text, "prose");
      }
      break;
    case "text":
      add(["body"], slide.body, "prose");
      break;
    case "quote":
      add(["quote"], slide.quote, "label");
      add(["attribution"], slide.attribution, "label");
      break;
    case "section":
      add(["subtitle"], slide.subtitle, "label");
      break;
    case "timeline":
      for (const [i, event] of slide.events.entries()) {
        add(["events", i, "label"], event.label, "label");
        add(["events", i, "detail"], event.detail, "prose");
      }
      break;
    case "figures":
      for (const [i, item] of slide.items.entries()) {
        add(["items", i, "label"], item.label, "label");
        add(["items", i, "compare"], item.compare, "prose");
      }
      break;
  }
  add(["notes"], slide.notes, "notes");
  return fields;
}

/** The slides a deck shows, in deck order: the main slides, then the annex. */
export function deckSlides(brief: Brief): Slide[] {
  const shown = brief.slides.filter((s) => !s.hidden);
  return [...shown.filter((s) => !s.annex), ...shown.filter((s) => s.annex === true)];
}

/** The layouts whose slides are content (and so should carry speaker notes). */
export const CONTENT_LAYOUTS: ReadonlySet<Layout> = new Set([
  "judgments",
  "bullets",
  "comparison",
  "text",
  "quote",
  "timeline",
  "figures",
]);

/** Matches a citation `[@key]` in Markdown text. */
export const CITATION = /\[@([^\]\s]+)\]/g;
