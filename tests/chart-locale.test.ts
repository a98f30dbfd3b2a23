import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, read, runCli } from "./helpers.ts";

// A chart writes its numbers and dates in the brief's language, as the deck's own text does
// (src/render/chart-locale.ts).

const CSV = "month,troops\n2024-01-01,12500\n2025-06-01,30000\n2026-12-01,5000\n";

const chartBrief = (lang: string) => `title: Pledges
lang: ${lang}
slides:
  - layout: chart
    title: Pledges
    alt: Pledges rose, then fell.
    spec:
      data: { url: pledges.csv }
      mark: line
      encoding:
        x: { field: month, type: temporal }
        y: { field: troops, type: quantitative }
`;

/** The text of every label in each brief's chart, by language. */
async function chartLabels(langs: string[]): Promise<Map<string, string[]>> {
  const files = Object.fromEntries(langs.map((lang) => [`briefs/${lang}.yaml`, chartBrief(lang)]));
  const project = makeProject({ ...files, "briefs/pledges.csv": CSV });
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
  return new Map(
    langs.map((lang) => {
      const svg = /<svg\b[\s\S]*?<\/svg>/.exec(read(join(project, `dist/${lang}.html`)))?.[0] ?? "";
      return [lang, [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? "")];
    }),
  );
}

describe("a chart in the brief's language", () => {
  it("writes thousands, months and days the way the language does, and English as vega does", async () => {
    const labels = await chartLabels(["fr", "de", "uk", "en"]);
    // French groups thousands with a narrow no-break space, German with a full stop.
    expect(labels.get("fr")).toEqual(expect.arrayContaining(["10\u202f000", "février", "décembre"]));
    expect(labels.get("de")).toEqual(expect.arrayContaining(["10.000", "Februar", "März"]));
    // A month named on its own, as an axis names it: лютий, not "of February" (лютого).
    expect(labels.get("uk")).toEqual(expect.arrayContaining(["лютий", "березень"]));
    expect(labels.get("uk")).not.toContain("лютого");
    expect(labels.get("en")).toEqual(expect.arrayContaining(["10,000", "February", "December"]));
  });
});

describe("a chart in a language whose calendar is not the Gregorian one", () => {
  it("names the months its axis marks, not the months of that calendar they fall in (Persian)", async () => {
    const labels = await chartLabels(["fa", "ps"]);
    // The axis marks the first of every month: April, July and October are آوریل, ژوئیه, اکتبر in Persian.
    // The Persian calendar's months those days fall in (فروردین, تیر, مهر) would date every mark wrongly.
    expect(labels.get("fa")).toEqual(expect.arrayContaining(["آوریل", "ژوئیه", "اکتبر"]));
    for (const wrong of ["فروردین", "تیر", "مهر"]) expect(labels.get("fa")).not.toContain(wrong);
    // Pashto too: the solar calendar's چنگاښ is not July.
    expect(labels.get("ps")).not.toContain("چنگاښ");
  });
});

describe("a chart in English with other digits", () => {
  it("writes the digits the tag asks for (en-u-nu-arab), though US English is otherwise vega's default", async () => {
    const labels = await chartLabels(["en-u-nu-arab"]);
    expect(labels.get("en-u-nu-arab")).toEqual(expect.arrayContaining(["١٠٬٠٠٠", "February"]));
  });
});
