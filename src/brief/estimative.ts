import { localeFor } from "../messages/locale.ts";
import { LIKELIHOODS, type Likelihood } from "./brief-schema.ts";
import { ESTIMATIVE_LANGUAGES } from "./estimative-words.ts";

/** ICD 203's probability range for each likelihood term, in percent. */
export const PROBABILITY: Record<Likelihood, readonly [number, number]> = {
  "almost no chance": [1, 5],
  "very unlikely": [5, 20],
  unlikely: [20, 45],
  "roughly even chance": [45, 55],
  likely: [55, 80],
  "very likely": [80, 95],
  "almost certain": [95, 99],
};

/**
 * A likelihood as a deck shows it, in the brief's language: the term and its range, e.g. "likely" and
 * "55–80%", or "probable" and "55–80 %".
 */
export function likelihoodLabel(term: Likelihood, lang = "en"): { term: string; range: string } {
  const [low, high] = PROBABILITY[term];
  const locale = localeFor(lang);
  return { term: locale.t(`likelihood.${term}`), range: locale.percentRange(low, high) };
}

// Estimative words and the likelihood terms (indexes into LIKELIHOODS, lowest to highest) each fits.
// A word a notch away still fits: "likely" for "very likely" is imprecise, not contradictory. Bare
// hedges (may, might, could, possibly) fit anything short of the extremes. Negated phrases are listed
// whole, so "certainly not" is not read as "certainly".
const BANDS: Array<[words: string[], low: number, high: number]> = [
  [["almost no chance", "no chance", "remote chance", "remote possibility", "almost certainly not"], 0, 0],
  [["certainly not", "definitely not"], 0, 1],
  [["not very likely", "not impossible"], 1, 3],
  [["not certain", "not necessarily"], 1, 5],
  [
    ["virtually impossible", "highly unlikely", "very unlikely", "extremely unlikely", "highly improbable"],
    0,
    1,
  ],
  [["unlikely", "improbable", "probably not", "doubtful", "not likely"], 1, 2],
  [["roughly even chance", "even chance", "even odds", "toss-up", "fifty-fifty"], 3, 3],
  [["probably", "likely", "probable", "more likely than not"], 4, 5],
  [["very likely", "highly likely", "highly probable", "very probably"], 5, 6],
  [
    [
      "almost certainly",
      "almost certain",
      "nearly certain",
      "virtually certain",
      "certainly",
      "definitely",
      "undoubtedly",
    ],
    6,
    6,
  ],
  [["may", "might", "could", "possibly", "possible", "perhaps", "conceivably"], 1, 5],
];

const BAND_OF = new Map<string, readonly [number, number]>(
  BANDS.flatMap(([words, low, high]) => words.map((w) => [w, [low, high] as const])),
);

