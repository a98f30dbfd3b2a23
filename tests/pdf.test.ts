import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Brief, deckSlides, type Slide } from "../src/brief/brief.ts";
import { browserAvailable, FULL_CHROMIUM } from "./browser.ts";
import { makeProject, ROOT, runCli } from "./helpers.ts";
import {
  loadBrief,
  outline,
  pageCount,
  pageSizes,
  pageTexts,
  pdfFonts,
  pdfinfo,
  pdfText,
  squash,
  words,
} from "./pdf-helpers.ts";
import { pdfLines } from "./pptx-helpers.ts";

// Real Chromium prints; poppler (pdfinfo, pdftotext, pdffonts) reads what it printed.

const FIRST = join(ROOT, "briefs/coalition-vs-peacekeeping.yaml");
const SLUG = "coalition-vs-peacekeeping";

/** A slide's title as the deck shows it: its own, else the default for its layout. */
function expectedTitle(slide: Slide, brief: Brief): string {
  if (slide.title !== undefined) return slide.title;
  if (slide.layout === "title") return brief.title;
  if (slide.layout === "sources") return "Sources";
  // The history lists oldest first; by default the slide counts from the version before the latest.
  if (slide.layout === "changes")
    return `What changed since v${slide.since ?? brief.changes.at(-2)?.version}`;
  throw new Error(`the test does not know the title of a ${slide.layout} slide without one`);
}

