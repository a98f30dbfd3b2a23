import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, PDFName } from "@cantoo/pdf-lib";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { localeFor } from "../src/messages/locale.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, makeProject, read, runCli } from "./helpers.ts";
import { BIDI_CONTROLS, fixtures } from "./lang-helpers.ts";
import { openPrintView } from "./page-helpers.ts";
import { pdfText } from "./pdf-helpers.ts";
import { runsText } from "./pptx-helpers.ts";

describe.skipIf(!browserAvailable())("a right-to-left brief (Chromium)", () => {
  it("mirrors what has a side: headings, bullets, numbers, the matrix's columns, citations, the footer", async () => {
    const project = makeProject(fixtures(["ar"]));
    expect((await runCli(["build", "--no-pdf"], project)).code).toBe(0);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await openPrintView(page, read(join(project, "dist/ar.html")), "ar.html");
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
    // The judgment: its paragraphs right to left, so its number (the paragraph's own) is on the right.
    const judgments = await slide("ar", 2);
    // (The slide number, a field of the master's, is left as it is.)
    const body = [...judgments.matchAll(/<p:sp>.*?<\/p:sp>/gs)]
      .map((m) => m[0])
      .filter((sp) => /name="(Body|Title)"/.test(sp))
      .join("");
    const paragraphs = [...body.matchAll(/<a:pPr\b[^>]*>/g)].map((m) => m[0]);
    expect(paragraphs.length).toBeGreaterThan(1);
    for (const pPr of paragraphs) expect(pPr).toContain('rtl="1"');
    expect(judgments).toMatch(
      /<a:pPr rtl="1"[^>]*>(?:(?!<\/a:pPr>).)*<a:buAutoNum type="circleNumWdBlackPlain"/s,
    );
    // Its estimate's labels bold and unspaced: spacing would pull their joined letters apart.
    expect(judgments).toMatch(/<a:rPr [^>]*b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>الاحتمال <\/a:t>/s);
    expect(judgments).not.toContain(" spc=");
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

  it("mirrors the master as the deck does: the footer right to left at the right, the number and DRAFT at the left", async () => {
    // A colleague saw the Arabic footer set left to right at the left (its words out of order) and the
    // slide number at the right, where the deck has the footer at the right and the number at the left.
    const project = makeProject(fixtures(["ar", "fr"]));
    const { code, stderr } = await runCli(["build", "--pptx", "--no-pdf"], project);
    expect(code, stderr).toBe(0);
    const shapes = async (lang: string) => {
      const zip = await JSZip.loadAsync(readFileSync(join(project, "dist", `${lang}.pptx`)));
      const master = (await zip.file("ppt/slideLayouts/slideLayout2.xml")?.async("string")) ?? "";
      const shape = (name: string) =>
        new RegExp(`<p:sp>(?:(?!</p:sp>).)*?name="${name}(?:(?!</p:sp>).)*</p:sp>`, "s").exec(master)?.[0] ??
        "";
      const x = (sp: string) => Number(/<a:off x="(\d+)"/.exec(sp)?.[1]);
      const [footer, number, draft] = [shape("Footer"), shape("Slide Number"), shape("Draft stamp")];
      return { footer, footerX: x(footer), numberX: x(number), number, draft, draftX: x(draft) };
    };
    const ar = await shapes("ar");
    expect(ar.footer).toMatch(/<a:pPr [^>]*rtl="1"/);
    expect(ar.footer).toMatch(/<a:pPr [^>]*algn="r"/);
    expect(ar.numberX).toBeLessThan(ar.footerX);
    expect(ar.draftX).toBeLessThan(ar.footerX);
    expect(ar.number).toMatch(/algn="l"/);
    // The deck spaces DRAFT's letters; Arabic's joined letters it leaves unspaced, and so does the master.
    expect(ar.draft).not.toContain(" spc=");
    // Each part isolated, as in the deck, so the version and the date keep their own order.
    expect(runsText(ar.footer)).toBe(
      "\u2068تحالف أم حفظ سلام\u2069 · \u2068v1.1\u2069 · \u206826 نوفمبر 2026\u2069",
    );
    // Left to right, as before: the footer first, then the number; DRAFT at the top right.
    const fr = await shapes("fr");
    expect(fr.draft).toMatch(/ spc="\d+"/);
    expect(fr.footer).not.toContain('rtl="1"');
    expect(fr.footerX).toBeLessThan(fr.draftX);
    expect(fr.footerX).toBeLessThan(fr.numberX);
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
