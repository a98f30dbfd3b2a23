import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, PDFName } from "@cantoo/pdf-lib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { localeFor } from "../src/messages/locale.ts";
import { browserAvailable } from "./browser.ts";
import { makeProject, read, runCli } from "./helpers.ts";
import { BIDI_CONTROLS, fixtures, LANGS } from "./lang-helpers.ts";
import { pageCount, pdfText } from "./pdf-helpers.ts";
import { readPptx } from "./pptx-helpers.ts";

// What each fixture's outputs must say in its language, beyond the catalogue's own words.
const DATES: Record<string, string> = {
  en: "26 November 2026",
  fr: "26 novembre 2026",
  de: "26. November 2026",
  nl: "26 november 2026",
  pl: "26 listopada 2026",
  uk: "26 листопада 2026 р.",
  ar: "26 نوفمبر 2026",
};

// pdftotext marks right-to-left runs with bidi controls; the words between them are in logical order,
// except that poppler writes a lam-alef ligature's two letters backwards ("الأرجح" comes out "األرجح"),
// and splits numbers inside right-to-left runs ("26 نوفمبر 2026"), so those are looked for in the deck's
// HTML instead. With Noto Sans Arabic (the bundled fallback), poppler also reads gaps between some
// joined letters as spaces ("حف ظ"): the letters stay in logical order, so right-to-left text is
// compared without its spaces.
const LAM_ALEF = /ل[اأإآ]/;
const withoutDigits = (text: string, dir: string) =>
  dir === "rtl" ? text.replace(/\d+/g, "").replace(/\s+/g, "") : text;
const withoutSpaces = (text: string, dir: string) => (dir === "rtl" ? text.replace(/\s+/g, "") : text);

describe.skipIf(!browserAvailable())("a brief in each language (Chromium)", () => {
  it("builds, with lang on the deck and handout, /Lang in both PDFs, and its own words and dates in them", async () => {
    const project = makeProject(fixtures(LANGS));
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
    for (const lang of LANGS) {
      const { t } = localeFor(lang);
      const dist = (suffix: string) => join(project, "dist", `${lang}${suffix}`);
      const { dir } = localeFor(lang);
      const deck = read(dist(".html"));
      expect(deck, lang).toContain(`<html lang="${lang}" dir="${dir}">`);
      for (const pdf of [".pdf", ".handout.pdf"]) {
        const doc = await PDFDocument.load(readFileSync(dist(pdf)), { updateMetadata: false });
        expect(String(doc.catalog.get(PDFName.of("Lang"))), `${lang}${pdf}`).toBe(`(${lang})`);
      }
      const slides = pdfText(dist(".pdf")).replace(BIDI_CONTROLS, "");
      for (const word of [
        t("layout.judgments"),
        t("likelihood.almost certain"),
        t("confidence.moderate"),
        t("layout.sources"),
        t("changes.since", { version: "1.0" }),
        t("grading.text", {
          code: "B2",
          words: [t("reliability.B"), t("credibility.2")].join(t("list.separator")),
        }),
        DATES[lang] ?? "",
      ])
        if (LAM_ALEF.test(word) || (dir === "rtl" && /\d/.test(word)))
          expect(deck, `${lang}: ${word}`).toContain(word);
        else expect(withoutSpaces(slides, dir), `${lang}: ${word}`).toContain(withoutSpaces(word, dir));
      const handout = pdfText(dist(".handout.pdf")).replace(BIDI_CONTROLS, "");
      const pages = pageCount(dist(".handout.pdf"));
      for (const word of [t("handout.slides", { count: 6 }), t("page.of", { page: 1, pages })])
        expect(withoutDigits(handout, dir), `${lang}: ${word}`).toContain(withoutDigits(word, dir));
      const pptx = await JSZip.loadAsync(readFileSync(dist(".pptx")));
      const judgments = (await pptx.file("ppt/slides/slide2.xml")?.async("string")) ?? "";
      expect(judgments, lang).toContain(`lang="${lang}"`);
      expect(judgments, lang).not.toContain('<a:rPr lang="en-US"');
    }
    // Words English would have put there are gone from the other languages' slides.
    expect(pdfText(join(project, "dist/uk.pdf"))).not.toMatch(/Key judgments|Likelihood|Sources|DRAFT/i);
  }, 120_000);

  it("passes check's accessibility gate in every language", async () => {
    const project = makeProject(fixtures(LANGS));
    const { code, stderr } = await runCli(["check"], project);
    expect(stderr).not.toContain("a11y-");
    // Arabic, the one script the built-in font lacks, is drawn with the bundled Noto Sans Arabic.
    expect(stderr).not.toContain("font-fallback");
    expect(stderr).toContain(`${LANGS.length} ok, 0 invalid`);
    expect(code).toBe(0);
  }, 120_000);
});

// The words the timeline, figures and chart layouts and continuation slides add, and their dates, as
// each fixture's outputs must show them (the "now" marker is upper-cased by the theme and the PowerPoint).
const DATA_WORDS: Record<string, { slides: string[]; pptx: string[] }> = {
  fr: {
    slides: [
      "AUJOURD’HUI",
      "mars 2026",
      "24 févr. 2026",
      "avr. – juil. 2026",
      "Source : [1]",
      "Face aux critères (suite)",
    ],
    pptx: ["AUJOURD’HUI", "mars 2026", "avr. – juil. 2026", "Source : [1]", "Face aux critères (suite)"],
  },
  uk: {
    slides: ["СЬОГОДНІ", "бер. 2026 р.", "24 лют. 2026 р.", "квіт. – лип. 2026 р.", "Джерело: [1]"],
    pptx: ["СЬОГОДНІ", "бер. 2026 р.", "квіт. – лип. 2026 р.", "Джерело: [1]"],
  },
};

describe.skipIf(!browserAvailable())("the data layouts in the brief's language (Chromium)", () => {
  it("writes the timeline's marker and dates, the chart's source and a continued matrix's title in fr and uk", async () => {
    const project = makeProject(fixtures(Object.keys(DATA_WORDS)));
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
    const english = /\bNow\b|\bNOW\b|Source:|\(continued\)|\b(Mar|Apr|Jul|Sept?) 2026/;
    for (const [lang, words] of Object.entries(DATA_WORDS)) {
      const dist = (suffix: string) => join(project, "dist", `${lang}${suffix}`);
      const slides = pdfText(dist(".pdf")).replace(/\u00a0/g, " ");
      for (const word of words.slides) expect(slides, `${lang}: ${word}`).toContain(word);
      expect(slides, lang).not.toMatch(english);
      const handout = pdfText(dist(".handout.pdf")).replace(/\u00a0/g, " ");
      expect(handout.toLowerCase(), lang).toContain(
        localeFor(lang).t("handout.chartDescription").toLowerCase(),
      );
      expect(handout, lang).not.toMatch(english);
      const pptx = (await readPptx(dist(".pptx"))).slides.map((s) => s.text).join("\n");
      for (const word of words.pptx) expect(pptx, `${lang} pptx: ${word}`).toContain(word);
      expect(pptx, lang).not.toMatch(english);
    }
  }, 120_000);
});
