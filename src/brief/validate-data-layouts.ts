import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import type { Brief, Slide } from "./brief.ts";
import { MAX_EVENTS, MAX_FIGURES, MAX_LANES, MIN_FIGURES } from "./data-layouts-schema.ts";
import { formatPartialDate, type PartialDate, parsePartialDate } from "./partial-date.ts";
import { findNode, startOf } from "./yaml-position.ts";

// What the schema cannot say about timeline and figures slides: each event's date (a calendar date; a
// `date`, or `from` and `to`), the events in date order, spans that end after they start, and how many
// events, lanes and numbers fit on a slide. Also their `cite` keys, which are citations like `[@key]`.

type Path = Array<string | number>;
type Cite = (key: string, at: Position) => Diagnostic | undefined;
const DATE_HINT = "write it as YYYY, YYYY-MM or YYYY-MM-DD, for example 2024-03";

/** The source keys a slide's items name in `cite`, with the path of each, in reading order. */
export function citedKeys(slide: Slide): Array<{ path: Path; key: string }> {
  const items = slide.layout === "timeline" ? slide.events : slide.layout === "figures" ? slide.items : [];
  const list = slide.layout === "timeline" ? "events" : "items";
  return items.flatMap((item, i) => {
    if (item.cite === undefined) return [];
    if (typeof item.cite === "string") return [{ path: [list, i, "cite"], key: item.cite }];
    return item.cite.map((key, j) => ({ path: [list, i, "cite", j], key }));
  });
}

/** The `cite` keys shown right after a Markdown field (an event's or a figure's label), in order. */
export function citationsAfter(slide: Slide, path: readonly (string | number)[]): string[] {
  if (path.length !== 3 || path[2] !== "label") return [];
  return citedKeys(slide)
    .filter((c) => c.path[0] === path[0] && c.path[1] === path[1])
    .map((c) => c.key);
}

/** The dates of a timeline's event: its start and end (the same period for a dated event). */
export function eventPeriod(event: {
  date?: string | number | undefined;
  from?: string | number | undefined;
  to?: string | number | undefined;
}): { from: PartialDate; to: PartialDate; span: boolean } | undefined {
  const from = parsePartialDate(event.date ?? event.from ?? "");
  const to = parsePartialDate(event.date ?? event.to ?? "");
  return from === undefined || to === undefined ? undefined : { from, to, span: event.date === undefined };
}

/** A timeline's or figures slide's problems, positioned; `cite` checks a source key. */
export function checkDataLayout(slide: Slide, brief: Brief, cite: Cite): Diagnostic[] {
  if (slide.layout !== "timeline" && slide.layout !== "figures") return [];
  const base: Path = ["slides", slide.index];
  const at = (path: Path) => brief.locator.at(startOf(findNode(brief.root, [...base, ...path]).node));
  const diagnostics: Diagnostic[] = [];
  for (const { path, key } of citedKeys(slide)) {
    const problem = cite(key, at(path));
    if (problem !== undefined) diagnostics.push(problem);
  }
  if (slide.layout === "figures") {
    const n = slide.items.length;
    if (n < MIN_FIGURES || n > MAX_FIGURES) {
      const where = n > MAX_FIGURES ? at(["items", MAX_FIGURES]) : at(["items"]);
      const message = `a figures slide shows ${MIN_FIGURES} to ${MAX_FIGURES} numbers; this one has ${n}`;
      const hint =
        n > MAX_FIGURES
          ? `keep the ${MAX_FIGURES} that matter most, or split them across two figures slides`
          : "add a number, or put one or two numbers in a bullets or text slide";
      diagnostics.push(diagnose("figures-count", message, where, hint));
    }
    return diagnostics;
  }
  diagnostics.push(...checkEvents(slide, at));
  return diagnostics;
}

