import type { Brief, Slide } from "../brief/brief.ts";
import {
  dayOf,
  formatPartialDate,
  parsePartialDate,
  shortMonth,
  shortPartialDate,
  shortSpan,
  yearLabel,
} from "../brief/partial-date.ts";
import { eventPeriod } from "../brief/validate-data-layouts.ts";
import { localeFor } from "../messages/locale.ts";

// What the timeline and figures templates see (and the PowerPoint draws from): every event placed on
// one axis at build time, so the deck needs no script, and each number with its unit and comparison.

type Render = (markdown: string | undefined) => unknown;
/** How the view renders labels, running text and a list of citations (as the deck's HTML). */
export interface Renderers {
  label: Render;
  prose: Render;
  cites: (keys: readonly string[]) => unknown;
}

/** One event on the axis: where it starts (and how wide a span is), as percentages of the axis. */
export interface PlacedEvent {
  number: number;
  span: boolean;
  left: string;
  width: string | null;
  lane: string | null;
  /** The dates in full ("June 2023 – September 2024"), for the PowerPoint and the card's `datetime`. */
  when: string;
  /** The dates as the card shows them: "Jun 2023 – Sep 2024". */
  short: string;
  /** The machine-readable start, for `<time datetime>`. */
  datetime: string;
}

/** The axis and the events placed on it, each lane a row in the order lanes are first used. */
export interface TimelinePlan {
  events: PlacedEvent[];
  lanes: Array<{ name: string | null; events: PlacedEvent[] }>;
  ticks: Array<{ left: string; label: string; at: number }>;
  now: { left: string; at: number; date: string; end: boolean } | null;
  /** The axis's first and last day, in days since 1970. */
  min: number;
  max: number;
}

/** Places a timeline's events on an axis that covers them (and the brief's date, marked "now"). */
export function planTimeline(slide: Slide & { layout: "timeline" }, brief: Brief): TimelinePlan {
  const periods = slide.events.map((e) => eventPeriod(e));
  const briefDate = brief.date === undefined ? undefined : parsePartialDate(brief.date);
  const nowDay = slide.now === false ? undefined : briefDate?.start;
  const days = periods.flatMap((p) =>
    p === undefined ? [] : [p.from.start, p.span ? p.to.end : p.from.start],
  );
  if (nowDay !== undefined) days.push(nowDay);
  let min = Math.min(...days);
  let max = Math.max(...days);
  const pad = Math.max((max - min) * 0.06, 20);
  min -= pad;
  max += pad;
  const { lang } = brief;
  const { t } = localeFor(lang);
  const span = (from: string, to: string) => t("timeline.span", { from, to });
  const pct = (day: number) => `${(((day - min) / (max - min)) * 100).toFixed(2)}%`;
  const events = slide.events.map((event, i): PlacedEvent => {
    const p = periods[i];
    const from = p?.from.start ?? min;
    const to = p?.span ? p.to.end : from;
    const when =
      p === undefined
        ? ""
        : p.span
          ? span(formatPartialDate(p.from, lang), formatPartialDate(p.to, lang))
          : formatPartialDate(p.from, lang);
    return {
      number: i + 1,
      span: p?.span === true,
      left: pct(from),
      width: p?.span ? `${(((to - from) / (max - min)) * 100).toFixed(2)}%` : null,
      lane: event.lane ?? null,
      when,
      short:
        p === undefined ? "" : p.span ? shortSpan(p.from, p.to, lang, span) : shortPartialDate(p.from, lang),
      datetime: p?.from.text ?? "",
    };
  });
  const names = [...new Set(events.map((e) => e.lane))];
  return {
    events,
    lanes: names.map((name) => ({ name, events: events.filter((e) => e.lane === name) })),
    // A tick too near either end would hang its label off the axis.
    ticks: ticksBetween(min, max, lang)
      .filter((t) => (t.at - min) / (max - min) >= 0.01 && (t.at - min) / (max - min) <= 0.98)
      .map((t) => ({ ...t, left: pct(t.at) })),
    now:
      nowDay === undefined || briefDate === undefined
        ? null
        : {
            left: pct(nowDay),
            at: nowDay,
            date: formatPartialDate(briefDate, lang),
            // Near the axis's end, the word goes before the line so it stays on the slide.
            end: (nowDay - min) / (max - min) > 0.8,
          },
    min,
    max,
  };
}

// Years (every 1, 2, 5, 10… years) for a long axis, else months (every 1, 2, 3, 6), at most seven.
function ticksBetween(min: number, max: number, lang: string): Array<{ at: number; label: string }> {
  const first = new Date(min * 86_400_000).getUTCFullYear();
  const last = new Date(max * 86_400_000).getUTCFullYear();
  if ((max - min) / 365.25 >= 3) {
    const step = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500].find((s) => (last - first) / s <= 7) ?? 1000;
    const ticks = [];
    for (let year = Math.ceil(first / step) * step; year <= last; year += step) ticks.push(year);
    return ticks
      .map((year) => ({ at: dayOf(year), label: yearLabel(year, lang) }))
      .filter((t) => t.at >= min);
  }
  const months: Array<{ year: number; month: number }> = [];
  for (let year = first; year <= last; year++)
    for (let month = 1; month <= 12; month++) {
      const at = dayOf(year, month);
      if (at >= min && at <= max) months.push({ year, month });
    }
  const step = [1, 2, 3, 6, 12].find((s) => months.length / s <= 7) ?? 12;
  return months
    .filter((m) => (m.month - 1) % step === 0)
    .map((m) => ({ at: dayOf(m.year, m.month), label: shortMonth(m.year, m.month, lang) }));
}

/** What the timeline template sees: the plan, each event's text, and its citations after its label. */
export function timelineView(
  slide: Slide & { layout: "timeline" },
  brief: Brief,
  { label, prose, cites }: Renderers,
) {
  const plan = planTimeline(slide, brief);
  const named = plan.lanes.some((l) => l.name !== null);
  return {
    lanes: plan.lanes,
    named,
    ticks: plan.ticks,
    now: plan.now,
    // Up to four events side by side; five to eight in two rows.
    columns: slide.events.length <= 4 ? slide.events.length : Math.ceil(slide.events.length / 2),
    events: slide.events.map((event, i) => ({
      ...plan.events[i],
      label: label(event.label),
      citations: cites(citeKeys(event.cite)),
      detail: prose(event.detail),
    })),
  };
}

/** What the figures template sees: each number with its unit, label, citations and comparison. */
export function figuresView(slide: Slide & { layout: "figures" }, { label, prose, cites }: Renderers) {
  return {
    columns: slide.items.length <= 4 ? slide.items.length : 3,
    items: slide.items.map((item) => ({
      value: String(item.value),
      unit: item.unit ?? null,
      // "62%", but "4.2 bn EUR".
      tight: item.unit !== undefined && /^[%\u2030\u00b0\u2032\u2033]/.test(item.unit),
      label: label(item.label),
      citations: cites(citeKeys(item.cite)),
      compare: prose(item.compare),
    })),
  };
}

/** An item's `cite` as a list of keys. */
export function citeKeys(cite: string | readonly string[] | undefined): readonly string[] {
  return cite === undefined ? [] : typeof cite === "string" ? [cite] : cite;
}
