import { escapeHtml } from "./markdown.ts";
import { compareText } from "./text-order.ts";

/** Matches the glossary's acronyms as whole words, longest first. Undefined for an empty glossary. */
export function acronymPattern(glossary: ReadonlyMap<string, string>): RegExp | undefined {
  if (glossary.size === 0) return undefined;
  const keys = [...glossary.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

/** Matches words in capitals (two or more capitals, digits allowed, an optional plural "s"). */
export const CAPITALS = /(?<![\p{L}\p{N}@])[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*s?(?![\p{L}\p{N}])/gu;

const ROMAN = /^[IVXLCDM]+$/;

/** Whether an all-capital word needs no glossary entry: allowed by the brief, or a roman numeral. */
export function isAllowedCaps(word: string, allow: ReadonlySet<string>): boolean {
  return allow.has(word) || ROMAN.test(word);
}

/**
 * The acronym expander for one deck. In running text (`prose`) an acronym's first use in the deck is
 * written out ("United Nations (UN)"); everywhere else, and after that, it is an <abbr> with its
 * expansion as a title. Writing the expansion yourself before the acronym counts as expanding it.
 * Works on sanitised HTML, touching only text outside tags, code and links.
 */
export function createAcronymExpander(glossary: ReadonlyMap<string, string>) {
  const pattern = acronymPattern(glossary);
  const expanded = new Set<string>();
  const used = new Set<string>();

  const markExpansionsIn = (text: string) => {
    const lower = text.toLowerCase();
    for (const [key, expansion] of glossary) {
      if (!expanded.has(key) && lower.includes(expansion.toLowerCase())) expanded.add(key);
    }
  };

  const apply = (html: string, expand: boolean, track: boolean): string => {
    if (pattern === undefined) return html;
    let skip = 0;
    let before = "";
    return html
      .split(/(<[^>]*>)/)
      .map((part, i) => {
        if (i % 2 === 1) {
          if (/^<(code|a|abbr|pre)\b/i.test(part)) skip++;
          else if (/^<\/(code|a|abbr|pre)>/i.test(part)) skip = Math.max(0, skip - 1);
          return part;
        }
        const text = part;
        if (skip > 0 || text === "") {
          before += text;
          return text;
        }
        const replaced = text.replace(pattern, (key, offset: number) => {
          const expansion = glossary.get(key) ?? "";
          used.add(key);
          if (track) markExpansionsIn(before + text.slice(0, offset));
          const title = escapeHtml(expansion);
          if (expand && track && !expanded.has(key)) {
            expanded.add(key);
            return `${escapeHtml(expansion)} (${key})`;
          }
          return `<abbr title="${title}">${key}</abbr>`;
        });
        before += text;
        return replaced;
      })
      .join("");
  };

  return {
    /** Running text: the first use of each acronym in the deck is written out. */
    prose: (html: string) => apply(html, true, true),
    /** Headings, labels and quotations: marked up, never rewritten. */
    label: (html: string) => {
      const result = apply(html, false, true);
      markExpansionsIn(html);
      return result;
    },
    /** Speaker notes: marked up only; they do not count towards the deck's first uses. */
    notes: (html: string) => apply(html, false, false),
    /** The acronyms met so far, with what they stand for, sorted: the handout's glossary. */
    used: () => [...used].sort(compareText).map((key) => ({ key, expansion: glossary.get(key) ?? "" })),
  };
}

export type AcronymExpander = ReturnType<typeof createAcronymExpander>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