function checkEvents(slide: Slide & { layout: "timeline" }, at: (path: Path) => Position): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { events } = slide;
  if (events.length > MAX_EVENTS) {
    const message = `a timeline shows at most ${MAX_EVENTS} events; this one has ${events.length}`;
    const hint = `split it across two timeline slides (the first ${MAX_EVENTS} here), or move minor events into the notes`;
    diagnostics.push(diagnose("timeline-too-full", message, at(["events", MAX_EVENTS]), hint));
  }
  const lanes = [...new Set(events.flatMap((e) => (e.lane === undefined ? [] : [e.lane])))];
  if (lanes.length > MAX_LANES) {
    const i = events.findIndex((e) => e.lane === lanes[MAX_LANES]);
    const message = `a timeline has at most ${MAX_LANES} lanes; "${lanes[MAX_LANES]}" is lane ${MAX_LANES + 1}`;
    const hint = "group the events into fewer lanes, or split the timeline by lane across slides";
    diagnostics.push(diagnose("timeline-too-full", message, at(["events", i, "lane"]), hint));
  }
  let latest: { date: PartialDate; index: number } | undefined;
  events.forEach((event, i) => {
    const path: Path = ["events", i];
    const keys = (["date", "from", "to"] as const).filter((k) => event[k] !== undefined);
    const shape = eventShapeProblem(keys);
    if (shape !== undefined) {
      diagnostics.push(
        diagnose(
          "event-date",
          shape.message,
          at(shape.key === undefined ? path : [...path, shape.key]),
          shape.hint,
        ),
      );
      return;
    }
    const bad = keys.find((k) => parsePartialDate(event[k] ?? "") === undefined);
    if (bad !== undefined) {
      const message = `"${String(event[bad])}" is not a valid date`;
      diagnostics.push(diagnose("bad-date", message, at([...path, bad]), DATE_HINT));
      return;
    }
    const period = eventPeriod(event);
    if (period === undefined) return;
    if (period.span && period.to.end <= period.from.start) {
      const message = `the span "${event.label}" ends (${period.to.text}) before it starts (${period.from.text})`;
      diagnostics.push(diagnose("event-date", message, at([...path, "to"]), "swap `from` and `to`"));
    }
    if (latest !== undefined && period.from.start < latest.date.start) {
      const later = events.findIndex((e) => (eventPeriod(e)?.from.start ?? -Infinity) > period.from.start);
      const other = events[later]?.label ?? "";
      const when = formatPartialDate(period.from);
      const message = `event "${event.label}" (${when}) is listed after "${events[latest.index]?.label}" (${formatPartialDate(latest.date)}) but comes before it`;
      const hint = `list the events in date order: move this one above "${other}" (event ${later + 1}), or correct its date`;
      diagnostics.push(
        diagnose("event-order", message, at([...path, event.date === undefined ? "from" : "date"]), hint),
      );
    }
    if (latest === undefined || period.from.start >= latest.date.start)
      latest = { date: period.from, index: i };
  });
  return diagnostics;
}

function eventShapeProblem(
  keys: ReadonlyArray<"date" | "from" | "to">,
): { message: string; key?: string; hint: string } | undefined {
  const has = (k: string) => keys.includes(k as never);
  if (has("date") && (has("from") || has("to")))
    return {
      message: 'an event has either "date" or "from" and "to", not both',
      key: has("from") ? "from" : "to",
      hint: 'keep "date" for a moment, or "from" and "to" for a span',
    };
  if (has("from") && !has("to"))
    return {
      message: 'the span has "from" but no "to"',
      key: "from",
      hint: 'add "to:" with the date it ended',
    };
  if (has("to") && !has("from"))
    return {
      message: 'the span has "to" but no "from"',
      key: "to",
      hint: 'add "from:" with the date it began',
    };
  if (keys.length === 0)
    return {
      message: 'the event has no date: give it "date", or "from" and "to" for a span',
      hint: "add date: YYYY, YYYY-MM or YYYY-MM-DD",
    };
  return undefined;
}
