import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { makeProject, runCli } from "./helpers.ts";

// A native chart over dates (a temporal x) names its categories as dates, in the brief's language and in
// time order, as the deck's chart reads: not as the milliseconds vega counts them in.

// Months out of order in the file: the chart still runs from January.
const MONTHS = "month,troops\n2024-03-01,9000\n2024-01-01,12500\n2024-02-01,30000\n";
const SIDES =
  "month,troops,side\n2024-02-01,8000,south\n2024-01-01,7000,south\n2024-01-01,12500,north\n2024-02-01,30000,north\n";
const DAYS = "day,troops\n2024-01-05,100\n2024-02-14,250\n";

const chartBrief = (lang: string) => `title: Pledges
lang: ${lang}
slides:
  - layout: chart
    title: By month
    alt: Pledges rose, then fell.
    spec:
      data: { url: months.csv }
      mark: line
      encoding:
        x: { field: month, type: temporal }
        y: { field: troops, type: quantitative }
  - layout: chart
    title: By side
    alt: The north's pledges rose.
    spec:
      data: { url: sides.csv }
      mark: line
      encoding:
        x: { field: month, type: temporal }
        y: { field: troops, type: quantitative }
        color: { field: side, type: nominal }
  - layout: chart
    title: By day
    alt: More pledged in February.
    spec:
      data: { url: days.csv }
      mark: bar
      encoding:
        x: { field: day, type: temporal }
        y: { field: troops, type: quantitative }
  - layout: chart
    title: By year
    alt: More pledged in 2024.
    spec:
      data:
        values:
          - { year: "2024-01-01", troops: 300 }
          - { year: "2023-01-01", troops: 200 }
      mark: area
      encoding:
        x: { field: year, type: temporal }
        y: { field: troops, type: quantitative }
  - layout: chart
    title: Scattered
    alt: Pledges over time.
    spec:
      data: { url: days.csv }
      mark: point
      encoding:
        x: { field: day, type: temporal }
        y: { field: troops, type: quantitative }
`;

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
      "briefs/en.yaml": chartBrief("en"),
      "briefs/fr.yaml": chartBrief("fr"),
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
    const timed = `title: Times
lang: en
slides:
  - layout: chart
    title: By month
    alt: Pledges rose, then fell.
    spec:
      data: { url: months.csv }
      mark: line
      encoding:
        x: { field: month, type: temporal }
        y: { field: troops, type: quantitative }
  - layout: chart
    title: By hour
    alt: More pledged in the afternoon.
    spec:
      data:
        values:
          - { at: "2024-01-05T14:30:00Z", troops: 250 }
          - { at: "2024-01-05T09:30:00Z", troops: 100 }
      mark: bar
      encoding:
        y: { field: at, type: temporal, scale: { type: utc } }
        x: { field: troops, type: quantitative }
`;
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
