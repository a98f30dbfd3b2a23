// Finding a quotation in the text of its source. Both sides are normalised the same way first, so a quote
// typed with straight quotes and hyphens matches a source set with typographic ones; the words themselves
// (and their case) must be the source's.

// Characters that differ only in typography, each mapped to its plain form. Unicode's compatibility
// normalisation (NFKC) already folds no-break spaces, ligatures and the ellipsis; these it leaves alone.
const QUOTES: Record<string, string> = {
  "\u2018": "'", // left single quotation mark
  "\u2019": "'", // right single quotation mark (and apostrophe)
  "\u201A": "'", // single low-9 quotation mark
  "\u201B": "'", // single high-reversed-9 quotation mark
  "\u2032": "'", // prime
  "\u201C": '"', // left double quotation mark
  "\u201D": '"', // right double quotation mark
  "\u201E": '"', // double low-9 quotation mark
  "\u201F": '"', // double high-reversed-9 quotation mark
  "\u2033": '"', // double prime
  "\u00AB": '"', // guillemets
  "\u00BB": '"',
};
const DASHES: Record<string, string> = {
  "\u2010": "-", // hyphen
  "\u2011": "-", // non-breaking hyphen
  "\u2012": "-", // figure dash
  "\u2013": "-", // en dash
  "\u2014": "-", // em dash
  "\u2015": "-", // horizontal bar
  "\u2212": "-", // minus sign
};
// Invisible characters a copy from a web page carries: the soft hyphen, zero-width spaces and joiners, BOM.
const INVISIBLE: Record<string, string> = {
  "\u00AD": "",
  "\u200B": "",
  "\u200C": "",
  "\u200D": "",
  "\u2060": "",
  "\uFEFF": "",
};
const TABLE: Record<string, string> = { ...QUOTES, ...DASHES, ...INVISIBLE };
const TABLE_PATTERN = new RegExp(`[${Object.keys(TABLE).join("")}]`, "g");

/**
 * Text as quotes are compared: NFKC, typographic quotes and dashes made plain, soft hyphens and other
 * invisible characters removed, white space collapsed to one space (none around a dash, none before
 * closing punctuation, so "a — b" matches "a-b" and a tag boundary before a comma does not count).
 */
export function normaliseQuote(text: string): string {
  return text
    .normalize("NFKC")
    .replace(TABLE_PATTERN, (c) => TABLE[c] ?? c)
    .replace(/\s+/g, " ")
    .replace(/ ?- ?/g, "-")
    .replace(/ (?=[,.;:!?)\]])/g, "")
    .trim();
}

/** True when the quote, normalised, occurs in the normalised source text. */
export function quoteOccurs(normalisedSource: string, quote: string): boolean {
  const wanted = normaliseQuote(quote);
  return wanted !== "" && normalisedSource.includes(wanted);
}

/** The longest passage the nearest-window search reads, in words: larger archives are read this far. */
export const MAX_SEARCH_WORDS = 200_000;
const MAX_QUOTE_WORDS = 200;
const MAX_HINT_CHARS = 200;

/**
 * The passage of the source closest to a quote that is not in it, for the hint. A window as many words
 * long as the quote slides over the source's words; its score is how many of the quote's words it holds
 * (counted with repeats, case and punctuation ignored), kept up to date as the window moves, so the search
 * is linear in the source's length. The first best window wins. Both lengths are capped (MAX_SEARCH_WORDS,
 * 200 quote words), so a huge archive cannot make it slow. Undefined when no window shares a word.
 */
export function closestPassage(normalisedSource: string, quote: string): string | undefined {
  const quoteWords = words(normaliseQuote(quote)).slice(0, MAX_QUOTE_WORDS);
  if (quoteWords.length === 0) return undefined;
  const source = words(normalisedSource, MAX_SEARCH_WORDS);
  const wanted = new Map<string, number>();
  for (const w of quoteWords) wanted.set(w.key, (wanted.get(w.key) ?? 0) + 1);
  const inWindow = new Map<string, number>();
  let score = 0;
  let best = { score: 0, start: 0 };
  const size = Math.min(quoteWords.length, source.length);
  source.forEach((word, i) => {
    const had = inWindow.get(word.key) ?? 0;
    inWindow.set(word.key, had + 1);
    if (had < (wanted.get(word.key) ?? 0)) score++;
    const leaving = source[i - size];
    if (leaving !== undefined) {
      const left = (inWindow.get(leaving.key) ?? 1) - 1;
      inWindow.set(leaving.key, left);
      if (left < (wanted.get(leaving.key) ?? 0)) score--;
    }
    if (score > best.score) best = { score, start: Math.max(0, i - size + 1) };
  });
  if (best.score === 0) return undefined;
  const first = source[best.start];
  const last = source[Math.min(best.start + size, source.length) - 1];
  if (first === undefined || last === undefined) return undefined;
  const passage = normalisedSource.slice(first.start, last.end);
  return passage.length > MAX_HINT_CHARS ? `${passage.slice(0, MAX_HINT_CHARS - 1)}…` : passage;
}

interface Word {
  key: string;
  start: number;
  end: number;
}

function words(text: string, limit = Number.POSITIVE_INFINITY): Word[] {
  const found: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu)) {
    if (found.length >= limit) break;
    found.push({ key: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return found;
}
