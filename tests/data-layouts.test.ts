import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { brief, makeProject, read, runCli, validateSource } from "./helpers.ts";
import { pageTexts, squash } from "./pdf-helpers.ts";
import { readPptx } from "./pptx-helpers.ts";

// The timeline and figures layouts (issue 16): their checks at the event or item they are about, and
// what the deck, the PDF and the PowerPoint show.

const SOURCES =
  "sources:\n  alpha: { title: Alpha report, published: 2025-01-10 }\n  beta: { title: Beta note, published: 2025-03-02 }\n";

/** A timeline slide with the given events (YAML lines under `events:`). */
function timeline(events: string, extra = ""): string {
  return brief(`  - layout: timeline\n    title: Road to a force\n${extra}    events:\n${events}`, SOURCES);
}

/** The diagnostics of a brief as `code line:col message | hint`. */
function problems(source: string): string[] {
  return validateSource(source).diagnostics.map(
    (d) => `${d.code} ${d.line}:${d.column} ${d.message} | ${d.hint}`,
  );
}

const CITED = "  - layout: sources\n";

describe("timeline checks", () => {
  it("names the event listed out of date order, at its date, and says where it belongs", () => {
    const source = timeline(
      [
        "      - { date: 2022-02-24, label: Invasion, cite: alpha }",
        "      - { date: 2025-03, label: Coalition proposed, cite: beta }",
        "      - { date: 2024, label: Stalemate }",
        "",
      ].join("\n"),
    );
    const found = problems(`${source}${CITED}`);
    expect(found).toEqual([
      expect.stringMatching(
        /^event-order 14:17 event "Stalemate" \(2024\) is listed after "Coalition proposed" \(March 2025\) but comes before it \| list the events in date order: move this one above "Coalition proposed" \(event 2\), or correct its date$/,
      ),
    ]);
  });

  it("reports a date that is not a year, month or day, a span that ends before it starts, and an event without a date", () => {
    const source = timeline(
      [
        '      - { date: "March 2024", label: Talks, cite: alpha }',
        "      - { date: 2024-02-30, label: Not a day }",
        "      - { from: 2024-06, to: 2023, label: Backwards, cite: beta }",
        "      - { label: Undated }",
        "      - { from: 2025, label: Open-ended }",
        "",
      ].join("\n"),
    );
    const found = problems(`${source}${CITED}`);
    expect(found).toEqual([
      'bad-date 12:17 "March 2024" is not a valid date | write it as YYYY, YYYY-MM or YYYY-MM-DD, for example 2024-03',
      'bad-date 13:17 "2024-02-30" is not a valid date | write it as YYYY, YYYY-MM or YYYY-MM-DD, for example 2024-03',
      'event-date 14:30 the span "Backwards" ends (2023) before it starts (2024-06) | swap `from` and `to`',
      'event-date 15:9 the event has no date: give it "date", or "from" and "to" for a span | add date: YYYY, YYYY-MM or YYYY-MM-DD',
      'event-date 16:17 the span has "from" but no "to" | add "to:" with the date it ended',
    ]);
  });

  it("refuses more than eight events at the ninth, and more than four lanes at the fifth", () => {
    const events = Array.from(
      { length: 9 },
      (_, i) => `      - { date: ${2010 + i}, label: Event ${i + 1}, lane: L${i} }\n`,
    );
    const found = problems(`${timeline(events.join(""))}`);
    expect(found).toContainEqual(
      "timeline-too-full 20:9 a timeline shows at most 8 events; this one has 9 | split it across two timeline slides (the first 8 here), or move minor events into the notes",
    );
    expect(found).toContainEqual(
      'timeline-too-full 16:45 a timeline has at most 4 lanes; "L4" is lane 5 | group the events into fewer lanes, or split the timeline by lane across slides',
    );
  });

  it("checks cite keys like [@key] citations, and counts them as citing their source", () => {
    const source = timeline("      - { date: 2024, label: Talks, cite: [alpha, gamma] }\n");
    const found = problems(`${source}${CITED}`);
    // beta is never cited; alpha is, by its cite key alone; gamma is not a source.
    expect(found.map((f) => f.split(" |")[0])).toEqual([
      'unused-source 7:3 source "beta" is never cited',
      'unknown-citation 12:51 citation "@gamma" names no source',
    ]);
  });
});

