import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { chartBrief, chartSlide, dataSpec } from "./chart-helpers.ts";
import { makeProject, runCli } from "./helpers.ts";

// A native chart over dates (a temporal x) names its categories as dates, in the brief's language and in
// time order, as the deck's chart reads: not as the milliseconds vega counts them in.

// Months out of order in the file: the chart still runs from January.
const MONTHS = "month,troops\n2024-03-01,9000\n2024-01-01,12500\n2024-02-01,30000\n";
const SIDES =
  "month,troops,side\n2024-02-01,8000,south\n2024-01-01,7000,south\n2024-01-01,12500,north\n2024-02-01,30000,north\n";
const DAYS = "day,troops\n2024-01-05,100\n2024-02-14,250\n";

const temporal = (field: string) => `{ field: ${field}, type: temporal }`;
const troops = "{ field: troops, type: quantitative }";
const BY_MONTH = chartSlide(
  "By month",
  "Pledges rose, then fell.",
  dataSpec("months.csv", "line", { x: temporal("month"), y: troops }),
);
const briefIn = (lang: string) =>
  chartBrief(
    lang,
    BY_MONTH,
    chartSlide(
      "By side",
      "The north's pledges rose.",
      dataSpec("sides.csv", "line", {
        x: temporal("month"),
        y: troops,
        color: "{ field: side, type: nominal }",
      }),
    ),
    chartSlide(
      "By day",
      "More pledged in February.",
      dataSpec("days.csv", "bar", { x: temporal("day"), y: troops }),
    ),
    chartSlide(
      "By year",
      "More pledged in 2024.",
      `      data:
        values:
          - { year: "2024-01-01", troops: 300 }
          - { year: "2023-01-01", troops: 200 }
      mark: area
      encoding:
        x: ${temporal("year")}
        y: ${troops}
`,
    ),
    chartSlide(
      "Scattered",
      "Pledges over time.",
      dataSpec("days.csv", "point", { x: temporal("day"), y: troops }),
    ),
  );

/** Each native chart's category labels (its first series'), in slide order, and how many pictures. */
async function categories(project: string, name: string) {
  const zip = await JSZip.loadAsync(readFileSync(join(project, `dist/${name}.pptx`)));
  const number = (f: string) => Number(/(\d+)\.xml$/.exec(f)?.[1]);
  const files = Object.keys(zip.files)
    .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
    .sort((a, b) => number(a) - number(b));
  const labels = await Promise.all(
    files.map(async (file) => {
      const xml = (await zip.file(file)?.async("string")) ?? "";
      const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(xml)?.[1] ?? "";
      return [...cat.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
    }),
  );
  const slide5 = (await zip.file("ppt/slides/slide5.xml")?.async("string")) ?? "";
  return { labels, scatterIsPicture: /<p:pic>/.test(slide5) && !/<p:graphicFrame>/.test(slide5) };
}

describe("native charts over dates in the PowerPoint", () => {
  it("name their categories as dates in the brief's language, in time order; a dated scatter is its picture", async () => {
    const project = makeProject({
      "briefs/en.yaml": briefIn("en"),
      "briefs/fr.yaml": briefIn("fr"),
      "briefs/months.csv": MONTHS,
      "briefs/sides.csv": SIDES,
      "briefs/days.csv": DAYS,
    });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const en = await categories(project, "en");
    expect(en.labels).toEqual([
      ["Jan 2024", "Feb 2024", "Mar 2024"],
      ["Jan 2024", "Feb 2024"],
      ["Jan 5, 2024", "Feb 14, 2024"],
      ["2023", "2024"],
    ]);
    const fr = await categories(project, "fr");
    expect(fr.labels).toEqual([
      ["janv. 2024", "févr. 2024", "mars 2024"],
      ["janv. 2024", "févr. 2024"],
      ["5 janv. 2024", "14 févr. 2024"],
      ["2023", "2024"],
    ]);
    for (const labels of [...en.labels, ...fr.labels].flat()) expect(labels).not.toMatch(/^\d{6,}$/);
    // A scatter's x is a value axis, which names numbers: over dates, the deck's picture.
    expect(en.scatterIsPicture).toBe(true);
    expect(fr.scatterIsPicture).toBe(true);
  });
});

describe("native charts over dates, built west of Greenwich", () => {
  it("name a file's dates as written, and a UTC scale's times in UTC, whatever the machine's zone", async () => {
    const timed = chartBrief(
      "en",
      BY_MONTH,
      chartSlide(
        "By hour",
        "More pledged in the afternoon.",
        `      data:
        values:
          - { at: "2024-01-05T14:30:00Z", troops: 250 }
          - { at: "2024-01-05T09:30:00Z", troops: 100 }
      mark: bar
      encoding:
        y: { field: at, type: temporal, scale: { type: utc } }
        x: ${troops}
`,
      ),
    );
    const project = makeProject({ "briefs/times.yaml": timed, "briefs/months.csv": MONTHS });
    const zone = process.env.TZ;
    // Midnight UTC on 1 February is 7 pm on 31 January in New York.
    process.env.TZ = "America/New_York";
    try {
      const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], project);
      expect(code, stderr).toBe(0);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const { labels } = await categories(project, "times");
    expect(labels[0]).toEqual(["Jan 2024", "Feb 2024", "Mar 2024"]);
    expect(labels[1]?.map((l) => l?.replace(/\s/g, " "))).toEqual([
      "Jan 5, 2024, 9:30 AM",
      "Jan 5, 2024, 2:30 PM",
    ]);
  });
});
