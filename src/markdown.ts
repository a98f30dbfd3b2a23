import type { Marked, MarkedExtension, Tokens } from "marked";
import type sanitizeHtmlType from "sanitize-html";
import { requireVendor } from "./vendor.ts";

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
}

/** Renders a brief's Markdown fields to sanitised HTML. */
export interface MarkdownRenderer {
  inline(text: string): string;
  block(text: string): string;
}

// Only what briefs need. No style, no script, no frames, no forms, no event handlers.
const SANITIZE: sanitizeHtmlType.IOptions = {
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

let sanitizeHtml: typeof sanitizeHtmlType | undefined;

/** Sanitises HTML with briefdeck's allow-list. Exported so templates' inputs can share it. */
export function sanitize(html: string): string {
  // Loaded on first use: most briefs hold only plain markup (below) and never need it.
  sanitizeHtml ??= requireVendor("sanitize-html") as typeof sanitizeHtmlType;
  return sanitizeHtml(html, SANITIZE);
}

// Tags with nothing to strip: structure without attributes, and a citation link in exactly the shape
// the built-in partial writes (a fixed class and href, a quoted title with no quotes or brackets inside).
const PLAIN_TAG =
  /^<\/?(?:p|em|strong|b|i|code|del|br|ul|ol|li|blockquote|h3|h4|h5|sup|sub|hr|pre|table|thead|tbody|tr|th|td|a)>$|^<a class="bd-cite" href="#\/sources" title="[^"<>]*">$/;

/**
 * Whether `html` holds only plain tags (above) and text, so sanitising it would remove nothing. Most
 * fields of a brief are like that, and sanitize-html costs tens of microseconds a call, which adds up
 * over a long brief. Anything else (an image, a link, a tag with other attributes) is sanitised.
 */
export function isPlainMarkup(html: string): boolean {
  let tags = 0;
  for (const match of html.matchAll(/<[^>]*>/g)) {
    if (!PLAIN_TAG.test(match[0])) return false;
    tags++;
  }
  // Every "<" opened one of those tags: marked escapes a "<" in text.
  return tags === html.split("<").length - 1;
}

function clean(html: string): string {
  return isPlainMarkup(html) ? html : sanitize(html);
}