// Longest phrases first, so "very unlikely" is one match and not "unlikely" inside it. Spaces match any
// run of white space, so a phrase broken across lines of a YAML scalar is still found. The phrases are
// ASCII, so the text is lowered instead of matched case-insensitively: V8 compiles a case-insensitive
// Unicode pattern this size far more slowly, and a cold run pays that every time.
const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}'-])(?:${[...BAND_OF.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, "\\s+"))
    .join("|")})(?![\\p{L}\\p{N}'-])`,
  "gu",
);

const FOLD: Record<string, string> = { "\u212A": "k", "\u017F": "s" };

/** One estimative phrase found in text: where it is, and the likelihood terms it fits. */
export interface EstimativeWord {
  text: string;
  index: number;
  fits: Likelihood[];
}

/** Whether the estimative lint reads a language: English, and those in estimative-words.ts. */
export function readsEstimative(lang: string): boolean {
  const language = primaryLanguage(lang);
  return language === "en" || ESTIMATIVE_LANGUAGES[language] !== undefined;
}

/** The estimative phrases in a text written in `lang` (none in a language the lint does not read), in order. */
export function findEstimativeWords(text: string, lang = "en"): EstimativeWord[] {
  const language = primaryLanguage(lang);
  if (language !== "en") return findForeignWords(text, language);
  const found: EstimativeWord[] = [];
  // Lowered one UTF-16 unit for one, so every index stays where it was: ASCII capitals, and the two
  // characters that a case-insensitive match would also have read as ASCII letters (Kelvin sign, long s).
  const lowered = text.replace(/[A-Z\u212A\u017F]/g, (c) => FOLD[c] ?? c.toLowerCase());
  for (const match of lowered.matchAll(PATTERN)) {
    const written = text.slice(match.index, match.index + match[0].length);
    // "May" with a capital is the month far more often than a hedge at the start of a judgment.
    if (written === "May") continue;
    const band = BAND_OF.get(match[0].replace(/\s+/g, " "));
    if (band === undefined) continue;
    found.push({ text: written, index: match.index, fits: LIKELIHOODS.slice(band[0], band[1] + 1) });
  }
  return found;
}

// Hedges that are not estimative terms: the source's qualifiers of appearance, risk and time. An item
// whose evidence says "appears" or "so far" has not been shown to be so for good.
const QUALIFIERS = [
  "appears",
  "appear",
  "seem to",
  "seems to",
  "seemed to",
  "risks",
  "so far",
  "at the moment",
  "for now",
  "as yet",
  "as of yet",
  "unclear",
];
const QUALIFIER_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}'-])(?:${QUALIFIERS.map((w) => w.replace(/ /g, "\\s+")).join("|")})(?![\\p{L}\\p{N}'-])`,
  "giu",
);

/**
 * The hedges in a text, in order: estimative words short of certainty ("could", "may", "probably"…, the
 * same vocabulary the estimative lint reads) and the qualifiers above ("appears", "so far"…).
 */
export function findHedges(text: string, lang = "en"): Array<{ text: string; index: number }> {
  const estimative = findEstimativeWords(text, lang)
    .filter((w) => !w.fits.includes("almost certain") && !w.fits.includes("almost no chance"))
    .map(({ text, index }) => ({ text, index }));
  const language = primaryLanguage(lang);
  const pattern = language === "en" ? QUALIFIER_PATTERN : foreignMatcher(language)?.qualifiers;
  const qualifiers = [...text.matchAll(pattern ?? /$^/g)].map((m) => ({ text: m[0], index: m.index }));
  return [...estimative, ...qualifiers].sort((a, b) => a.index - b.index);
}

function primaryLanguage(lang: string): string {
  return lang.split("-")[0]?.toLowerCase() ?? "en";
}

interface ForeignMatcher {
  words: RegExp;
  bandOf: Map<string, readonly [number, number]>;
  qualifiers: RegExp;
}

const foreignMatchers = new Map<string, ForeignMatcher | undefined>();

// Made on first use, for the languages a project's briefs are written in. Case-insensitive Unicode
// patterns (the words are not ASCII, so lowering by hand would not keep indexes), longest phrase first;
// an apostrophe matches either ' or ’.
function foreignMatcher(language: string): ForeignMatcher | undefined {
  if (foreignMatchers.has(language)) return foreignMatchers.get(language);
  const vocabulary = ESTIMATIVE_LANGUAGES[language];
  const alternation = (words: string[]) =>
    [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) =>
        w
          .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace(/ /g, "\\s+")
          .replace(/'/g, "['’]"),
      )
      .join("|");
  const bounded = (words: string[]) =>
    new RegExp(`(?<![\\p{L}\\p{N}'’-])(?:${alternation(words)})(?![\\p{L}\\p{N}'’-])`, "giu");
  const matcher =
    vocabulary === undefined
      ? undefined
      : {
          words: bounded(vocabulary.bands.flatMap(([words]) => words)),
          bandOf: new Map(
            vocabulary.bands.flatMap(([words, low, high]) =>
              words.map((w) => [normalisePhrase(w), [low, high] as const]),
            ),
          ),
          qualifiers: bounded(vocabulary.qualifiers),
        };
  foreignMatchers.set(language, matcher);
  return matcher;
}

function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\u2019/g, "'");
}

function findForeignWords(text: string, language: string): EstimativeWord[] {
  const matcher = foreignMatcher(language);
  if (matcher === undefined) return [];
  return [...text.matchAll(matcher.words)].flatMap((match) => {
    const band = matcher.bandOf.get(normalisePhrase(match[0]));
    if (band === undefined) return [];
    return [{ text: match[0], index: match.index, fits: LIKELIHOODS.slice(band[0], band[1] + 1) }];
  });
}
