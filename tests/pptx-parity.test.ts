import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { CHART_SLIDE } from "./chart-helpers.ts";
import { brief, EVERY_LAYOUT, makeProject, runCli } from "./helpers.ts";
import { type PptxSlide, readPptx } from "./pptx-helpers.ts";

// The PowerPoint shows what the deck shows: each difference a colleague saw between the deck's PDF and
// the .pptx (converted by LibreOffice), read back from the slide XML as any reader would.

/** One text run of a slide's XML: its text and its run properties (`<a:rPr …>` and what it holds). */
interface XmlRun {
  text: string;
  props: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

function runsOf(xml: string): XmlRun[] {
  return [...xml.matchAll(/<a:r>(<a:rPr[^>]*?(?:\/>|>.*?<\/a:rPr>))?<a:t>([^<]*)<\/a:t><\/a:r>/gs)].map(
    (m) => ({
      props: m[1] ?? "",
      text: (m[2] ?? "").replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ENTITIES[e] ?? ""),
    }),
  );
}

/** The texts of the longest stretches of consecutive runs that `test` holds for. */
function spans(runs: XmlRun[], test: (run: XmlRun) => boolean): string[] {
  return runs
    .map((r) => (test(r) ? r.text : "\u0000"))
    .join("")
    .split("\u0000")
    .filter((s) => s !== "");
}

/** The shape (`<p:sp>`) named `name` on the slide. */
function shape(slide: PptxSlide | undefined, name: string): string | undefined {
  return new RegExp(`<p:sp>(?:(?!</p:sp>).)*?name="${name}"(?:(?!</p:sp>).)*</p:sp>`, "s").exec(
    slide?.xml ?? "",
  )?.[0];
}

describe("build --pptx: the PowerPoint shows what the deck shows", () => {
  let slides: PptxSlide[];
  beforeAll(async () => {
    const dir = makeProject(EVERY_LAYOUT);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    ({ slides } = await readPptx(join(dir, "dist/every-layout.pptx")));
  });

  const sources = () => slides.find((s) => s.title === "Sources");

  it("shows the title slide's byline (author, organisation, date line) and its colours, as the deck does", () => {
    const byline = shape(slides[0], "Byline") ?? "";
    const lines = byline.split("</a:p>").map((p) => runsOf(p));
    expect(lines.map((runs) => runs.map((r) => r.text).join("")).filter((t) => t !== "")).toEqual([
      "Test Analyst",
      "Fixture Unit",
      "25 November 2026 · Version 1.10 · Draft",
    ]);
    expect(lines[0]?.[0]?.props).toMatch(/ b="1"/);
    // The title in the ink, the subtitle in the accent (the deck's .bd-title and .bd-subtitle).
    expect(shape(slides[0], "Title")).toContain('<a:srgbClr val="15202E"/>');
    expect(shape(slides[0], "Subtitle")).toContain('<a:srgbClr val="1B4D89"/>');
  });

  it("puts the quotation's attribution under it at its start, as written (not right-aligned after a dash)", () => {
    const quote = slides.find((s) => s.text.includes("Peacekeeping creates space")) as PptxSlide;
    const attribution = quote.xml.split("<a:p>").find((p) => p.includes("Alpha report")) ?? "";
    expect(runsOf(attribution).map((r) => r.text)).toEqual(["Alpha report", " [2]"]);
    expect(attribution).not.toMatch(/algn="r"/);
  });

  it("sets links and citation numbers in the accent colour, as the deck does", () => {
    const text = slides.find((s) => s.title === "Background") as PptxSlide;
    const link = runsOf(text.xml).find((r) => r.text === "link");
    expect(link?.props).toContain('<a:srgbClr val="1B4D89"/>');
    const bullets = slides.find((s) => s.title === "Consent") as PptxSlide;
    const number = runsOf(bullets.xml).find((r) => r.text === "[2]");
    expect(number?.props).toContain('<a:srgbClr val="1B4D89"/>');
    const url = runsOf(sources()?.xml ?? "").find((r) => r.props.includes("hlinkClick"));
    expect(url?.props).toContain('<a:srgbClr val="1B4D89"/>');
  });

  it("sets a source's whole title in italics, as the deck does (not only its own emphasis)", () => {
    const italic = spans(runsOf(sources()?.xml ?? ""), (r) => / i="1"/.test(r.props));
    expect(italic).toEqual(["Beta blog post", "Alpha report: on things"]);
  });

  it("words a source as the deck does: a full stop after the title, then the publisher", () => {
    const text = runsOf(sources()?.xml ?? "")
      .map((r) => r.text)
      .join("");
    expect(text).toContain("Beta blog post. Beta blog. Accessed 20 November 2026.");
    expect(text).toContain("Alpha report: on things, A. Author. Alpha Institute, 2025.");
    expect(text).toContain("C. Cited, as cited in [2].");
  });

  it("underlines a link's text only, not the space before it", () => {
    const links = runsOf(sources()?.xml ?? "").filter((r) => r.props.includes("hlinkClick"));
    expect(links.map((r) => r.text)).toEqual(["https://example.org/alpha"]);
  });
});

describe("build --pptx: a native chart's legend", () => {
  // Two series (a colour channel): a native chart with a legend, where the deck's vega legend is.
  const spec = (legend = "") => `      data:
        values:
          - { year: "2024", force: Army, troops: 300 }
          - { year: "2024", force: Navy, troops: 100 }
          - { year: "2025", force: Army, troops: 400 }
          - { year: "2025", force: Navy, troops: 150 }
      mark: bar
      encoding:
        x: { field: year, type: nominal }
        y: { field: troops, type: quantitative }
        color: { field: force, type: nominal${legend} }
`;
  async function legendOf(legend: string, header = ""): Promise<string | undefined> {
    const dir = makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(spec(legend)), header) });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, "dist/b.pptx")));
    const chart = Object.keys(zip.files).find((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    const xml = (await zip.file(chart ?? "")?.async("string")) ?? "";
    expect(xml).toContain("<c:barChart>");
    return /<c:legend>(?:(?!<\/c:legend>).)*?<c:legendPos val="(\w+)"/s.exec(xml)?.[1];
  }

  it("sits at the right as vega's does, at the left in a right-to-left brief, where the spec puts it, or nowhere", async () => {
    expect(await legendOf("")).toBe("r");
    expect(await legendOf("", "lang: ar\n")).toBe("l");
    expect(await legendOf(", legend: { orient: top }")).toBe("t");
    expect(await legendOf(", legend: null")).toBeUndefined();
  });
});
