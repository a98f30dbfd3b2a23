import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, PDFName } from "@cantoo/pdf-lib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../src/messages/catalogue.ts";
import { en } from "../src/messages/en.ts";
import { localeFor } from "../src/messages/locale.ts";
import { prepareDocumentPage } from "../src/pdf/load-page.ts";
import { runtimeFingerprint } from "../src/render/assets.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, makeProject, read, runCli, validateSource } from "./helpers.ts";
import { pageCount, pdfFonts, pdfText } from "./pdf-helpers.ts";
import { readPptx, runsText } from "./pptx-helpers.ts";
import { httpRequest, startTestPreview } from "./serve-helpers.ts";

const LANGS = Object.keys(CATALOGUES);

/** The catalogue's language's fixture, copied into a project. */
const fixtures = (langs: string[]) =>
  Object.fromEntries(langs.map((l) => [`briefs/${l}.yaml`, `fixture:lang/${l}.yaml`]));

describe("the message catalogues", () => {
  for (const lang of LANGS) {
    it(`${lang} has exactly English's keys, and plural forms its language uses`, () => {
      const catalogue = CATALOGUES[lang] ?? {};
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(catalogue) as Array<[string, string | object]>) {
        expect(typeof message === "string" || typeof message === "object", key).toBe(true);
        if (typeof message === "string") {
          expect(message.trim(), key).not.toBe("");
          continue;
        }
        expect(
          Object.keys(message).every((c) => (categories as string[]).includes(c)),
          key,
        ).toBe(true);
        const forms = message as Record<string, string | undefined>;
        for (const category of categories) expect(forms[category], `${key}.${category}`).toBeDefined();
      }
    });
  }

  it("looks words up along the tag's chain: fr-CA reads French, en-GB and a language without words English", () => {
    expect(localeFor("fr-CA").t("layout.sources")).toBe("Sources");
    expect(localeFor("fr-CA").t("layout.judgments")).toBe("Jugements clés");
    expect(localeFor("fr-CA").catalogue).toBe("fr");
    expect(localeFor("en-GB").fallback).toBe(false);
    expect(localeFor("sw").t("layout.judgments")).toBe("Key judgments");
    expect(localeFor("sw").fallback).toBe(true);
  });

  it("writes dates and probability ranges in the language's style", () => {
    expect(localeFor("en").date("2026-11-26")).toBe("26 November 2026");
    expect(localeFor("fr").date("2026-11-26")).toBe("26 novembre 2026");
    expect(localeFor("uk").date("2026-11-26")).toBe("26 листопада 2026 р.");
    expect(localeFor("de").date("2026-11-26")).toBe("26. November 2026");
    // A year under 100 is that year, not 1900 and after.
    expect(localeFor("en").date("0070-03-05")).toBe("5 March 70");
    expect(localeFor("en").percentRange(55, 80)).toBe("55–80%");
    expect(localeFor("fr").percentRange(55, 80)).toBe("55–80\u00a0%");
    expect(localeFor("de").percentRange(55, 80)).toBe("55–80\u00a0%");
  });

  it("chooses the plural form by the number: 1 слайд, 3 слайди, 6 слайдів", () => {
    const { t } = localeFor("uk");
    expect([1, 3, 6].map((count) => t("handout.slides", { count }))).toEqual([
      "1 слайд",
      "3 слайди",
      "6 слайдів",
    ]);
  });
});