describe("figures checks", () => {
  const figures = (n: number) =>
    brief(
      `  - layout: figures\n    title: By the numbers\n    items:\n${Array.from(
        { length: n },
        (_, i) => `      - { value: ${i + 1}, label: Figure ${i + 1} }\n`,
      ).join("")}`,
    );

  it("takes three to six numbers", () => {
    for (const n of [3, 6]) expect(problems(figures(n))).toEqual([]);
  });

  it("refuses two numbers at the list and seven at the seventh, with what to do", () => {
    expect(problems(figures(2))).toEqual([
      "figures-count 9:7 a figures slide shows 3 to 6 numbers; this one has 2 | add a number, or put one or two numbers in a bullets or text slide",
    ]);
    expect(problems(figures(7))).toEqual([
      "figures-count 15:9 a figures slide shows 3 to 6 numbers; this one has 7 | keep the 6 that matter most, or split them across two figures slides",
    ]);
  });

  it("prints the diagnostic at file:line:col through check", async () => {
    const dir = makeProject({ "briefs/few.yaml": figures(2) });
    const { code, stderr } = await runCli(["check", "--no-browser"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/few.yaml:9:7 error figures-count  a figures slide shows 3 to 6 numbers");
  });
});

const BRIEF = brief(
  [
    "  - layout: timeline",
    "    title: Road to a force",
    "    events:",
    "      - { date: 2022-02-24, label: Full-scale invasion, lane: Conflict, cite: alpha }",
    "      - { from: 2023-06, to: 2024-09, label: Counter-offensive, lane: Conflict }",
    "      - { date: 2025-03, label: Coalition proposed, detail: Paris and London lead, lane: Diplomacy, cite: [beta, alpha] }",
    "  - layout: figures",
    "    title: By the numbers",
    "    items:",
    "      - { value: 3, label: Principles, cite: alpha }",
    '      - { value: "30,000", unit: troops, label: Proposed force, compare: "+50% on the first plan" }',
    '      - { value: "0", unit: of 3, label: Principles met, cite: beta }',
    "  - layout: sources",
    "",
  ].join("\n"),
  SOURCES,
);

describe("the deck's timeline and figures", () => {
  let html = "";
  beforeAll(async () => {
    const dir = makeProject({ "briefs/data.yaml": BRIEF });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).not.toMatch(/warning|error/);
    expect(code).toBe(0);
    html = read(join(dir, "dist/data.html"));
  });

  it("lists the events in date order for screen readers, each with its date, lane and citations", () => {
    const list = /<ol class="bd-events"[^>]*>(.*?)<\/ol>/s.exec(html)?.[1] ?? "";
    const items = [...list.matchAll(/<li class="bd-event[^"]*">(.*?)<\/li>/gs)].map((m) =>
      squash(
        (m[1] ?? "")
          .replace(/<span class="bd-event-key" aria-hidden="true">\d+<\/span>/, "")
          .replace(/<[^>]+>/g, " "),
      ),
    );
    expect(items).toEqual([
      "24 Feb 2022 · Conflict Full-scale invasion [1]",
      "Jun 2023 – Sept 2024 · Conflict Counter-offensive",
      "Mar 2025 · Diplomacy Coalition proposed [2] [1] Paris and London lead",
    ]);
    // The drawing is for the eye: the list says it all, and the brief's date is read out as "now".
    expect(html).toMatch(/<div class="bd-timeline-track" aria-hidden="true">/);
    expect(html).toContain('<p class="bd-visually-hidden">Now: 25 November 2026</p>');
  });

  it("draws one lane per name with numbered markers, a span as a bar, year ticks and now", () => {
    expect([...html.matchAll(/<span class="bd-lane-name">([^<]*)<\/span>/g)].map((m) => m[1])).toEqual([
      "Conflict",
      "Diplomacy",
    ]);
    expect(html.match(/<div class="bd-lane">/g)).toHaveLength(2);
    expect(html).toMatch(
      /<span class="bd-span" style="inset-inline-start: [\d.]+%; width: [\d.]+%"><span class="bd-event-key">2<\/span>/,
    );
    const ticks = [
      ...html.matchAll(/<span class="bd-tick" style="inset-inline-start: ([\d.]+)%">(\d+)<\/span>/g),
    ];
    // The axis reaches past the brief's date (25 November 2026), "now".
    expect(ticks.map((t) => t[2])).toEqual(["2022", "2023", "2024", "2025", "2026", "2027"]);
    // Left to right: the markers, the span and "now" sit where their dates fall between the ticks.
    const left = (re: RegExp) => Number(re.exec(html)?.[1]);
    const invasion = left(/class="bd-marker bd-event-key" style="inset-inline-start: ([\d.]+)%">1</);
    const now = left(/class="bd-now[^"]*" style="inset-inline-start: ([\d.]+)%"/);
    expect(invasion).toBeGreaterThan(Number(ticks[0]?.[1]));
    expect(invasion).toBeLessThan(Number(ticks[1]?.[1]));
    expect(now).toBeGreaterThan(Number(ticks[4]?.[1]));
    expect(now).toBeLessThan(Number(ticks[5]?.[1]));
  });

  it("shows each figure's value, unit, label with its citation, and comparison, in a list", () => {
    const list = /<ul class="bd-figures"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
    const items = [...list.matchAll(/<li class="bd-figure">(.*?)<\/li>/gs)].map((m) =>
      squash((m[1] ?? "").replace(/<[^>]+>/g, " ")),
    );
    expect(items).toEqual([
      "3 Principles [1]",
      "30,000 troops Proposed force +50% on the first plan",
      "0 of 3 Principles met [2]",
    ]);
  });
});

describe.runIf(browserAvailable())("the timeline and figures in the PDF and the PowerPoint", () => {
  let dir = "";
  beforeAll(async () => {
    dir = makeProject({ "briefs/data.yaml": BRIEF });
    const { code, stderr } = await runCli(["build", "--pptx"], dir);
    expect(stderr).not.toMatch(/warning|error/);
    expect(code).toBe(0);
  }, 120_000);

  it("prints the events, the axis, now and the figures as text", () => {
    const [timelinePage, figuresPage] = pageTexts(join(dir, "dist/data.pdf")).map(squash);
    for (const text of ["Road to a force", "Conflict", "Diplomacy", "2023", "NOW", "Jun 2023 – Sept 2024"])
      expect(timelinePage).toContain(text);
    expect(timelinePage).toContain("Coalition proposed [2] [1]");
    for (const text of ["30,000 troops", "Proposed force", "+50% on the first plan"])
      expect(figuresPage).toContain(text);
  });

  it("draws the timeline as native shapes and the figures as text boxes", async () => {
    const { slides } = await readPptx(join(dir, "dist/data.pptx"));
    const [timelineSlide, figuresSlide] = slides;
    const xml = timelineSlide?.xml ?? "";
    // The heading's rule, two lane lines, the axis and the dashed now line; a marker per moment and a
    // bar for the span.
    expect(xml.match(/<a:prstGeom prst="line">/g)).toHaveLength(5);
    expect(xml).toMatch(/<a:prstDash val="dash"\/>/);
    expect(xml.match(/<a:prstGeom prst="ellipse">/g)?.length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('<a:prstGeom prst="roundRect">');
    expect(timelineSlide?.text).toContain("Conflict");
    expect(timelineSlide?.text).toContain("NOW");
    expect(timelineSlide?.text).toContain("Jun 2023 – Sept 2024 · Conflict Counter-offensive");
    expect(xml).toMatch(
      /Coalition proposed<\/a:t>.*?baseline="30000"[^>]*>(?:(?!<a:t>).)*<a:t>\[2\]<\/a:t>/s,
    );
    expect(figuresSlide?.text).toContain("30,000 troops Proposed force +50% on the first plan");
    expect(figuresSlide?.xml.match(/name="Figure"/g)).toHaveLength(3);
  });
});