// Anything in a block of text that could make it more than plain paragraphs: a line that starts a heading,
// quote, list, fence, table, HTML block, link definition, thematic break or setext underline, indented
// or trailing white space (indented code, hard breaks), tabs, carriage returns and table pipes.
const BLOCK_SYNTAX =
  /^(?:[ \t]|[#>|<]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|```|~~~|=+[ \t]*$|-+[ \t]*$|\[[^\]]*\]:|([*_])(?:[ \t]*\1){2,}[ \t]*$)|[ \t]$|[|\t\r]/m;

/** A block of simple Markdown: a paragraph's lines, or a tight bullet list's items. */
export type SimpleBlock = { kind: "paragraph"; text: string } | { kind: "list"; items: string[] };

const BULLET = /^- (?!\[[ xX]\] )(?=\S)/;

/**
 * The blocks of Markdown that holds nothing but paragraphs and tight one-level "- " lists (most notes
 * and bodies), or undefined when it may hold anything else. marked renders those as each block's inline
 * content in <p>…</p> or <ul><li>…</li></ul>; doing that directly skips marked's block lexer, whose large
 * regular expressions cost a cold start about as much as all the rest of the Markdown.
 */
export function simpleBlocks(text: string): SimpleBlock[] | undefined {
  const trimmed = text.replace(/^\n+|\n+$/g, "");
  if (trimmed === "") return [];
  const blocks: SimpleBlock[] = [];
  for (const group of trimmed.split(/\n{2,}/)) {
    const lines = group.split("\n");
    if (lines.every((line) => BULLET.test(line))) {
      const items = lines.map((line) => line.slice(2));
      // Two lists in a row make one loose list; an item must be plain text.
      if (blocks.at(-1)?.kind === "list" || items.some((item) => BLOCK_SYNTAX.test(item))) return undefined;
      blocks.push({ kind: "list", items });
    } else if (BLOCK_SYNTAX.test(group)) {
      return undefined;
    } else {
      blocks.push({ kind: "paragraph", text: group });
    }
  }
  return blocks;
}

// Anything in inline text that marked could read as more than text: escapes, emphasis, strikethrough,
// code, links and images, raw HTML and autolinks, entities, e-mail addresses, URLs and hard line breaks.
const INLINE_SYNTAX = /[\\*_~`[\]!<&@]|:\/\/|www\.| \n/i;
// A citation, or a run of text in **double asterisks**.
const PLAIN_TOKENS = /\[@([^\]\s]+)\]|\*\*([^*]+)\*\*/g;

/**
 * Whether the **…** at `start` (length `length`) of `text` is strong emphasis by CommonMark's rules, in
 * the cases that are clear without its full delimiter algorithm: the opening run starts the text or
 * follows white space, the text inside neither starts nor ends with white space, and the closing run ends
 * the text, precedes white space, or precedes punctuation straight after a letter or digit.
 */
function isSimpleStrong(text: string, start: number, length: number): boolean {
  const inner = text.slice(start + 2, start + length - 2);
  const before = text[start - 1];
  const after = text[start + length];
  if (/^\s|\s$/.test(inner) || (before !== undefined && !/\s/.test(before))) return false;
  if (after === undefined || /\s/.test(after)) return true;
  return /[,.;:?)]/.test(after) && /[\p{L}\p{N}]$/u.test(inner);
}

/**
 * The HTML of inline Markdown that holds only text, citations and simple **strong** runs (most titles,
 * points and cells), or undefined when it may hold anything else. marked renders such text escaped, with
 * each citation and strong run in place, so most briefs never need to load marked at all.
 */
export function plainInline(text: string, citation: (key: string) => string): string | undefined {
  let html = "";
  let from = 0;
  for (const match of text.matchAll(PLAIN_TOKENS)) {
    const before = text.slice(from, match.index);
    if (INLINE_SYNTAX.test(before)) return undefined;
    html += escapeHtml(before);
    const [whole, key, strong] = match;
    if (key !== undefined) {
      html += citation(key);
    } else {
      if (strong === undefined || INLINE_SYNTAX.test(strong)) return undefined;
      if (!isSimpleStrong(text, match.index, whole.length)) return undefined;
      html += `<strong>${escapeHtml(strong)}</strong>`;
    }
    from = match.index + whole.length;
  }
  const rest = text.slice(from);
  return INLINE_SYNTAX.test(rest) ? undefined : html + escapeHtml(rest);
}

let markedModule: typeof import("marked") | undefined;
/** marked, loaded on first use: briefs whose text is all plain never need it. */
function loadMarked(): typeof import("marked") {
  markedModule ??= requireVendor("marked") as typeof import("marked");
  return markedModule;
}

/**
 * A Markdown renderer for one brief: citations become links, raw HTML stays text, output is sanitised.
 * `fastPaths: false` sends all text through marked (tests compare the two).
 */
export function createMarkdownRenderer(
  context: MarkdownContext,
  { fastPaths = true } = {},
): MarkdownRenderer {
  let instance: Marked | undefined;
  const marked = (): Marked => {
    instance ??= new (loadMarked().Marked)(
      { gfm: true, breaks: false, async: false },
      citationExtension(context),
      {
        renderer: {
          // Raw HTML in a brief is shown as the text it is, never interpreted.
          html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
          image: ({ href, text, title }: Tokens.Image) => {
            const src = context.image(href);
            if (src === undefined) return escapeHtml(text);
            const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
            return `<img src="${escapeHtml(src)}" alt="${escapeHtml(text)}"${titleAttribute}>`;
          },
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
      },
    );
    return instance;
  };
  const inline = (text: string): string =>
    (fastPaths ? plainInline(text, context.citation) : undefined) ?? (marked().parseInline(text) as string);
  return {
    inline: (text) => clean(inline(text)),
    block: (text) => {
      const blocks = fastPaths ? simpleBlocks(text) : undefined;
      const html =
        blocks === undefined
          ? (marked().parse(text) as string)
          : blocks
              .map((b) =>
                b.kind === "paragraph"
                  ? `<p>${inline(b.text)}</p>\n`
                  : `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>\n`).join("")}</ul>\n`,
              )
              .join("");
      return clean(html);
    },
  };
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

/** The images referenced by Markdown text, in order: path and alt text. */
export function findImages(text: string): Array<{ src: string; alt: string }> {
  if (!text.includes("![")) return [];
  const found: Array<{ src: string; alt: string }> = [];
  const marked = new (loadMarked().Marked)();
  marked.walkTokens(marked.lexer(text), (token) => {
    if (token.type === "image") found.push({ src: token.href, alt: token.text });
  });
  return found;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