describe("the lang field", () => {
  it("refuses a tag that is not BCP 47, at the value, with the tag it probably meant", () => {
    const { diagnostics } = validateSource(brief("  - layout: title\n", "lang: en_GB\n"));
    expect(diagnostics).toMatchObject([
      { code: "bad-lang", line: 5, column: 7, hint: 'did you mean "en-GB"?', severity: "error" },
    ]);
  });

  it("reads a language without a catalogue as English, with one warning at the field", () => {
    const { brief: valid, diagnostics } = validateSource(brief("  - layout: title\n", "lang: sw\n"));
    expect(valid?.lang).toBe("sw");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["lang-no-catalogue", 5]]);
  });

  it("stores the canonical tag", () => {
    expect(validateSource(brief("  - layout: title\n", "lang: EN-gb\n")).brief?.lang).toBe("en-GB");
  });

  it("builds a brief in a language without a catalogue, in English, with lang set and one warning", async () => {
    const project = makeProject({
      "briefs/sw.yaml": brief("  - layout: judgments\n    items: [{ text: Tathmini }]\n", "lang: sw\n"),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code).toBe(0);
    expect(stderr.match(/lang-no-catalogue/g)).toHaveLength(1);
    const deck = read(join(project, "dist/sw.html"));
    expect(deck).toContain('<html lang="sw" dir="ltr">');
    expect(deck).toContain("Key judgments");
  });

  it("is taken from briefdeck.yaml's defaults, which also set the index page's language", async () => {
    const project = makeProject({ "briefs/a.yaml": brief("  - layout: sources\n") });
    writeFileSync(join(project, "briefdeck.yaml"), "defaults:\n  lang: de\n");
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(stderr).not.toContain("warning");
    expect(code).toBe(0);
    expect(read(join(project, "dist/a.html"))).toContain('<html lang="de" dir="ltr">');
    expect(read(join(project, "dist/a.html"))).toContain(">Quellen</h2>");
    const index = read(join(project, "dist/index.html"));
    expect(index).toContain('<html lang="de" dir="ltr">');
    expect(index).toContain("1 Folie");
  });
});

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
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
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

describe("the estimative-language lint in the brief's language", () => {
  // A judgment whose words say "almost certain" while its likelihood says "unlikely", and one with
  // a hedge and no likelihood at all, per language.
  const CASES: Record<string, { certain: string; hedge: string }> = {
    fr: { certain: "Moscou refusera presque certainement", hedge: "La force pourrait être déployée" },
    de: { certain: "Moskau wird dies nahezu sicher ablehnen", hedge: "Die Truppe könnte entsandt werden" },
    nl: {
      certain: "Moskou zal dit vrijwel zeker afwijzen",
      hedge: "De troepenmacht zou kunnen worden ingezet",
    },
    uk: { certain: "Москва майже напевно відмовиться", hedge: "Сили, можливо, буде розгорнуто" },
  };
  for (const [lang, { certain, hedge }] of Object.entries(CASES)) {
    it(`${lang}: finds the language's estimative words where they are written`, () => {
      const slides = [
        "  - layout: judgments",
        "    items:",
        `      - text: "${certain}"`,
        "        likelihood: unlikely",
        `      - text: "${hedge}"`,
      ].join("\n");
      const source = brief(`${slides}\n`, `lang: ${lang}\n`);
      const project = makeProject({ [`briefs/${lang}.yaml`]: source });
      return runCli(["check", "--no-browser"], project).then(({ stderr }) => {
        const lines = source.split("\n");
        const line = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
        const word = (text: string, phrase: string) =>
          (lines[line(text) - 1] ?? "").toLowerCase().indexOf(phrase) + 1;
        const [strong = "", hedged = ""] = {
          fr: ["presque certainement", "pourrait"],
          de: ["nahezu sicher", "könnte"],
          nl: ["vrijwel zeker", "zou kunnen"],
          uk: ["майже напевно", "можливо"],
        }[lang] as [string, string];
        expect(stderr).toContain(
          `briefs/${lang}.yaml:${line(certain)}:${word(certain, strong)} warning estimative-mismatch`,
        );
        expect(stderr).toContain(
          `briefs/${lang}.yaml:${line(hedge)}:${word(hedge, hedged)} warning estimative-no-likelihood`,
        );
        expect(stderr).not.toContain("estimative-unread");
      });
    });
  }

  it("says once that it does not read a language it has no words for, and reads no English words in it", async () => {
    const slides = [
      "  - layout: judgments",
      "    items:",
      '      - text: "Rosja prawie na pewno odmówi; may"',
      "        likelihood: unlikely",
      '      - text: "Siły mogą zostać rozmieszczone"',
    ].join("\n");
    const project = makeProject({ "briefs/pl.yaml": brief(`${slides}\n`, "lang: pl\n") });
    const { stderr } = await runCli(["check", "--no-browser"], project);
    expect(stderr.match(/estimative-unread/g)).toHaveLength(1);
    expect(stderr).toContain(
      'briefs/pl.yaml:5:7 warning estimative-unread  the estimative-language lint does not read "pl"',
    );
    expect(stderr).not.toMatch(/estimative-(mismatch|no-likelihood)/);
  });
});

