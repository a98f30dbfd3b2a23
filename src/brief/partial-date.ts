import { PARTIAL_DATE } from "./data-layouts-schema.ts";

// A timeline's dates: a year (2024), a month (2024-03) or a day (2024-03-05), each the period it names.

const DAY = 86_400_000;

/** A year, month or day, with the period it covers in days since 1970 (`end` is the day after). */
export interface PartialDate {
  text: string;
  year: number;
  month: number | undefined;
  day: number | undefined;
  start: number;
  end: number;
}

/** Reads a timeline date (a bare year may come as a number); undefined unless it is a calendar date. */
export function parsePartialDate(value: string | number): PartialDate | undefined {
  const text = String(value);
  if (!PARTIAL_DATE.test(text)) return undefined;
  const [year = 0, month, day] = text.split("-").map(Number);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const start = utc(year, (month ?? 1) - 1, day ?? 1);
  if (day !== undefined && new Date(start).getUTCDate() !== day) return undefined;
  const end =
    day !== undefined ? start + DAY : month !== undefined ? utc(year, month, 1) : utc(year + 1, 0, 1);
  return { text, year, month, day, start: start / DAY, end: end / DAY };
}

/**
 * A date as the deck writes it, in a language (Intl): "2024", "March 2024" or "5 March 2024"; "mars
 * 2024", "березень 2024 р.". Diagnostics write it in English (the default).
 */
export function formatPartialDate(date: PartialDate, lang = "en"): string {
  return formatter(lang, "long", date).format(date.start * DAY);
}

/** A date as an event's card writes it, short: "2024", "Mar 2024" or "5 Mar 2024"; "mars 2024". */
export function shortPartialDate(date: PartialDate, lang = "en"): string {
  return formatter(lang, "short", date).format(date.start * DAY);
}

/**
 * A span's dates, short, the year said once when both ends are months of one year: "Jan – Jun 2025".
 * `join` puts the two ends together in the language ("{from} – {to}").
 */
export function shortSpan(
  from: PartialDate,
  to: PartialDate,
  lang: string,
  join: (from: string, to: string) => string,
): string {
  if (from.text === to.text) return shortPartialDate(from, lang);
  const sameYear = from.year === to.year && from.day === undefined && to.day === undefined;
  if (sameYear && from.month !== undefined && to.month !== undefined)
    return join(monthFormat(lang).format(from.start * DAY), shortPartialDate(to, lang));
  return join(shortPartialDate(from, lang), shortPartialDate(to, lang));
}

/** A short month name and year for an axis tick: "Mar 2024", "бер. 2024 р.". */
export function shortMonth(year: number, month: number, lang = "en"): string {
  return shortPartialDate({ text: "", year, month, day: undefined, start: dayOf(year, month), end: 0 }, lang);
}

/** A year for an axis tick: "2024", "2024 р.". */
export function yearLabel(year: number, lang = "en"): string {
  return shortPartialDate(
    { text: "", year, month: undefined, day: undefined, start: dayOf(year), end: 0 },
    lang,
  );
}

// Intl's formats, made once per language, precision and length. Plain "en" writes day month year, as
// briefdeck always has (en-GB's order); "en-US" gets the US order.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${lang}\0${key}`;
  let found = formats.get(id);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, { ...options, timeZone: "UTC" });
    formats.set(id, found);
  }
  return found;
}

// Year 0 and before (an axis tick can fall there) are written with their era, "1 BC": without it Intl
// writes the year before 1 as "1".
function formatter(lang: string, month: "long" | "short", date: PartialDate): Intl.DateTimeFormat {
  const precision = date.day !== undefined ? "day" : date.month !== undefined ? "month" : "year";
  const era = date.year < 1;
  return format(lang, `${precision}-${month}${era ? "-era" : ""}`, {
    year: "numeric",
    ...(precision === "year" ? {} : { month }),
    ...(precision === "day" ? { day: "numeric" } : {}),
    ...(era ? { era: "short" } : {}),
  });
}

function monthFormat(lang: string): Intl.DateTimeFormat {
  return format(lang, "month-only", { month: "short" });
}

/** Days since 1970 of the first day of a month (1-based). */
export function dayOf(year: number, month = 1): number {
  return utc(year, month - 1, 1) / DAY;
}

/** Date.UTC, but a year under 100 is that year (Date.UTC reads 70 as 1970). */
function utc(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}
