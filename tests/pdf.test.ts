import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Brief, deckSlides, type Slide } from "../src/brief/brief.ts";
import { BROWSER_INSTALL_COMMAND } from "../src/browser/find-browser.ts";
import { browserAvailable, FULL_CHROMIUM } from "./browser.ts";
import { FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";
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
        expect(afterNotes, source.key).toContain(words(source.title).join(" "));
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
      expect(text).toMatch(/\/ID \(bd\d{10}\)/);
      const shifted = Buffer.from(
        text.replace(/\(bd(\d{10})\)/g, (_, n: string) => `(bd${String(Number(n) + 7).padStart(10, "0")})`),
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

    it("keeps Chromium's bytes and appends only what changes (an incremental update)", async () => {
      // Everything up to Chromium's own %%EOF is Chromium's file with the same length, whatever it held.
      const bytes = readFileSync(slidesPdf).toString("latin1");
      const updates = bytes.match(/%%EOF/g) ?? [];
      expect(updates.length).toBe(2);
      expect(bytes).toMatch(/trailer\n<<\/Size \d+ \/Root \d+ 0 R \/Info \d+ 0 R \/Prev \d+>>/);
    });

    it("rewrites with pdf-lib a PDF it cannot update in place, with the same metadata and outline", async () => {
      // pdf-lib's object streams hide objects from a plain reading: finishPdf must fall back.
      const { PDFDocument } = await import("@cantoo/pdf-lib");
      const { finishPdf } = await import("../src/pdf/finish-pdf.ts");
      const { updatePdf } = await import("../src/pdf/update-pdf.ts");
      const packed = await (await PDFDocument.load(readFileSync(slidesPdf))).save({ useObjectStreams: true });
      const meta = {
        title: "Packed",
        author: "An Author",
        subject: undefined,
        keywords: ["one", "two"],
        date: new Date("2024-05-01T12:00:00Z"),
        producer: "test",
        outline: outlineTitles,
      };
      expect(updatePdf(packed, meta)).toBeUndefined();
      const [a, b] = await Promise.all([finishPdf(packed, meta), finishPdf(packed, meta)]);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
      expect((await outline(a)).map((o) => o.title)).toEqual(outlineTitles);
      const file = join(dir, "packed.pdf");
      writeFileSync(file, a);
      expect(pdfinfo(file).get("Title")).toBe("Packed");
      expect(pdfinfo(file).get("Keywords")).toBe("one; two");
      expect(pdfinfo(file).get("Tagged")).toBe("yes");
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

describe.runIf(browserAvailable())("a slide that overflows", () => {
  const fixture = join(FIXTURES, "pdf/overflow.yaml");
  const overflowing = loadBrief(fixture).slides[1];

  it("fails the build with the file, slide number, title and size, leaving the old PDFs", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    // A previous good build of the same slug: the failed build must leave it alone.
    const good = readFileSync(fixture, "utf8").replace(/^( {6}- Point (?:[3-9]|\d\d),.*\n)/gm, "");
    writeFileSync(join(dir, "briefs/overflow.yaml"), good);
    const before = await runCli(["build"], dir);
    expect(before.code, before.stderr).toBe(0);
    const old = readFileSync(join(dir, "dist/overflow.pdf"));
    const oldHandout = readFileSync(join(dir, "dist/overflow.handout.pdf"));
    const oldHtml = readFileSync(join(dir, "dist/overflow.html"));

    cpSync(fixture, join(dir, "briefs/overflow.yaml"));
    const { code, stderr } = await runCli(["build"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/overflow.yaml");
    expect(stderr).toContain("slide 2");
    expect(stderr).toContain(overflowing?.title ?? "(no title)");
    expect(stderr).toMatch(/\d+\s?px/);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ error slide-overflow/);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.pdf")), old)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.handout.pdf")), oldHandout)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.html")), oldHtml)).toBe(0);
    expect(readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes no PDFs at all when there were none before", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code } = await runCli(["build"], dir);
    expect(code).toBe(1);
    expect(existsSync(join(dir, "dist/overflow.pdf"))).toBe(false);
    expect(existsSync(join(dir, "dist/overflow.handout.pdf"))).toBe(false);
  });

  it("builds with --allow-overflow, warning about the slide", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code, stderr } = await runCli(["build", "--allow-overflow"], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ warning slide-overflow/);
    expect(stderr).toContain("slide 2");
    expect(pageCount(join(dir, "dist/overflow.pdf"))).toBe(3);
    expect(pageCount(join(dir, "dist/overflow.handout.pdf"))).toBeGreaterThan(0);
  });

  it("is reported by check, which exits 1", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ error slide-overflow/);
    expect(stderr).toContain("slide 2");
    expect(stderr).toContain(overflowing?.title ?? "(no title)");
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it("check passes a brief that fits", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("slide-overflow");
  });
});

describe("without a browser", () => {
  it("exits 3 with the command that installs one, and still writes the HTML deck", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "--browser", "/nonexistent/chrome"], dir);
    expect(code).toBe(3);
    expect(stderr).toContain("/nonexistent/chrome");
    expect(stderr).toContain(`Fix: ${BROWSER_INSTALL_COMMAND}`);
    expect(stderr).toContain("--no-pdf");
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
    expect(existsSync(join(dir, "dist/cyrillic.handout.pdf"))).toBe(false);
  });

  it("--no-pdf builds the HTML with exit 0 and never looks for a browser", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--browser", "/nonexistent/chrome"], dir);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
  });
});