describe.skipIf(!browserAvailable())("a right-to-left brief (Chromium)", () => {
  it("mirrors what has a side: headings, bullets, numbers, the matrix's columns, citations, the footer", async () => {
    const project = makeProject(fixtures(["ar"]));
    expect((await runCli(["build", "--no-pdf"], project)).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 720 });
      const deck = await prepareDocumentPage(page);
      await deck.load(read(join(project, "dist/ar.html")), "ar.html", "?view=print");
      await page.evaluate(
        () => (window as unknown as { __briefdeckPdfReady: Promise<void> }).__briefdeckPdfReady,
      );
      const geometry = await page.evaluate(() => {
        const sections = [...document.querySelectorAll("section.bd-section")];
        const find = (selector: string) => {
          const [, n = "1", rest = ""] = /^@(\d+) (.*)$/.exec(selector) ?? [];
          return sections[Number(n) - 1]?.querySelector(rest) ?? null;
        };
        const box = (selector: string) => {
          const element = find(selector);
          if (element === null) throw new Error(`no ${selector}`);
          const { left, right, width } = element.getBoundingClientRect();
          return { left, right, width };
        };
        const marker = (selector: string) => {
          const element = find(selector) as Element;
          const before = getComputedStyle(element, "::before");
          // Where the marker sits, as a share of its item's width: 0 at its left edge, 1 at its right.
          return { at: Number.parseFloat(before.left) / element.clientWidth, float: before.float };
        };
        const slide = (n: number) => `@${n}`;
        return {
          dir: document.documentElement.dir,
          revealRtl: document.querySelector(".reveal")?.classList.contains("rtl"),
          frame: box(`${slide(3)} .bd-slide`),
          heading: box(`${slide(3)} .bd-heading`),
          firstPoint: box(`${slide(3)} .bd-points > li`),
          bullet: marker(`${slide(3)} .bd-points > li`),
          number: marker(`${slide(2)} .bd-judgment`),
          citation: box(`${slide(3)} .bd-cite`),
          citedPoint: box(`${slide(3)} .bd-points > li:nth-child(2)`),
          criterion: box(`${slide(4)} .bd-matrix thead th:first-child`),
          firstColumn: box(`${slide(4)} .bd-matrix thead th:nth-child(2)`),
          counter: box(`${slide(4)} .bd-slide-number`),
          footerMeta: box(`${slide(4)} .bd-footer-meta`),
          counterText: find(`${slide(4)} .bd-slide-number`)?.textContent,
          // The timeline's ticks and markers, earliest first, and its plot.
          ticks: [...document.querySelectorAll(".bd-layout-timeline .bd-tick")].map(
            (t) => t.getBoundingClientRect().left,
          ),
          markers: [...document.querySelectorAll(".bd-layout-timeline .bd-lane .bd-event-key")]
            .map((m) => ({ n: Number(m.textContent), left: m.getBoundingClientRect().left }))
            .sort((a, b) => a.n - b.n)
            .map((m) => m.left),
          plot: (() => {
            const r = document
              .querySelector(".bd-layout-timeline .bd-timeline-plot")
              ?.getBoundingClientRect();
            return { left: r?.left ?? 0, right: r?.right ?? 0 };
          })(),
          nowLabel:
            document.querySelector(".bd-layout-timeline .bd-now-label")?.getBoundingClientRect().right ?? 0,
        };
      });
      const { frame } = geometry;
      const middle = frame.left + frame.width / 2;
      expect(geometry.dir).toBe("rtl");
      expect(geometry.revealRtl).toBe(true);
      // The heading starts at the right margin; the bullets hang to the right of the text.
      expect(geometry.heading.right).toBeGreaterThan(middle + 400);
      expect(geometry.bullet.at).toBeGreaterThan(1);
      expect(geometry.number.float).toBe("right");
      // The criteria are the rightmost column, the first option next to them on its left.
      expect(geometry.criterion.left).toBeGreaterThan(geometry.firstColumn.left);
      // A citation follows its text: at the line's left end.
      expect(geometry.citation.left).toBeLessThan(geometry.citedPoint.right - 100);
      // The footer: the counter on the left, reading "4 / 6"; the brief's details on the right.
      expect(geometry.counter.right).toBeLessThan(middle);
      expect(geometry.footerMeta.left).toBeGreaterThan(middle - 200);
      expect(geometry.counterText).toContain("4 / 6");
      // Time runs right to left on the timeline: the earliest tick and marker on the right.
      const { ticks, markers, plot } = geometry;
      expect(ticks.length).toBeGreaterThan(1);
      expect(ticks[0]).toBeGreaterThan(ticks.at(-1) ?? Number.POSITIVE_INFINITY);
      expect(markers.length).toBeGreaterThan(1);
      expect(markers[0]).toBeGreaterThan(markers.at(-1) ?? Number.POSITIVE_INFINITY);
      // The "now" label stays inside the plot.
      expect(geometry.nowLabel).toBeLessThanOrEqual(plot.right + 1);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("draws Arabic with the bundled Noto Sans Arabic in the deck, both PDFs (the handout's header and footer too) and the PowerPoint's font name; an English deck carries none", async () => {
    const project = makeProject(fixtures(["ar", "en"]));
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const deck = read(join(project, "dist/ar.html"));
    expect(deck).toMatch(/@font-face\{font-family:"Noto Sans Arabic";font-style:normal;font-weight:400;/);
    // After the built-in font in the stack, before the machine's fonts (which a reader may not have).
    expect(deck).toContain('--bd-font: "Source Sans 3", "Noto Sans Arabic", "Source Sans Pro"');
    // The chart's labels too.
    expect(deck).toContain('font-family="&quot;Source Sans 3&quot;, &quot;Noto Sans Arabic&quot;');
    for (const pdf of ["ar.pdf", "ar.handout.pdf"])
      expect(
        pdfFonts(join(project, "dist", pdf)).filter(
          (f) => f.embedded && /NotoSansArabic-Regular/.test(f.name),
        ),
        pdf,
      ).toHaveLength(1);
    // The handout's running header and footer are documents of their own: they carry the deck's fonts
    // and set their words in them, not in whatever font the machine has (DejaVu Sans here).
    for (const pdf of ["ar.handout.pdf", "en.handout.pdf"])
      expect(
        pdfFonts(join(project, "dist", pdf))
          .map((f) => f.name)
          .filter((name) => !/\+(SourceSans3|NotoSansArabic)/.test(name)),
        pdf,
      ).toEqual([]);
    const english = read(join(project, "dist/en.html"));
    expect(english).not.toContain("Noto Sans");
    expect(
      pdfFonts(join(project, "dist/en.pdf"))
        .map((f) => f.name)
        .join(" "),
    ).not.toContain("Noto");
    const xml = async (file: string) =>
      (await (
        await JSZip.loadAsync(readFileSync(join(project, "dist", file)))
      )
        .file("ppt/slides/slide2.xml")
        ?.async("string")) ?? "";
    expect(await xml("ar.pptx")).toContain('<a:cs typeface="Noto Sans Arabic"');
    expect(await xml("ar.pptx")).not.toContain('<a:cs typeface="Source Sans 3"');
    expect(await xml("en.pptx")).toContain('<a:cs typeface="Source Sans 3"');
  }, 60_000);

  it.skipIf(!/\S/.test(spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).stdout ?? ""))(
    "check still warns about a script no bundled font covers (Chinese, drawn with this machine's font)",
    async () => {
      const project = makeProject({
        "briefs/zh.yaml": brief(
          '  - layout: bullets\n    title: "共识"\n    points: ["各方同意停火"]\n',
          "lang: zh\n",
        ),
      });
      const { stderr } = await runCli(["check"], project);
      expect(stderr).toMatch(/^briefs\/zh\.yaml:\d+:\d+ warning font-fallback .*"共识"/m);
    },
    60_000,
  );

  const ARABIC_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  it.skipIf(!existsSync(ARABIC_FONT))(
    "check is quiet about glyphs when the brand gives a font that covers the script",
    async () => {
      const project = makeProject(fixtures(["ar"]));
      mkdirSync(join(project, "fonts"));
      copyFileSync(ARABIC_FONT, join(project, "fonts/arabic.ttf"));
      writeFileSync(
        join(project, "_brand.yml"),
        [
          "typography:",
          "  fonts:",
          "    - family: Brand Arabic",
          "      source: file",
          "      files: [{ path: fonts/arabic.ttf, weight: 400 }, { path: fonts/arabic.ttf, weight: 700 }]",
          "  base: Brand Arabic",
          "  headings: Brand Arabic",
          "",
        ].join("\n"),
      );
      const { code, stderr } = await runCli(["check"], project);
      expect(code).toBe(0);
      expect(stderr).not.toContain("font-fallback");
    },
    60_000,
  );

  it("carries right to left into the handout and its page header and footer, and /Lang ar into both PDFs", async () => {
    const project = makeProject(fixtures(["ar"]));
    expect((await runCli(["build"], project)).code).toBe(0);
    for (const pdf of ["ar.pdf", "ar.handout.pdf"]) {
      const doc = await PDFDocument.load(readFileSync(join(project, "dist", pdf)), { updateMetadata: false });
      expect(String(doc.catalog.get(PDFName.of("Lang")))).toBe("(ar)");
    }
    // The handout's text in logical order: the heading, then the page counter in Arabic words.
    const text = pdfText(join(project, "dist/ar.handout.pdf")).replace(BIDI_CONTROLS, "");
    expect(text.replace(/\s+/g, "")).toContain("التقديراتالرئيسية");
    // (Chromium's page counter comes out with its digits moved: "الصفحة  1من 4"; and set in Noto Sans
    // Arabic like the body, its words come out of pdftotext with spaces inside them, as the heading's do.)
    expect(text.replace(/\s+/g, "")).toMatch(/الصفحة1من\d/);
  }, 60_000);
});

describe("a right-to-left PowerPoint", () => {
  it("sets every paragraph right to left, the judgment's number first, and mirrors the matrix's columns", async () => {
    const project = makeProject(fixtures(["ar", "fr"]));
    const { code, stderr } = await runCli(["build", "--pptx", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const slide = async (lang: string, n: number) =>
      (await (
        await JSZip.loadAsync(readFileSync(join(project, "dist", `${lang}.pptx`)))
      )
        .file(`ppt/slides/slide${n}.xml`)
        ?.async("string")) ?? "";
    // The judgment: its paragraphs right to left, so the number run, first in logical order, is on the right.
    const judgments = await slide("ar", 2);
    // (The slide number, a field of the master's, is left as it is.)
    const body = [...judgments.matchAll(/<p:sp>.*?<\/p:sp>/gs)]
      .map((m) => m[0])
      .filter((sp) => /name="(Body|Title)"/.test(sp))
      .join("");
    const paragraphs = [...body.matchAll(/<a:pPr\b[^>]*>/g)].map((m) => m[0]);
    expect(paragraphs.length).toBeGreaterThan(2);
    for (const pPr of paragraphs) expect(pPr).toContain('rtl="1"');
    expect(judgments).toMatch(/<a:pPr rtl="1"[^>]*>(?:(?!<\/a:p>).)*?<a:t>1\. <\/a:t>/s);
    // The matrix: the criteria column (narrowest) last, so rightmost; each cell right to left.
    const cells = (xml: string) =>
      [...(xml.match(/<a:tr\b.*?<\/a:tr>/s)?.[0] ?? "").matchAll(/<a:tc>.*?<\/a:tc>/gs)].map((m) =>
        runsText(m[0]),
      );
    const widths = (xml: string) => [...xml.matchAll(/<a:gridCol w="(\d+)"/g)].map((m) => Number(m[1]));
    const ar = await slide("ar", 4);
    const { t } = localeFor("ar");
    expect(cells(ar)).toEqual(["التحالف", "حفظ السلام الأممي", t("matrix.criterion")]);
    const arWidths = widths(ar);
    expect(arWidths.at(-1)).toBeLessThan(arWidths[0] ?? 0);
    expect([...ar.matchAll(/<a:tc>.*?<\/a:tc>/gs)].every((m) => /<a:pPr rtl="1"/.test(m[0]))).toBe(true);
    // Left to right, unchanged: the criteria first, no paragraph set right to left.
    const fr = await slide("fr", 4);
    expect(cells(fr)).toEqual([
      localeFor("fr").t("matrix.criterion"),
      "Maintien de la paix de l’ONU",
      "Coalition",
    ]);
    expect(fr).not.toContain('rtl="1"');
  });

  it("mirrors a Markdown table's columns in a right-to-left PowerPoint, the first column rightmost", async () => {
    const table = "      | البند | العدد |\n      |---|---|\n      | القوات | 300 |\n";
    const slides = `  - layout: text\n    title: جدول\n    body: |\n${table}`;
    const project = makeProject({
      "briefs/ar.yaml": brief(slides, "lang: ar\n"),
      "briefs/en.yaml": brief(slides),
    });
    const { code, stderr } = await runCli(["build", "--pptx", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const header = async (slug: string) => {
      const zip = await JSZip.loadAsync(readFileSync(join(project, "dist", `${slug}.pptx`)));
      const xml = (await zip.file("ppt/slides/slide1.xml")?.async("string")) ?? "";
      const row = xml.match(/<a:tr\b.*?<\/a:tr>/s)?.[0] ?? "";
      return [...row.matchAll(/<a:tc>.*?<\/a:tc>/gs)].map((m) => runsText(m[0]));
    };
    expect(await header("ar")).toEqual(["العدد", "البند"]);
    expect(await header("en")).toEqual(["البند", "العدد"]);
  });
});

describe("the bundled fallback fonts", () => {
  it("are part of the runtime fingerprint, the cache key a build is reused by", () => {
    const fingerprint = runtimeFingerprint();
    expect(fingerprint).toMatch(/noto-sans-arabic-arabic-400-normal\.woff2:\d+:/);
    expect(fingerprint).toMatch(/noto-sans-hebrew-hebrew-700-normal\.woff2:\d+:/);
  });
});

describe("serve in the project's language", () => {
  it("writes its index in briefdeck.yaml's language, and a broken brief's overlay in its own", async () => {
    const project = makeProject({
      "briefs/bon.yaml": brief("  - layout: sources\n", "lang: fr\n"),
      "briefs/casse.yaml": brief("  - layout: nope\n", "lang: fr\n"),
    });
    const run = await startTestPreview(project, undefined, { defaults: { lang: "uk" } });
    try {
      const port = run.preview.server.port;
      const index = (await httpRequest(port, "/")).body.toString();
      expect(index).toContain('<html lang="uk" dir="ltr">');
      expect(index).toContain("<h1>Брифінги</h1>");
      expect(index).toContain('<span class="bad">1 помилка</span>');
      expect(index).toContain('<span class="ok">ок</span>');
      // The broken brief never built: the project's language. The good one: its own.
      const broken = (await httpRequest(port, "/casse.html")).body.toString();
      expect(broken).toContain("у брифінгу є проблеми");
      const good = (await httpRequest(port, "/bon.html")).body.toString();
      expect(good).toContain("la note a des problèmes");
    } finally {
      await run.preview.close();
    }
  });
});
