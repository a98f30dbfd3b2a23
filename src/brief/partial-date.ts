import { PARTIAL_DATE } from "./data-layouts-schema.ts";

// A timeline's dates: a year (2024), a month (2024-03) or a day (2024-03-05), each the period it names.

const DAY = 86_400_000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

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

/** A date as the deck writes it: "2024", "March 2024" or "5 March 2024". */
export function formatPartialDate(date: PartialDate): string {
  const month = date.month === undefined ? "" : `${MONTHS[date.month - 1]} `;
  const day = date.day === undefined ? "" : `${date.day} `;
  return `${day}${month}${date.year}`;
}

/** A date as an event's card writes it, short: "2024", "Mar 2024" or "5 Mar 2024". */
export function shortPartialDate(date: PartialDate): string {
  const month = date.month === undefined ? "" : `${(MONTHS[date.month - 1] ?? "").slice(0, 3)} `;
  const day = date.day === undefined ? "" : `${date.day} `;
  return `${day}${month}${date.year}`;
}

/** A span's dates, short, the year said once when both ends are months of one year: "Jan – Jun 2025". */
export function shortSpan(from: PartialDate, to: PartialDate, separator: string): string {
  if (from.text === to.text) return shortPartialDate(from);
  const sameYear = from.year === to.year && from.day === undefined && to.day === undefined;
  if (sameYear && from.month !== undefined && to.month !== undefined)
    return `${(MONTHS[from.month - 1] ?? "").slice(0, 3)}${separator}${shortPartialDate(to)}`;
  return `${shortPartialDate(from)}${separator}${shortPartialDate(to)}`;
}

/** A short month name and year for an axis tick: "Mar 2024". */
export function shortMonth(year: number, month: number): string {
  return `${(MONTHS[month - 1] ?? "").slice(0, 3)} ${year}`;
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
