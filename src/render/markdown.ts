import { Marked, type MarkedExtension, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { CHART_FENCE } from "../brief/chart-blocks.ts";
import { escapeHtml } from "../escape-html.ts";

/** What rendering Markdown needs to know about the brief it belongs to. */
export interface MarkdownContext {
  /** The HTML for a citation of `key` (numbered link to the sources slide). */
  citation(key: string): string;
  /** The data: URI an image path was inlined as, if it was. */
  image(src: string): string | undefined;
  /**
   * Where a `#/anchor` link leads in this deck: the anchor to link to (a variant may have moved the
   * slide), or undefined when it leads nowhere (a slide the variant leaves out, or a typo the lints
   * report), and the link is then shown as its text alone. Without it, every link is kept as written.
   */
  linkTo?(anchor: string): string | undefined;
  /** A placeholder for a ```vega-lite block's chart (see chart-view.ts), or undefined to show it as code. */
  chart?(text: string): string | undefined;
}

/** Renders a brief's Markdown fields to sanitised HTML. */
export interface MarkdownRenderer {
  inline(text: string): string;
  block(text: string): string;
}

// Only what briefs need. No style, no script, no frames, no forms, no event handlers.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "del",
    "hr",
    "span",
  ],
  allowedAttributes: {
    a: ["href", "title", "class"],
    img: ["src", "alt", "title"],
    span: ["class"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
};

/** Sanitises HTML with briefdeck's allow-list. Exported so templates' inputs can share it. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/**
 * A Markdown renderer for one brief: citations become links, raw HTML stays text, and every output is
 * sanitised. marked is made on first use.
 */
export function createMarkdownRenderer(context: MarkdownContext): MarkdownRenderer {
  let instance: Marked | undefined;
  const marked = (): Marked => {
    instance ??= new Marked({ gfm: true, breaks: false, async: false }, citationExtension(context), TABLES, {
      renderer: {
        // Raw HTML in a brief is shown as the text it is, never interpreted.
        html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
        image: ({ href, text, title }: Tokens.Image) => {
          const src = context.image(href);
          if (src === undefined) return escapeHtml(text);
          const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
          return `<img src="${escapeHtml(src)}" alt="${escapeHtml(text)}"${titleAttribute}>`;
        },
        code: ({ lang, text }: Tokens.Code) =>
          lang?.trim() === CHART_FENCE ? (context.chart?.(text) ?? false) : false,
        // A link into the deck leads where its slide now is, or keeps only its words when it leads
        // nowhere (false: marked renders the link as written).
        link(token: Tokens.Link) {
          // The slide is the first step after "#/"; a fragment number or anything else may follow.
          const anchor = /^#\/([^/?#\s]+)/.exec(token.href)?.[1];
          if (anchor === undefined || context.linkTo === undefined) return false;
          const to = context.linkTo(anchor);
          const text = this.parser.parseInline(token.tokens);
          if (to === undefined) return text;
          if (to === anchor) return false;
          const href = `#/${to}${token.href.slice(2 + anchor.length)}`;
          const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
          return `<a href="${escapeHtml(href)}"${title}>${text}</a>`;
        },
      },
    });
    return instance;
  };
  return {
    inline: (text) => sanitize(marked().parseInline(text) as string),
    block: (text) => sanitize(marked().parse(text) as string),
  };
}

// A number as tables show it: a sign, a currency, digits with separators, a unit or a percentage. A
// citation after it does not count. Dashes and "n/a" are blanks.
const NUMBER =
  /^[-+\u2212~\u2248<>\u00b1]?\s?[$\u20ac\u00a3\u00a5]?\d[\d.,\s\u00a0\u202f]*(?:%|\u2030|[kKmMbB]n?|bn)?$/;
const BLANK = /^(?:|[-\u2013\u2014]|n\/a)$/i;

/**
 * Tables: a column of numbers with no alignment of its own is right-aligned, and an empty top-left
 * header cell (the corner above the row labels) is rendered as an ordinary cell: it heads nothing, and
 * an empty header is a fault to screen readers and accessibility checkers.
 */
const TABLES: MarkedExtension = {
  walkTokens(token) {
    if (token.type === "table") shapeTable(token as Tokens.Table);
  },
};

/** A table as the deck shows it: numeric columns right-aligned, the empty corner an ordinary cell. */
export function shapeTable(table: Tokens.Table): void {
  const corner = table.header[0];
  if (corner !== undefined && corner.text.trim() === "" && table.header.length > 1) corner.header = false;
  table.align = table.align.map((align, i) => {
    if (align !== null) return align;
    const cells = table.rows.map((row) => (row[i]?.text ?? "").replace(/\[@[^\]\s]+\]/g, "").trim());
    const filled = cells.filter((text) => !BLANK.test(text));
    const numeric = filled.length > 0 && filled.every((text) => NUMBER.test(text));
    if (!numeric) return null;
    for (const cell of [table.header[i], ...table.rows.map((row) => row[i])]) {
      if (cell !== undefined) cell.align = "right";
    }
    return "right";
  });
}

function citationExtension(context: MarkdownContext): MarkedExtension {
  return {
    extensions: [
      {
        name: "citation",
        level: "inline",
        start: (src: string) => {
          const index = src.indexOf("[@");
          return index < 0 ? undefined : index;
        },
        tokenizer(src: string) {
          const match = /^\[@([^\]\s]+)\]/.exec(src);
          return match ? { type: "citation", raw: match[0], key: match[1] } : undefined;
        },
        renderer: (token) => context.citation(String(token.key)),
      },
    ],
  };
}
