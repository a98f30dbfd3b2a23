import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { brief, FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";
import { BIDI_CONTROLS, fixtures } from "./lang-helpers.ts";
import { pdfFonts } from "./pdf-helpers.ts";

// The handout's running header and footer are the page's margin boxes (templates/handout.css): with a
// brand whose base font is a local file, they are set in it as the page is, not in the built-in font, and
// a script the brand's font lacks still falls back to the bundled fonts; the brand's small logo leads the
// header.

/**
 * A project whose brand sets its text in League Gothic, a local file (given as its 400 and its 700, so
 * that Chromium draws bold with it rather than emboldening it as a Type 3 font).
 */
function brandProject(files: Record<string, string>): string {
  const project = makeProject(files);
  mkdirSync(join(project, "fonts"));
  copyFileSync(
    join(FIXTURES, "brand", "fonts", "league-gothic.woff"),
    join(project, "fonts", "league-gothic.woff"),
  );
  writeFileSync(
    join(project, "_brand.yml"),
    [
      "typography:",
      "  fonts:",
      "    - family: League Gothic",
      "      source: file",
      "      files:",
      "        - { path: fonts/league-gothic.woff, weight: 400 }",
      "        - { path: fonts/league-gothic.woff, weight: 700 }",
      "  base: League Gothic",
      "",
    ].join("\n"),
  );
  return project;
}

/**
 * The words in the first page's top and bottom margins (an A4 page's 18 mm, in points), without the
 * spaces pdftotext puts into letter-spaced and Arabic words, or its bidi controls.
 */
function marginTexts(pdf: string): { header: string; footer: string } {
  const band = (y: number) =>
    execFileSync(
      "pdftotext",
      ["-f", "1", "-l", "1", "-r", "72", "-x", "0", "-y", String(y), "-W", "595", "-H", "51", pdf, "-"],
      { encoding: "utf8" },
    )
      .replace(/\s+/g, "")
      .replace(BIDI_CONTROLS, "");
  return { header: band(0), footer: band(791) };
}

/** The families of the handout PDF's fonts, without the subset tag ("LeagueGothic-Regular"). */
const fontsOf = (pdf: string) => [...new Set(pdfFonts(pdf).map((f) => f.name.replace(/^[A-Z]{6}\+/, "")))];

describe.skipIf(!browserAvailable())("the handout's header and footer in the brand's font (Chromium)", () => {
  it("sets the marking, DRAFT, title and page numbers in the brand's base font, and nothing in the built-in or the machine's fonts", async () => {
    const project = brandProject({
      "briefs/brand.yaml": brief(
        "  - layout: bullets\n    title: Options\n    points: [One, Two]\n",
        "status: draft\n",
      ),
    });
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    const pdf = join(project, "dist", "brand.handout.pdf");
    // The margins' words are drawn (not left blank), and every font on the page is the brand's.
    const { header, footer } = marginTexts(pdf);
    expect(header).toBe("DRAFTTESTMARKINGDRAFT");
    expect(footer).toMatch(/^Testbrief·v1\.0TESTMARKINGPage1of\d+$/);
    expect(fontsOf(pdf)).toEqual(["LeagueGothic-Regular"]);
  }, 60_000);

  it("draws the header (the brand's logo, DRAFT, the marking) and the footer of the first brief with the test brand", async () => {
    // Chromium's headerTemplate and footerTemplate, used before, were seen blank for this pair on a
    // loaded machine: documents of their own, whose fonts could still be loading when they were drawn.
    const project = makeProject();
    cpSync(join(FIXTURES, "brand"), project, { recursive: true });
    cpSync(join(ROOT, "briefs", "coalition-vs-peacekeeping.yaml"), join(project, "briefs", "acme.yaml"));
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    // The logo is an SVG whose words ("ACME") pdftotext reads, before the DRAFT that follows it.
    const { header, footer } = marginTexts(join(project, "dist", "acme.handout.pdf"));
    expect(header).toBe("ACMEDRAFTUNCLASSIFIED//FORDISCUSSIONDRAFT");
    expect(footer).toMatch(/^BalancingAct·v0\.3UNCLASSIFIED\/\/FORDISCUSSIONPage1of\d+$/);
  }, 60_000);

  it("falls back to the bundled Noto Sans Arabic for an Arabic title the brand's font lacks", async () => {
    const project = brandProject(fixtures(["ar"]));
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    const pdf = join(project, "dist", "ar.handout.pdf");
    // The header's DRAFT (bold) and the footer's title are Arabic, the marking and version Latin.
    const { header, footer } = marginTexts(pdf);
    expect(header).toContain("مسودة");
    expect(header).toContain("TLP:CLEAR");
    expect(footer).toContain("تحالفأمحفظسلام");
    expect(footer).toContain("v1.1");
    // Latin in the brand's font, Arabic in Noto: no built-in Source Sans 3 (the margins' font before)
    // and no DejaVu Sans (the machine's; the handout's own stylesheet, which repeats the brand's stack
    // after the theme, set its Arabic in it too).
    const fonts = fontsOf(pdf);
    expect(fonts).toContain("LeagueGothic-Regular");
    expect(fonts).toContain("NotoSansArabic-Bold");
    expect(fonts.filter((f) => !/^(LeagueGothic|NotoSansArabic)-/.test(f))).toEqual([]);
  }, 60_000);
});
