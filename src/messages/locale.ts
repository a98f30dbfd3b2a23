import { CATALOGUES, type Catalogue, type Message, type MessageKey } from "./catalogue.ts";

/** What briefdeck writes in a brief's language: its words, dates and numbers, and its direction. */
export interface Locale {
  /** The brief's language tag, canonical (`en-GB`, `uk`). */
  lang: string;
  dir: "ltr" | "rtl";
  /** The catalogue whose words are used: `fr` for `fr-CA`, `en` when the language has none. */
  catalogue: string;
  /** True when the language has no catalogue, so briefdeck's words are English. */
  fallback: boolean;
  /** A message by key, with `{name}` parameters filled in (a `count` also picks the plural form). */
  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string;
  /** An ISO date written out: "26 November 2026", "26 листопада 2026 р.". */
  date(iso: string): string;
  /** A probability range in the language's percent style: "55–80%", "55–80 %". */
  percentRange(low: number, high: number): string;
}

const cache = new Map<string, Locale>();

/** The canonical form of a BCP 47 tag, or undefined when it is not one. */
export function canonicalLang(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * The locale for a language tag. Words come from the first catalogue along the tag's fallback chain
 * (`fr-CA` → `fr` → `en`); dates and numbers from Intl for the tag itself. A tag Intl rejects is read as
 * English (validation has reported it).
 */
export function localeFor(tag: string | undefined): Locale {
  // A build asks hundreds of times for the brief's tag: the tag as written is looked up before Intl
  // canonicalises it.
  const known = byTag.get(tag);
  if (known !== undefined) return known;
  const lang = (tag === undefined ? undefined : canonicalLang(tag)) ?? "en";
  let locale = cache.get(lang);
  if (locale === undefined) {
    locale = createLocale(lang);
    cache.set(lang, locale);
  }
  byTag.set(tag, locale);
  return locale;
}

const byTag = new Map<string | undefined, Locale>();

function createLocale(lang: string): Locale {
  const chain = fallbackChain(lang);
  const catalogues = chain.map((l) => CATALOGUES[l]).filter((c): c is Catalogue => c !== undefined);
  const catalogue = chain.find((l) => CATALOGUES[l] !== undefined) ?? "en";
  // Plain "en" keeps the day-month-year order briefdeck has always written; "en-US" gets the US order.
  const dateLang = lang === "en" ? "en-GB" : lang;
  // The formatters are made on first use: the first of a kind costs V8 milliseconds (it lists every
  // locale ICU has for it), and a brief may write no date or no percentage.
  let dates: Intl.DateTimeFormat | undefined;
  let percent: Intl.NumberFormat | undefined;
  let integer: Intl.NumberFormat | undefined;
  const plurals = new Intl.PluralRules(lang);
  return {
    lang,
    dir: directionOf(lang),
    catalogue,
    fallback: catalogue === "en" && lang.split("-")[0] !== "en",
    t(key, params = {}) {
      const message: Message = catalogues.find((c) => c[key] !== undefined)?.[key] ?? key;
      const text =
        typeof message === "string"
          ? message
          : (message[plurals.select(Number(params.count ?? 0))] ?? message.other);
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        params[name] === undefined ? whole : String(params[name]),
      );
    },
    date(iso) {
      const [year = 1970, month = 1, day = 1] = iso.split("-").map(Number);
      dates ??= new Intl.DateTimeFormat(dateLang, {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      });
      // setUTCFullYear, not Date.UTC, which reads a year under 100 as 1900 and after.
      const date = new Date(0);
      date.setUTCFullYear(year, month - 1, day);
      return dates.format(date);
    },
    // The high end formatted as a percentage, its number replaced by the range: the percent sign, its
    // spacing and side, and the digits stay the language's own ("55–80 %" in French, "%55–80" in Turkish).
    percentRange(low, high) {
      percent ??= new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
      integer ??= new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
      const whole = integer;
      return percent
        .formatToParts(high / 100)
        .map((p) => (p.type === "integer" ? `${whole.format(low)}–${p.value}` : p.value))
        .join("");
    },
  };
}

// The tag, then the tag less its last subtag, and so on, then English.
function fallbackChain(lang: string): string[] {
  const parts = lang.split("-");
  const chain = parts.map((_, i) => parts.slice(0, parts.length - i).join("-"));
  return chain.includes("en") ? chain : [...chain, "en"];
}

const RTL = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"]);

function directionOf(lang: string): "ltr" | "rtl" {
  const locale = new Intl.Locale(lang) as Intl.Locale & {
    getTextInfo?: () => { direction?: string };
    textInfo?: { direction?: string };
  };
  const direction = locale.getTextInfo?.().direction ?? locale.textInfo?.direction;
  if (direction === "rtl" || direction === "ltr") return direction;
  return RTL.has(locale.language) ? "rtl" : "ltr";
}
