import { escapeHtml } from "../escape-html.ts";
import { compareText } from "../text-order.ts";

/**
 * Matches the glossary's acronyms as whole words, longest first, with an optional plural "s" (group 2);
 * group 1 is the acronym. `form` writes each key as the text to be searched holds it (HTML-escaped in
 * rendered HTML). Undefined for an empty glossary.
 */
export function acronymPattern(
  glossary: ReadonlyMap<string, string>,
  form: (key: string) => string = (key) => key,
): RegExp | undefined {
  if (glossary.size === 0) return undefined;
  const keys = [...glossary.keys()]
    .map(form)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}&])(${keys.join("|")})(s?)(?![\\p{L}\\p{N}])`, "gu");
}

/** Matches words in capitals (two or more capitals, digits allowed, an optional plural "s"). */
export const CAPITALS = /(?<![\p{L}\p{N}@])[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*s?(?![\p{L}\p{N}])/gu;

const ROMAN = /^[IVXLCDM]+$/;

/** Whether an all-capital word needs no glossary entry: allowed by the brief, or a roman numeral. */
export function isAllowedCaps(word: string, allow: ReadonlySet<string>): boolean {
  return allow.has(word) || ROMAN.test(word);
}

/** Text compared for an expansion: lower case, white space runs as one space. */
export function comparable(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };

// Rendered text as a reader sees it, for finding an expansion written out (People's, R&D).
function decode(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? "");
}

/**
 * The acronym expander for one deck. In running text (`prose`) an acronym's first use in the deck is
 * written out ("United Nations (UN)"); everywhere else (headings in a body included), and after that, it
 * is an <abbr> with its expansion as a title. An expansion the author wrote out earlier in the deck, or earlier in the same
 * running text, counts; in a heading or label, anywhere in it counts. Works on sanitised HTML, touching
 * only text outside tags and code. src/lint-brief.ts follows the same rules to warn where an acronym
 * cannot be expanded.
 */
export function createAcronymExpander(glossary: ReadonlyMap<string, string>) {
  const escapedKey = new Map([...glossary.keys()].map((key) => [escapeHtml(key), key]));
  const pattern = acronymPattern(glossary, escapeHtml);
  const expanded = new Set<string>();
  const used = new Set<string>();

  const markExpansionsIn = (html: string) => {
    const text = comparable(decode(html));
    for (const [key, expansion] of glossary) {
      if (!expanded.has(key) && text.includes(comparable(expansion))) expanded.add(key);
    }
  };

  const apply = (html: string, expand: boolean, track: boolean): string => {
    if (pattern === undefined) return html;
    let skip = 0;
    // Inside a heading of a body (h3 to h5, the ones the sanitiser keeps): a heading, like a title, is
    // marked up but never rewritten, and an expansion anywhere in it counts.
    let heading = 0;
    let before = "";
    return html
      .split(/(<[^>]*>)/)
      .map((part, i, parts) => {
        if (i % 2 === 1) {
          if (/^<(code|pre|abbr)\b/i.test(part)) skip++;
          else if (/^<\/(code|pre|abbr)>/i.test(part)) skip = Math.max(0, skip - 1);
          else if (/^<h[3-5]>/i.test(part)) {
            heading++;
            if (track) markExpansionsIn(headingText(parts, i));
          } else if (/^<\/h[3-5]>/i.test(part)) heading = Math.max(0, heading - 1);
          return part;
        }
        if (skip > 0 || part === "") {
          before += part;
          return part;
        }
        const replaced = part.replace(pattern, (match, escaped: string, plural: string, offset: number) => {
          const key = escapedKey.get(escaped) ?? escaped;
          const expansion = glossary.get(key) ?? "";
          used.add(key);
          if (track) markExpansionsIn(before + part.slice(0, offset));
          const title = escapeHtml(expansion);
          if (expand && track && heading === 0 && !expanded.has(key)) {
            expanded.add(key);
            return `${title}${plural} (${escaped}${plural})`;
          }
          return `<abbr title="${title}">${match}</abbr>`;
        });
        before += part;
        return replaced;
      })
      .join("");
  };

  const tracked = (html: string, expand: boolean) => {
    const result = apply(html, expand, true);
    markExpansionsIn(html);
    return result;
  };

  return {
    /** Running text: the first use of each acronym in the deck is written out. */
    prose: (html: string) => tracked(html, true),
    /** Headings, labels and quotations: marked up, never rewritten. */
    label: (html: string) => tracked(html, false),
    /** Speaker notes: marked up only; they do not count towards the deck's first uses. */
    notes: (html: string) => apply(html, false, false),
    /** The acronyms met so far, with what they stand for, sorted: the handout's glossary. */
    used: () => [...used].sort(compareText).map((key) => ({ key, expansion: glossary.get(key) ?? "" })),
  };
}

export type AcronymExpander = ReturnType<typeof createAcronymExpander>;

// The HTML between the heading tag at parts[open] and its closing tag.
function headingText(parts: readonly string[], open: number): string {
  const close = parts.findIndex((part, i) => i > open && /^<\/h[3-5]>/i.test(part));
  return parts.slice(open + 1, close < 0 ? undefined : close).join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
