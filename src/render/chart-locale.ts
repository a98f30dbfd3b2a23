/** Vega's `config.locale`: how a chart writes numbers and dates (d3-format's and d3-time-format's). */
export interface ChartLocale {
  number?: {
    decimal: string;
    thousands: string;
    grouping: number[];
    currency: [string, string];
    percent?: string;
    numerals?: string[];
  };
  time?: Record<string, unknown>;
}

/**
 * How a brief's charts write numbers and dates, in its language: "12 500" and "janvier" in a French deck.
 * Everything is read off Intl, which writes the deck's own dates and percentages, so a chart's digits,
 * separators and month names are the text's (and Ukrainian months are named "лютий", not "лютого").
 * English as the United States writes it is vega's default: such a brief gets none.
 */
export function chartLocale(lang: string): ChartLocale | undefined {
  const likely = new Intl.Locale(lang).maximize();
  // Unless the tag asks for other digits or hours (en-u-nu-arab).
  const plain = likely.numberingSystem === undefined && likely.hourCycle === undefined;
  if (likely.language === "en" && likely.region === "US" && plain) return undefined;
  return { number: numberLocale(lang), time: timeLocale(lang) };
}

// d3-format's locale, read off Intl's own formatting of sample numbers.
function numberLocale(lang: string): NonNullable<ChartLocale["number"]> {
  const parts = new Intl.NumberFormat(lang).formatToParts(1234567.5);
  const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  // The integer's groups from the right: [3] for 1,234,567; [3, 2] for India's 12,34,567.
  const groups = parts.filter((p) => p.type === "integer").map((p) => p.value.length);
  const grouping = groups.length > 1 ? groups.slice(1).reverse() : [3];
  // What follows the number in a percentage: "%", or a narrow no-break space and "%" in French.
  const percent = new Intl.NumberFormat(lang, { style: "percent" })
    .formatToParts(0.5)
    .filter((p) => p.type === "literal" || p.type === "percentSign")
    .map((p) => p.value)
    .join("");
  const plain = new Intl.NumberFormat(lang, { useGrouping: false });
  const numerals = Array.from({ length: 10 }, (_, digit) => plain.format(digit));
  return {
    decimal: part("decimal", "."),
    thousands: part("group", ","),
    grouping,
    // A spec's "$" format: the brief names no currency, so none is written.
    currency: ["", ""],
    percent,
    ...(numerals.join("") === "0123456789" ? {} : { numerals }),
  };
}

// d3 counts dates in the Gregorian calendar (its month 0 is January), whatever the language's own: names
// and orders are read off that calendar, or a Persian chart would call 1 April فروردین.
const GREGORIAN = { timeZone: "UTC", calendar: "gregory" } as const;

// d3-time-format's locale: names from Intl (months and days as they stand alone, not "of January"), and
// its %c, %x and %X from the order Intl writes a numeric date and time in.
function timeLocale(lang: string): Record<string, unknown> {
  const names = (options: Intl.DateTimeFormatOptions, dates: number[]) => {
    const format = new Intl.DateTimeFormat(lang, { ...options, ...GREGORIAN });
    return dates.map((date) => format.format(date));
  };
  const months = Array.from({ length: 12 }, (_, month) => Date.UTC(2026, month, 1));
  // d3's weeks start on Sunday: 4 January 2026 is one.
  const days = Array.from({ length: 7 }, (_, day) => Date.UTC(2026, 0, 4 + day));
  const periods = new Intl.DateTimeFormat(lang, { hour: "numeric", hour12: true, ...GREGORIAN });
  const period = (hour: number) =>
    periods.formatToParts(Date.UTC(2026, 0, 1, hour)).find((p) => p.type === "dayPeriod")?.value ?? "";
  const date = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
  const time = { hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;
  return {
    dateTime: pattern(lang, { ...date, ...time }),
    date: pattern(lang, date),
    time: pattern(lang, time),
    periods: [period(1), period(13)],
    days: names({ weekday: "long" }, days),
    shortDays: names({ weekday: "short" }, days),
    months: names({ month: "long" }, months),
    shortMonths: names({ month: "short" }, months),
  };
}

// A numeric date or time as Intl orders it, in d3's directives: "%d/%m/%Y", "%H:%M:%S".
function pattern(lang: string, options: Intl.DateTimeFormatOptions): string {
  const format = new Intl.DateTimeFormat(lang, { ...options, ...GREGORIAN });
  const hour = format.resolvedOptions().hour12 ? "%I" : "%H";
  const directive: Record<string, string> = {
    year: "%Y",
    month: "%m",
    day: "%d",
    hour,
    minute: "%M",
    second: "%S",
    dayPeriod: "%p",
  };
  return format
    .formatToParts(Date.UTC(2026, 0, 2, 3, 4, 5))
    .map((p) => (p.type === "literal" ? p.value.replaceAll("%", "%%") : (directive[p.type] ?? "")))
    .join("");
}
