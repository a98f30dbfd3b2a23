import type { Node } from "yaml";
import type { Layout, SlideInput, SourceInput } from "./brief-schema.ts";
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
  sources: ReadonlyMap<string, Source>;
  /** Every slide, hidden ones included; renderers skip `hidden`. */
  slides: readonly Slide[];
  locator: Locator;
}

/** One Markdown field of a slide: where it sits in the YAML and its text. */
export interface MarkdownField {
  path: readonly (string | number)[];
  text: string;
  /** Whether the field is a block (paragraphs, lists) or a single line. */
  block: boolean;
}

/**
 * A slide's Markdown fields in reading order: the title, the content in layout order, then the notes.
 * Citation numbers follow this order.
 */
export function markdownFields(slide: SlideInput): MarkdownField[] {
  const fields: MarkdownField[] = [];
  const add = (path: (string | number)[], text: string | undefined, block = false) => {
    if (text !== undefined) fields.push({ path, text, block });
  };
  add(["title"], slide.title);
  switch (slide.layout) {
    case "judgments":
      for (const [i, item] of slide.items.entries()) add(["items", i, "text"], item.text);
      break;
    case "bullets":
      for (const [i, point] of slide.points.entries()) {
        if (typeof point === "string") {
          add(["points", i], point);
          continue;
        }
        add(["points", i, "text"], point.text);
        for (const [j, sub] of (point.points ?? []).entries()) add(["points", i, "points", j], sub);
      }
      break;
    case "comparison":
      for (const [i, column] of slide.columns.entries()) add(["columns", i], column);
      for (const [i, row] of slide.rows.entries()) {
        add(["rows", i, "label"], row.label);
        for (const [j, cell] of row.cells.entries()) add(["rows", i, "cells", j, "text"], cell.text);
      }
      break;
    case "text":
      add(["body"], slide.body, true);
      break;
    case "quote":
      add(["quote"], slide.quote);
      add(["attribution"], slide.attribution);
      break;
    case "section":
      add(["subtitle"], slide.subtitle);
      break;
  }
  add(["notes"], slide.notes, true);
  return fields;
}

/** The layouts whose slides are content (and so should carry speaker notes). */
export const CONTENT_LAYOUTS: ReadonlySet<Layout> = new Set([
  "judgments",
  "bullets",
  "comparison",
  "text",
  "quote",
]);

/** Matches a citation `[@key]` in Markdown text. */
export const CITATION = /\[@([^\]\s]+)\]/g;
