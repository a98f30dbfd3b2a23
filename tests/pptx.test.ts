import { execFileSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { COLOURS, TYPE } from "../src/pptx/theme.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { EVERY_LAYOUT, EVERY_LAYOUT_NOTES, FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";
import { pageCount } from "./pdf-helpers.ts";
import { convertWithLibreOffice, readPptx, sofficeAvailable } from "./pptx-helpers.ts";

const FIRST = "coalition-vs-peacekeeping";
const NOTES = EVERY_LAYOUT_NOTES;

// The deck's slide titles, as the PDF outline has them, without the annex's "Annex A1: ".
async function deckTitles(dir: string, slug: string, cut?: { variant?: string; notes: boolean }) {
  const compiled = await compileBrief(join(dir, "briefs", `${slug}.yaml`), {
    projectRoot: dir,
    templates: loadTemplates(),
    version: "test",
    render: true,
    cut: cut === undefined ? undefined : { variant: cut.variant, notes: cut.notes },
  });
  return (compiled.rendered?.titles ?? []).map((t) => t.replace(/^Annex A\d+: /, ""));
}

// An untitled slide is "Slide N" in the deck's outline, and has no title shape in the PowerPoint.
function titlesOf(slides: ReadonlyArray<{ title: string | undefined }>): string[] {
  return slides.map((s, i) => s.title ?? `Slide ${i + 1}`);
}

describe("build --pptx: an editable PowerPoint", () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeProject({
      ...EVERY_LAYOUT,
      [`briefs/${FIRST}.yaml`]: readFileSync(join(ROOT, "briefs", `${FIRST}.yaml`), "utf8"),
    });
    for (const args of [[], ["--variant", "partners"], ["--no-notes", "--out", "circulation"]]) {
      const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx", ...args], dir);
      expect(code, stderr).toBe(0);
    }
  });

  it("writes every brief's .pptx and links it from the index", () => {
    const index = readFileSync(join(dir, "dist/index.html"), "utf8");
    for (const name of [FIRST, "every-layout", "every-layout.partners"]) {
      expect(
        readFileSync(join(dir, "dist", `${name}.pptx`))
          .subarray(0, 2)
          .toString(),
      ).toBe("PK");
    }
    expect(index).toContain('href="every-layout.pptx"');
    const manifest = JSON.parse(readFileSync(join(dir, "dist/.briefdeck-manifest.json"), "utf8"));
    expect(manifest.briefs["every-layout"].outputs["every-layout.pptx"].kind).toBe("pptx");
  });

  it("has one slide per deck slide, each with the deck's title", async () => {
    for (const slug of [FIRST, "every-layout"]) {
      const { slides } = await readPptx(join(dir, "dist", `${slug}.pptx`));
      const titles = await deckTitles(dir, slug);
      expect(slides.length).toBe(titles.length);
      expect(titlesOf(slides)).toEqual(titles);
    }
  });

  it("maps each layout to native text and tables", async () => {
    const { slides, zip } = await readPptx(join(dir, "dist/every-layout.pptx"));
    const [title, judgments, bullets, comparison, text, quote, chart, section, , , changes, sources, annex] =
      slides;
    expect(title?.text).toContain("A fixture that uses each layout once");
    // Each judgment a numbered paragraph (the deck's numbered disc, in its accent), its estimate on a line
    // of its own in the same paragraph, its labels in capitals.
    expect(judgments?.xml).toMatch(
      /<a:buClr><a:srgbClr val="1B4D89"\/><\/a:buClr>(?:(?!<\/a:pPr>).)*<a:buAutoNum type="circleNumWdBlackPlain"(?:(?!<\/a:p>).)*The force meets none of the three principles(?:(?!<\/a:p>).)*<a:br\/>(?:(?!<\/a:p>).)*LIKELIHOOD/s,
    );
    expect(judgments?.text).toMatch(/LIKELIHOOD almost certain \(95–99%\) CONFIDENCE high/);
    expect(judgments?.xml).toMatch(/baseline="30000"[^>]*>(?:(?!<a:t>).)*<a:t>\[1\]<\/a:t>/s);
    // Sub-points are real paragraph levels; the markers are the deck's: an accent square, an accent dash.
    expect(bullets?.xml).toMatch(/<a:pPr[^>]*lvl="1"[^>]*>(?:(?!<\/a:p>).)*Ministers warn/s);
    expect(bullets?.xml).toMatch(
      /<a:buClr><a:srgbClr val="1B4D89"\/><\/a:buClr><a:buSzPct val="75000"\/><a:buChar char="&#x25A0;"\/>/,
    );
    expect(bullets?.xml).toMatch(
      /<a:buClr><a:srgbClr val="1B4D89"\/><\/a:buClr><a:buSzPct val="100000"\/><a:buChar char="&#x2013;"\/><\/a:pPr>(?:(?!<\/a:p>).)*Ministers warn/s,
    );
    expect(bullets?.text).toContain("Russia rejects it outright");
    // A native table: header row plus one row per criterion, a column for the criteria plus one per option.
    const table = comparison?.xml ?? "";
    expect(table).toContain("<a:tbl>");
    expect(table.match(/<a:tr /g)?.length).toBe(3);
    expect(table.match(/<a:gridCol /g)?.length).toBe(3);
    for (const word of ["● HOLDS", "✕ FAILS", "◐ PARTIAL", "? UNKNOWN"])
      expect(comparison?.text).toContain(word);
    expect(table).toContain(`<a:srgbClr val="${COLOURS.fails}"/>`);
    expect(text?.text).toContain("A paragraph with emphasis and a link");
    expect(text?.xml).toContain("<a:hlinkClick");
    const textRels = (await zip.file("ppt/slides/_rels/slide5.xml.rels")?.async("string")) ?? "";
    expect(textRels).toContain('Target="https://example.org"');
    expect(quote?.text).toContain("Peacekeeping creates space for the parties");
    expect(quote?.text).toContain("Alpha report");
    expect(chart?.text).toContain("Troops pledged by country");
    expect(chart?.xml).toContain("<c:chart ");
    expect(section?.text).toContain("The label, and a frozen conflict");
    expect(annex?.text).toContain("Annex A1");
    // The annex's Markdown table: its columns of numbers right-aligned, as in the deck, the labels not.
    const cells = [...(annex?.xml ?? "").matchAll(/<a:tc>(?:(?!<\/a:tc>).)*<\/a:tc>/gs)].map((m) => m[0]);
    const cell = (text: string) => cells.find((c) => c.includes(`<a:t>${text}</a:t>`)) ?? "";
    expect(cell("1,200")).toMatch(/algn="r"/);
    expect(cell("145.5")).toMatch(/algn="r"/);
    expect(cell("Mission (full)")).not.toMatch(/algn="r"/);
    expect(changes?.text).toContain("Added the UN comparison and the annex");
    expect(sources?.text).toMatch(/1\. .*Alpha report: on things/);
    expect(sources?.text).toContain("graded B2: usually reliable, probably true");
    expect(slides.map((s) => s.text).join(" ")).not.toContain("Hidden sentinel");
    // The master carries the marking, the DRAFT stamp and the footer.
    const master = (await zip.file("ppt/slideMasters/slideMaster1.xml")?.async("string")) ?? "";
    const layouts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(f))
        .map((f) => zip.file(f)?.async("string")),
    );
    const masterText = [master, ...layouts].join(" ");
    for (const part of [
      "UNCLASSIFIED // TEST",
      "DRAFT",
      "Fixture Unit · Every layout · v1.10 · 25 November 2026",
    ])
      expect(masterText).toContain(part);
    const core = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
    expect(core).toContain("<dc:title>Every layout</dc:title>");
    expect(core).toContain("<dc:creator>Test Analyst</dc:creator>");
    expect(core).toContain(">2026-11-25T00:00:00Z</dcterms:created>");
  });

  it("expands an acronym at its first use in running text, as the deck does, and not after", async () => {
    const { slides } = await readPptx(join(dir, "dist/every-layout.pptx"));
    const [, judgments, , comparison, , , , , , , changes] = slides;
    expect(judgments?.text).toContain("principles of United Nations (UN) peacekeeping");
    // Later uses, and labels (column headings), stay as written.
    expect(comparison?.text).toContain("UN peacekeeping");
    expect(comparison?.text).not.toContain("United Nations");
    expect(changes?.text).toContain("Added the UN comparison");
    expect(
      slides
        .map((s) => s.text)
        .join(" ")
        .match(/United Nations \(UN\)/g)?.length,
    ).toBe(1);
    // The first brief: its subtitle writes out "United Nations", so UN is never expanded; OSCE is, once.
    const first = (await readPptx(join(dir, "dist", `${FIRST}.pptx`))).slides.map((s) => s.text).join(" ");
    expect(first).not.toContain("United Nations (UN)");
    expect(first).toContain("A role for the Organization for Security and Co-operation in Europe (OSCE)");
    expect(first.match(/\(OSCE\)/g)?.length).toBe(1);
  });

  it("places a text slide's Markdown image as a native picture with its alt text, aspect kept", async () => {
    const { slides } = await readPptx(join(dir, "dist/every-layout.pptx"));
    const xml = slides[4]?.xml ?? "";
    const pic = /<p:pic>.*?<\/p:pic>/s.exec(xml)?.[0] ?? "";
    expect(pic).toContain('descr="Illustrative line of contact"');
    // The SVG as PowerPoint's SVG picture; the picture is 480 × 160, so three times as wide as high.
    expect(pic).toContain("<asvg:svgBlip");
    const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic);
    expect(Number(ext?.[1]) / Number(ext?.[2])).toBeCloseTo(3, 2);
    // Inside the body, under the text as in the deck, and no longer in the text as its alt text.
    const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(pic);
    expect(Number(off?.[1]) + Number(ext?.[1])).toBeLessThanOrEqual((13.333 - 0.6) * 914400 + 1);
    expect(slides[4]?.text).not.toContain("Illustrative line of contact");
  });

  it("puts the speaker notes in the notes pane, and none with --no-notes", async () => {
    const notes = (await readPptx(join(dir, "dist/every-layout.pptx"))).slides.map((s) => s.notes ?? "");
    for (const sentinel of NOTES) expect(notes.join("\n")).toContain(sentinel);
    expect(notes.join("\n")).toContain("Bullet notes sentinel with bold text");
    const cut = (await readPptx(join(dir, "circulation/every-layout.pptx"))).slides.map((s) => s.notes ?? "");
    for (const sentinel of NOTES) expect(cut.join("\n")).not.toContain(sentinel);
  });

  it("writes a variant with exactly the variant's content", async () => {
    const { slides } = await readPptx(join(dir, "dist/every-layout.partners.pptx"));
    const all = slides.map((s) => `${s.text} ${s.notes ?? ""}`).join(" ");
    for (const omitted of ["Consent may follow from negotiations", "Rules unclear", "Text notes sentinel"])
      expect(all).not.toContain(omitted);
    const comparison = slides.find((s) => s.xml.includes("<a:tbl>"));
    expect(comparison?.xml.match(/<a:tr /g)?.length).toBe(2);
    expect(titlesOf(slides)).toEqual(
      await deckTitles(dir, "every-layout", { variant: "partners", notes: true }),
    );
  });

  it("gives identical bytes for identical input", async () => {
    const before = readFileSync(join(dir, "dist/every-layout.pptx"));
    const first = readFileSync(join(dir, `dist/${FIRST}.pptx`));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx", "--force"], dir);
    expect(code, stderr).toBe(0);
    expect(readFileSync(join(dir, "dist/every-layout.pptx")).equals(before)).toBe(true);
    expect(readFileSync(join(dir, `dist/${FIRST}.pptx`)).equals(first)).toBe(true);
  });

  it("uses the deck's rating colours (templates/theme.css)", () => {
    const css = readFileSync(join(ROOT, "templates/theme.css"), "utf8");
    for (const [name, hex] of Object.entries(COLOURS)) {
      const match = new RegExp(`--bd-${name}: #([0-9a-f]{6});`, "i").exec(css);
      expect(match?.[1]?.toUpperCase(), name).toBe(hex);
    }
  });

  it("uses the deck's type scale (templates/theme.css), in points", () => {
    const css = readFileSync(join(ROOT, "templates/theme.css"), "utf8");
    for (const [name, points] of Object.entries(TYPE)) {
      const variable = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const match = new RegExp(`--bd-type-${variable}: (\\d+)px;`).exec(css);
      expect(Number(match?.[1]) * 0.75, name).toBe(points);
    }
  });

  it.runIf(sofficeAvailable())(
    "opens in LibreOffice Impress: one page per slide, each title on its page",
    async () => {
      for (const slug of [FIRST, "every-layout"]) {
        const pdf = convertWithLibreOffice(join(dir, "dist", `${slug}.pptx`));
        const titles = await deckTitles(dir, slug);
        expect(pageCount(pdf)).toBe(titles.length);
        titles.forEach((title, i) => {
          if (title === `Slide ${i + 1}`) return;
          const page = execFileSync("pdftotext", ["-f", `${i + 1}`, "-l", `${i + 1}`, pdf, "-"], {
            encoding: "utf8",
          }).replace(/\s+/g, " ");
          expect(page).toContain(title.replace(/\s+/g, " "));
        });
      }
    },
    180_000,
  );
});