/** Text with Markdown emphasis and citations removed, whitespace collapsed: how a title prints. */
function printed(markdown: string): string {
  return squash(markdown.replace(/\[@[^\]\s]+\]/g, "").replace(/[*_`]+/g, ""));
}

// Every check runs against the PDFs of the browser briefdeck finds (Chrome Headless Shell where it is
// installed), and again against full Chromium, forced with --browser.
const PRINTERS: [string, string[]][] = [
  ["the browser briefdeck finds", []],
  ...(FULL_CHROMIUM === undefined
    ? []
    : ([[`full Chromium (${FULL_CHROMIUM})`, ["--browser", FULL_CHROMIUM]]] as [string, string[]][])),
];

describe.runIf(browserAvailable()).each(PRINTERS)(
  "PDFs of the first brief, printed by %s",
  (_, browserArgs) => {
    const brief = loadBrief(FIRST);
    // Deck order: the main slides, then the annex.
    const visible = deckSlides(brief);
    const titles = visible.map((s) => printed(expectedTitle(s, brief)));
    const mainCount = visible.filter((s) => !s.annex).length;
    const outlineTitles = titles.map((t, i) => (i < mainCount ? t : `Annex A${i - mainCount + 1}: ${t}`));
    let dir: string;
    let slidesPdf: string;
    let handoutPdf: string;
    let first: { code: number; stderr: string };
    let firstBytes: { slides: Buffer; handout: Buffer };

    beforeAll(async () => {
      dir = makeProject();
      cpSync(FIRST, join(dir, `briefs/${SLUG}.yaml`));
      first = await runCli(["build", "-v", ...browserArgs], dir);
      slidesPdf = join(dir, `dist/${SLUG}.pdf`);
      handoutPdf = join(dir, `dist/${SLUG}.handout.pdf`);
      firstBytes = { slides: readFileSync(slidesPdf), handout: readFileSync(handoutPdf) };
    });

    it("builds with exit code 0 and writes the deck and both PDFs", () => {
      expect(first.code, first.stderr).toBe(0);
      const forced = browserArgs[1];
      expect(first.stderr).toMatch(
        forced !== undefined
          ? `printed with Chrome/Chromium ${forced} (--browser)`
          : existsSync("/usr/bin/chromium-headless-shell")
            ? "printed with Chrome Headless Shell"
            : "printed with",
      );
      for (const name of [`${SLUG}.html`, `${SLUG}.pdf`, `${SLUG}.handout.pdf`]) {
        expect(existsSync(join(dir, "dist", name)), name).toBe(true);
      }
      expect(readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });

    it("has one 960×540 pt page per visible slide", () => {
      expect(visible.length).toBeGreaterThan(10);
      expect(pageCount(slidesPdf)).toBe(visible.length);
      expect(pageSizes(slidesPdf)).toEqual(visible.map(() => "960 x 540 pts"));
    });

    it("is tagged and embeds every font", () => {
      expect(pdfinfo(slidesPdf).get("Tagged")).toBe("yes");
      expect(pdfinfo(handoutPdf).get("Tagged")).toBe("yes");
      for (const file of [slidesPdf, handoutPdf]) {
        const fonts = pdfFonts(file);
        expect(fonts.length, file).toBeGreaterThan(0);
        expect(fonts.filter((f) => !f.embedded).map((f) => f.name)).toEqual([]);
      }
    });

    it("has every slide's title as text, on its own page", () => {
      const pages = pageTexts(slidesPdf).map(squash);
      expect(pages).toHaveLength(titles.length);
      const all = pages.join(" ");
      for (const [i, title] of titles.entries()) {
        expect(all).toContain(title);
        expect(pages[i], `page ${i + 1}`).toContain(title);
      }
    });

    it("has an outline of the slide titles in order, each pointing at its page", async () => {
      const items = await outline(readFileSync(slidesPdf));
      expect(items.map((i) => i.title)).toEqual(outlineTitles);
      expect(visible.at(-1)?.annex).toBe(true);
      expect(items[0]?.title).toBe(brief.title);
      expect(items.map((i) => i.page)).toEqual(titles.map((_, i) => i + 1));
    });

    it("carries the brief's metadata and its date", () => {
      const info = pdfinfo(slidesPdf, "-isodates");
      expect(info.get("Title")).toBe(brief.title);
      expect(info.get("Author")).toBe(`${brief.author}, ${brief.organisation}`);
      expect(info.get("Subject")).toBe(brief.subtitle);
      expect(info.get("Keywords")).toContain(brief.marking);
      expect(info.get("CreationDate")).toMatch(new RegExp(`^${brief.date}T`));
      expect(info.get("ModDate")).toMatch(new RegExp(`^${brief.date}T`));
      const handout = pdfinfo(handoutPdf, "-isodates");
      expect(handout.get("Title")).toContain(brief.title);
      expect(handout.get("Author")).toBe(info.get("Author"));
      expect(handout.get("CreationDate")).toMatch(new RegExp(`^${brief.date}T`));
    });

    it("prints the handout on A4 portrait", () => {
      expect(pdfinfo(handoutPdf).get("Page size")).toBe("595.92 x 841.92 pts (A4)");
      expect(new Set(pageSizes(handoutPdf))).toEqual(new Set(["595.92 x 841.92 pts"]));
    });

    it("has every slide's notes in the handout", () => {
      const text = words(pdfText(handoutPdf)).join(" ");
      const noted = visible.filter((s) => s.notes !== undefined);
      expect(noted.length).toBeGreaterThan(5);
      for (const slide of noted) {
        const note = words(slide.notes ?? "");
        // The start and the end of each note: a page break may fall inside a long note.
        for (const chunk of [note.slice(0, 8), note.slice(-8)]) {
          expect(text, `notes of "${slide.title}"`).toContain(chunk.join(" "));
        }
      }
    });

    it("has the marking and 'Page x of y' on every handout page, and the sources at the end", () => {
      const pages = pageTexts(handoutPdf).map(squash);
      const total = pageCount(handoutPdf);
      expect(pages).toHaveLength(total);
      expect(pages[0]).toContain(`Page 1 of ${total}`);
      for (const [i, page] of pages.entries()) {
        expect(page, `handout page ${i + 1}`).toContain(`Page ${i + 1} of ${total}`);
        expect(page, `handout page ${i + 1}`).toContain(brief.marking);
      }
      const text = pages.join(" ");
      const lastNote = words(visible.filter((s) => s.notes !== undefined && !s.annex).at(-1)?.notes ?? "")
        .slice(-8)
        .join(" ");
      expect(lastNote.split(" ")).toHaveLength(8);
      expect(words(text).join(" ")).toContain(lastNote);
      const afterNotes = words(text).join(" ").split(lastNote).at(-1) ?? "";
      for (const source of brief.sources.values()) {
        expect(afterNotes, source.key).toContain(
          words(source.title ?? source.author ?? source.publisher ?? "").join(" "),
        );
      }
    });

    it("never leaves a notes or evidence label last on a handout page, its text on the next", () => {
      // Each page's last line of text above the running footer (the bottom 18 mm, 51 pt).
      const lines = pdfLines(handoutPdf).filter((l) => l.yMax < l.pageHeight - 51);
      for (let page = 1; page <= pageCount(handoutPdf); page++) {
        const last = lines.filter((l) => l.page === page).sort((a, b) => b.yMax - a.yMax)[0];
        expect(last?.text ?? "", `the last line of handout page ${page}`).not.toMatch(
          /^(NOTES · SLIDE|EVIDENCE)/,
        );
      }
    });

    it("ends the handout with the annex, then a glossary of the acronyms the deck uses", () => {
      const text = squash(pageTexts(handoutPdf).join(" "));
      const annex = visible.filter((s) => s.annex);
      expect(annex.length).toBeGreaterThan(0);
      const sources = text.lastIndexOf("Sources");
      const annexStart = text.indexOf("Annex", sources);
      const glossary = text.lastIndexOf("Glossary");
      expect(sources).toBeGreaterThan(0);
      expect(annexStart).toBeGreaterThan(sources);
      expect(glossary).toBeGreaterThan(annexStart);
      for (const slide of annex) expect(text.slice(annexStart)).toContain(printed(slide.title ?? ""));
      for (const [key, expansion] of brief.glossary) {
        expect(text.slice(glossary), key).toContain(`${key} ${expansion}`);
      }
    });

    it("writes identical bytes when built again with --force", async () => {
      const again = await runCli(["build", "--force", ...browserArgs], dir);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("1 built");
      expect(Buffer.compare(readFileSync(slidesPdf), firstBytes.slides)).toBe(0);
      expect(Buffer.compare(readFileSync(handoutPdf), firstBytes.handout)).toBe(0);
    });

    it("numbers the tagged elements' ids the same way however Chromium numbered them", async () => {
      // Chromium's element ids (node00000199) shift with timing; simulate that by shifting ids in place
      // (same length, so the file stays valid), then finish both: the results must be the same bytes.
      const { finishPdf } = await import("../src/pdf/finish-pdf.ts");
      const original = readFileSync(handoutPdf);
      const text = original.toString("latin1");
      expect(text).toMatch(/\/ID \(bd\d{8}\)/);
      const shifted = Buffer.from(
        text.replace(/\(bd(\d{8})\)/g, (_, n: string) => `(bd${String(Number(n) + 7).padStart(8, "0")})`),
        "latin1",
      );
      expect(Buffer.compare(shifted, original)).not.toBe(0);
      const meta = {
        title: "T",
        author: undefined,
        subject: undefined,
        keywords: [],
        date: new Date(0),
        producer: "test",
      };
      const [a, b] = await Promise.all([finishPdf(original, meta), finishPdf(shifted, meta)]);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    });
  },
);

describe.runIf(browserAvailable())("PDFs of a brief in Cyrillic", () => {
  let dir: string;
  let result: { code: number; stderr: string };

  beforeAll(async () => {
    dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    // Letter paper here, A4 (the default) for the first brief: both sizes are exercised.
    result = await runCli(["build", "--paper", "letter"], dir);
  });

  it("prints the handout on Letter with --paper letter", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(pdfinfo(join(dir, "dist/cyrillic.handout.pdf")).get("Page size")).toBe("612 x 792 pts (letter)");
  });

  it("has the Russian and Ukrainian words as searchable text in both PDFs", () => {
    expect(result.code, result.stderr).toBe(0);
    const slides = pdfText(join(dir, "dist/cyrillic.pdf"));
    const handout = pdfText(join(dir, "dist/cyrillic.handout.pdf"));
    for (const text of [slides, handout]) {
      for (const word of ["Миротворчество в Україні", "Согласие сторон", "Україна готова прийняти сили"]) {
        expect(text).toContain(word);
      }
      expect(text).toContain("НЕСЕКРЕТНО");
    }
    expect(handout).toContain("Подчеркните, что согласие может появиться позже");
    expect(handout).toContain("Українська делегація наголошує на гарантіях безпеки");
    expect(pdfinfo(join(dir, "dist/cyrillic.pdf")).get("Title")).toBe("Миротворчество в Україні");
  });

  it("embeds the fonts that set the Cyrillic text", () => {
    const fonts = pdfFonts(join(dir, "dist/cyrillic.pdf"));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });
});
