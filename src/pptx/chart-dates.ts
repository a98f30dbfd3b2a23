// A native chart's categories over dates: vega holds a temporal field's values as milliseconds (a data
// file's rows come back parsed) or as the spec's own strings; PowerPoint shows a category as the text it
// is given. So each date is written as text in the brief's language, as precisely as the data is dated:
// "2024" for years, "févr. 2024" for months, "14 févr. 2024" for days, with the time when there is one.

/** A temporal value's time (ms), as vega reads it: a number as is, a Date, else the text Date.parse reads. */
export function timeOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.getTime();
  return Date.parse(String(value));
}

/**
 * Writes `times` (ms) as dates in `lang`. Dates that are all midnight in UTC (a file's "2024-02-01") are
 * read in UTC, so they name the day written whatever the machine's zone; else in the scale's zone (vega's
 * time scale is local). The calendar is the Gregorian, as the deck's chart counts dates (chart-locale.ts).
 */
export function dateLabels(times: number[], lang: string, utc: boolean): string[] {
  const zone = utc || times.every((t) => t % 86_400_000 === 0) ? "UTC" : undefined;
  const parts = (t: number) => {
    const d = new Date(t);
    return zone === "UTC"
      ? { month: d.getUTCMonth(), day: d.getUTCDate(), clock: t % 86_400_000 }
      : {
          month: d.getMonth(),
          day: d.getDate(),
          clock: d.getHours() + d.getMinutes() + d.getSeconds() + d.getMilliseconds(),
        };
  };
  const dated = times.filter(Number.isFinite).map(parts);
  const midnight = dated.every((p) => p.clock === 0);
  const options: Intl.DateTimeFormatOptions =
    midnight && dated.every((p) => p.month === 0 && p.day === 1)
      ? { year: "numeric" }
      : midnight && dated.every((p) => p.day === 1)
        ? { year: "numeric", month: "short" }
        : midnight
          ? { dateStyle: "medium" }
          : { dateStyle: "medium", timeStyle: "short" };
  const format = new Intl.DateTimeFormat(lang, { ...options, calendar: "gregory", timeZone: zone });
  return times.map((t) => (Number.isFinite(t) ? format.format(t) : ""));
}