describe("build --pptx with a _brand.yml", () => {
  it("uses the brand's colours and fonts on the master and the slides, and its small logo on the master", async () => {
    const dir = makeProject();
    cpSync(join(FIXTURES, "brand"), dir, { recursive: true });
    cpSync(join(ROOT, "briefs", `${FIRST}.yaml`), join(dir, "briefs", "coalition.yaml"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    const { zip, slides } = await readPptx(join(dir, "dist/coalition.pptx"));
    const xml = slides.map((s) => s.xml).join(" ");
    const master = (await zip.file("ppt/slideMasters/slideMaster1.xml")?.async("string")) ?? "";
    const layouts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(f))
        .map(async (f) => ({ f, xml: (await zip.file(f)?.async("string")) ?? "" })),
    );
    // primary: forest (#0b6e4f) is the accent: the titles and the table headers; foreground is the ink.
    expect(xml).toContain('<a:srgbClr val="0B6E4F"/>');
    expect(xml).toContain('<a:srgbClr val="1D1D1B"/>');
    expect(xml).not.toContain(`<a:srgbClr val="${COLOURS.accent}"/>`);
    // Titles in the headings' family, text in the base family; the theme names both.
    expect(slides[0]?.xml).toMatch(/name="Title".*typeface="League Gothic"/s);
    expect(xml).toContain('typeface="Source Sans 3"');
    const theme = (await zip.file("ppt/theme/theme1.xml")?.async("string")) ?? "";
    expect(theme).toContain('typeface="League Gothic"');
    // The background and the small logo (its alt text) on the master's layout.
    const layout = layouts.map((l) => l.xml).join(" ");
    expect(`${master} ${layout}`).toContain("FFFDF5");
    expect(layout).toMatch(/<p:pic>.*descr="Acme Analysis"/s);
  });
});

describe("formats: [pptx] in briefdeck.yaml", () => {
  it("writes the PowerPoint unless --no-pptx", async () => {
    const dir = makeProject({ ...EVERY_LAYOUT, "briefdeck.yaml": "formats: [html, pptx]\n" });
    const { code, stderr } = await runCli(["build", "--no-pptx"], dir);
    expect(code, stderr).toBe(0);
    expect(() => readFileSync(join(dir, "dist/every-layout.pptx"))).toThrow();
    const again = await runCli(["build"], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, "dist/every-layout.pptx")).length).toBeGreaterThan(1000);
    expect(() => readFileSync(join(dir, "dist/every-layout.pdf"))).toThrow();
  });
});
