import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findEstimativeWords } from "../src/brief/estimative.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";

const templates = loadTemplates();

// Each lint fixture with the warnings it must produce: code, line, column.
const EXPECTED: Record<string, Array<[string, number, number]>> = {
  // Cited judgments without evidence are reported too (judgment-unevidenced), at the judgment.
  "estimative-mismatch.yaml": [
    ["judgment-unevidenced", 7, 15],
    ["estimative-mismatch", 7, 30],
    ["judgment-unevidenced", 9, 15],
    ["estimative-mismatch", 9, 25],
    ["judgment-unevidenced", 12, 15],
  ],
  "estimative-no-likelihood.yaml": [
    ["judgment-unevidenced", 7, 15],
    ["estimative-no-likelihood", 7, 23],
    ["judgment-unevidenced", 9, 15],
  ],
  "judgment-uncited.yaml": [
    ["judgment-unevidenced", 7, 15],
    ["judgment-uncited", 8, 15],
  ],
  // The last slide's heading writes both expansions out, one across a line break: no warning.
  "acronym-before-expansion.yaml": [["acronym-before-expansion", 9, 21]],
  "acronym-undefined.yaml": [
    // The changes slide shows only what came after 1.0: its ICD is not on a slide, GCSP is.
    ["acronym-undefined", 11, 24],
    ["acronym-undefined", 16, 22],
    ["acronym-undefined", 16, 43],
    ["acronym-undefined", 22, 16],
  ],
  "no-sources-slide.yaml": [
    ["no-sources-slide", 4, 1],
    ["unknown-anchor", 9, 78],
  ],
  // Checked as its "short" variant builds it (VARIANT below); the full brief has the slide.
  "omitted-anchor.yaml": [["omitted-anchor", 12, 45]],
  // "southern" for "northern": one word changed is an error at the quote (the other quote is right).
  "quote-not-in-source.yaml": [["quote-not-in-source", 18, 39]],
  // Once per source: at the key of one with no archive, at the archive of one whose file is missing.
  "quote-unverified.yaml": [
    ["quote-unverified", 3, 3],
    ["quote-unverified", 9, 14],
  ],
  // At the likelihood when it is likely or stronger, else at the text that drops the hedge.
  "hedge-hardened.yaml": [
    ["hedge-hardened", 8, 21],
    ["hedge-hardened", 10, 15],
    ["hedge-hardened", 20, 36],
  ],
  // At the confidence. Its quotes are not archived, so each source also says so once.
  "confidence-exceeds-sources.yaml": [
    ["quote-unverified", 3, 3],
    ["quote-unverified", 4, 3],
    ["quote-unverified", 5, 3],
    ["quote-unverified", 6, 3],
    ["confidence-exceeds-sources", 11, 21],
    ["confidence-exceeds-sources", 17, 21],
    ["confidence-exceeds-sources", 20, 21],
    ["confidence-exceeds-sources", 23, 21],
  ],
  "judgment-unevidenced.yaml": [
    ["judgment-unevidenced", 9, 15],
    ["judgment-uncited", 10, 15],
  ],
  // A legacy free-form date counts; a work known via a dated source and a source no slide shows need none.
  "source-undated.yaml": [["source-undated", 6, 3]],
  "via-graded-higher.yaml": [
    ["via-graded-higher", 11, 18],
    ["via-graded-higher", 17, 18],
  ],
  "clean.yaml": [],
};
const VARIANT: Record<string, string> = { "omitted-anchor.yaml": "short" };

function lint(file: string, variant = VARIANT[file]) {
  return compileBrief(join(FIXTURES, "lint", file), {
    projectRoot: ROOT,
    templates,
    version: "test",
    render: false,
    cut: { variant, notes: true },
  });
}

describe("lint fixtures", () => {
  it("has an expectation for every fixture", () => {
    expect(readdirSync(join(FIXTURES, "lint")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} warns ${expected.map(([code]) => code).join(", ") || "nothing"} at the right places`, async () => {
      const { diagnostics } = await lint(file);
      expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual(expected);
      for (const d of diagnostics) {
        expect(d.severity).toBe(d.code === "quote-not-in-source" ? "error" : "warning");
        expect(d.hint).toBeTruthy();
      }
    });
  }

  it("says nothing of a link whose slide the full brief has", async () => {
    const full = await compileBrief(join(FIXTURES, "lint", "omitted-anchor.yaml"), {
      projectRoot: ROOT,
      templates,
      version: "test",
      render: false,
    });
    expect(full.diagnostics).toEqual([]);
  });

  it("names the closest passage of the archive for a quote that is not in it", async () => {
    const [changed] = (await lint("quote-not-in-source.yaml")).diagnostics;
    expect(changed?.hint).toBe(
      'the closest passage of the archive reads: "The harbour authority has so far refused to reopen the northern quay"',
    );
  });

  it("names the words and the likelihood they disagree with", async () => {
    const [probably, certainly] = (await lint("estimative-mismatch.yaml")).diagnostics.filter(
      (d) => d.code === "estimative-mismatch",
    );
    expect(probably?.message).toBe(
      '"probably" suggests likely to very likely, but the likelihood is "unlikely"',
    );
    expect(certainly?.message).toBe(
      '"almost certainly" suggests almost certain, but the likelihood is "roughly even chance"',
    );
  });
});

describe("estimative words", () => {
  it("reads the longest phrase, across line breaks, and not inside other words", () => {
    const found = findEstimativeWords(
      "Very unlikely; highly\n   likely. Mayor maybe, but it may. In May it is certainly not.",
    );
    expect(found.map((w) => [w.text.replace(/\s+/g, " "), w.fits])).toEqual([
      ["Very unlikely", ["almost no chance", "very unlikely"]],
      ["highly likely", ["very likely", "almost certain"]],
      ["may", ["very unlikely", "unlikely", "roughly even chance", "likely", "very likely"]],
      ["certainly not", ["almost no chance", "very unlikely"]],
    ]);
  });

  it("matches any capitals and reports where the phrase is written, after any script", () => {
    const text = "Україна — PROBABLY; İstanbul Probably Not; Likely-ish, likely; li\u212Aely; po\u017Fsibly";
    expect(findEstimativeWords(text).map((w) => [w.text, w.index])).toEqual([
      ["PROBABLY", text.indexOf("PROBABLY")],
      ["Probably Not", text.indexOf("Probably Not")],
      ["likely", text.lastIndexOf("likely")],
      ["li\u212Aely", text.indexOf("li\u212Aely")],
      ["po\u017Fsibly", text.indexOf("po\u017Fsibly")],
    ]);
  });
});

describe("--strict", () => {
  it("turns check's warnings into errors and exits 1", async () => {
    const dir = makeProject({ "briefs/uncited.yaml": "fixture:lint/judgment-uncited.yaml" });
    const lenient = await runCli(["check", "--no-browser"], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain("briefs/uncited.yaml:8:15 warning judgment-uncited");
    const strict = await runCli(["check", "--no-browser", "--strict"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("briefs/uncited.yaml:8:15 error judgment-uncited");
  });

  it("makes build refuse a brief with warnings and keep its last good output", async () => {
    const dir = makeProject({ "briefs/uncited.yaml": "fixture:lint/judgment-uncited.yaml" });
    const built = await runCli(["build", "--no-pdf"], dir);
    expect(built.code).toBe(0);
    const strict = await runCli(["build", "--no-pdf", "--strict"], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("error judgment-uncited");
    expect(strict.stderr).toContain("failed briefs/uncited.yaml");
    expect(readdirSync(join(dir, "dist"))).toContain("uncited.html");
  });
});
