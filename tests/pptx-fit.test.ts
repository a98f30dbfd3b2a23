import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, EVERY_LAYOUT, makeProject, ROOT, runCli } from "./helpers.ts";
import { openPrintView } from "./page-helpers.ts";
import { convertWithLibreOffice, pdfLines, readPptx, runsText, sofficeAvailable } from "./pptx-helpers.ts";

// The PowerPoint's fit, against the deck: the same sizes as the deck's computed styles (measured in a PDF
// build, the same type scale without one), autofit on body text, and no text off the slide or in the
// marking and footer bands when LibreOffice draws it; overflow reported once, for both outputs.

const FIRST = "coalition-vs-peacekeeping";
// The briefs whose every slide must stay on the page in LibreOffice: the first brief, every layout, the
// 5 × 3 matrix and a comparison split onto continuation slides (tables grow with their text there).
const FITTED = [FIRST, "every-layout", "matrix-5x3", "matrix-continued"];
const SOFFICE = sofficeAvailable();

// The deck's bands in points (1 px = 0.75 pt): 35 px of marking on top, 38 px of footer and 35 px of
// marking at the bottom of the 720 px slide.
const TOP_BAND = 35 * 0.75;
const FOOTER_BAND = (720 - 35 - 38) * 0.75;

// The running text's selector in the deck, for the layouts whose body is one text box.
const TEXT_ROLE: Record<string, string> = {
  bullets: ".bd-points > li",
  judgments: ".bd-judgment-text",
  quote: ".bd-quote blockquote",
  sources: ".bd-sources",
  // A changes slide opens with its first entry's version and date.
  changes: ".bd-change-meta",
  text: ".bd-body",
};

// A slide the deck fits, and the same with three points more, too tall even at its tightest fit step.
const POINT =
  "is a sentence long enough to wrap onto a second line of the slide in the deck and in the PowerPoint";
const points = (sub: boolean) =>
  `  - layout: bullets\n    title: A full slide\n    points:\n${[1, 2, 3, 4]
    .map((n) => `      - Point ${n} ${POINT}\n`)
    .join("")}      - text: Point five is a sentence that fills one whole line of the slide in the deck\n${
    sub ? [6, 7, 8].map((n) => `      - Point ${n} ${POINT}\n`).join("") : ""
  }`;
const JUST_FITS = brief(points(false));
const OVERFLOWS = brief(points(true));

// The first size (hundredths of a point) in the shape named `name`.
function shapeSize(xml: string, name: string): number | undefined {
  const shape = new RegExp(`<p:sp>(?:(?!</p:sp>).)*?name="${name}"(?:(?!</p:sp>).)*</p:sp>`, "s").exec(
    xml,
  )?.[0];
  const size = / sz="(\d+)"/.exec(shape ?? "")?.[1];
  return size === undefined ? undefined : Number(size);
}

// The lines LibreOffice drew from a PowerPoint that leave the page or enter the marking or footer bands,
// leaving out the master's own text (marking, footer, DRAFT, slide numbers, "3 / 12").
async function strayLines(pptx: string): Promise<string[]> {
  const { zip } = await readPptx(pptx);
  const master = new Set<string>();
  for (const name of Object.keys(zip.files).filter((f) =>
    /^ppt\/slide(Layout|Master)s\/[^/]+\.xml$/.test(f),
  )) {
    const xml = (await zip.file(name)?.async("string")) ?? "";
    for (const shape of xml.matchAll(/<p:sp>.*?<\/p:sp>/gs)) master.add(runsText(shape[0]));
  }
  const pdf = convertWithLibreOffice(pptx);
  return pdfLines(pdf)
    .filter(
      (l) =>
        !master.has(l.text.replace(/&amp;/g, "&")) && !/^(DRAFT|\d+(?: \/ \d+)?|Annex A\d+)$/.test(l.text),
    )
    .filter((l) => l.xMin < 0 || l.xMax > l.pageWidth || l.yMin < TOP_BAND || l.yMax > FOOTER_BAND)
    .map((l) => `page ${l.page} (${Math.round(l.yMin)}–${Math.round(l.yMax)} pt): ${l.text}`);
}

describe.runIf(browserAvailable())("the PowerPoint fits as the deck does", () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    dir = makeProject({
      ...EVERY_LAYOUT,
      [`briefs/${FIRST}.yaml`]: readFileSync(join(ROOT, "briefs", `${FIRST}.yaml`), "utf8"),
      "briefs/matrix-5x3.yaml": "fixture:pdf/matrix-5x3.yaml",
      "briefs/matrix-continued.yaml": "fixture:pdf/matrix-continued.yaml",
    });
    // With the PDFs (the deck measured), and without (the type scale) into another folder.
    for (const args of [[], ["--no-pdf", "--out", "typescale"]]) {
      const { code, stderr } = await runCli(["build", "--pptx", ...args], dir);
      expect(code, stderr).toBe(0);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => browser?.close());

  // Each slide's title and running text sizes (px) as the deck's computed styles have them, and whether a
  // fit step changed them.
  async function deckSizes(slug: string) {
    const page = await browser.newPage();
    try {
      await openPrintView(page, readFileSync(join(dir, "dist", `${slug}.html`), "utf8"), `${slug}.html`);
      return await page.evaluate((roles: Record<string, string>) => {
        const size = (e: Element | null) =>
          e === null ? undefined : Number.parseFloat(getComputedStyle(e).fontSize);
        return [...document.querySelectorAll<HTMLElement>("section.bd-section")].map((s) => {
          const layout = /bd-layout-(\w+)/.exec(s.className)?.[1] ?? "";
          const selector = roles[layout];
          return {
            layout,
            stepped: s.dataset.bdFit !== undefined && s.dataset.bdFit !== "0",
            title: size(s.querySelector(".bd-heading")),
            text: selector === undefined ? undefined : size(s.querySelector(selector)),
          };
        });
      }, TEXT_ROLE);
    } finally {
      await page.close();
    }
  }

  it("takes each slide's title and text sizes from the deck (1 px = 0.75 pt), measured or by the same type scale", async () => {
    for (const slug of [FIRST, "every-layout"]) {
      const deck = await deckSizes(slug);
      const measured = (await readPptx(join(dir, "dist", `${slug}.pptx`))).slides;
      const typeScale = (await readPptx(join(dir, "typescale", `${slug}.pptx`))).slides;
      expect(measured.length).toBe(deck.length);
      let compared = 0;
      deck.forEach((d, i) => {
        const where = `${slug} slide ${i + 1} (${d.layout})`;
        const outputs = d.stepped ? [measured[i]] : [measured[i], typeScale[i]];
        for (const slide of outputs) {
          const xml = slide?.xml ?? "";
          if (d.title !== undefined) expect(shapeSize(xml, "Title"), where).toBe(d.title * 75);
          if (d.text !== undefined)
            expect(shapeSize(xml, "Body"), where).toBe(Math.round(d.text * 0.75 * 2) * 50);
          if (d.text !== undefined) compared++;
        }
      });
      expect(compared).toBeGreaterThan(5);
    }
  });

  it("sets shrink-on-overflow autofit on every body text box", async () => {
    for (const folder of ["dist", "typescale"])
      for (const slug of [FIRST, "every-layout"]) {
        const { slides } = await readPptx(join(dir, folder, `${slug}.pptx`));
        const bodies = slides.flatMap((s) => [
          ...s.xml.matchAll(/<p:sp>(?:(?!<\/p:sp>).)*?name="Body"(?:(?!<\/p:sp>).)*<\/p:sp>/gs),
        ]);
        expect(bodies.length).toBeGreaterThan(5);
        for (const body of bodies) expect(body[0]).toContain("<a:normAutofit");
      }
  });

  it.runIf(SOFFICE)(
    "keeps every line on the page and out of the marking and footer bands in LibreOffice",
    async () => {
      for (const folder of ["dist", "typescale"])
        for (const slug of FITTED)
          expect(await strayLines(join(dir, folder, `${slug}.pptx`)), `${folder}/${slug}`).toEqual([]);
    },
    180_000,
  );

  it.runIf(SOFFICE)(
    "keeps a figure's number and its unit on one line in LibreOffice, as the deck does (30,000 troops)",
    async () => {
      for (const folder of ["dist", "typescale"]) {
        const lines = pdfLines(convertWithLibreOffice(join(dir, folder, "every-layout.pptx")));
        const value = lines.find((l) => l.text.startsWith("30,000"));
        expect(value?.text, `${folder}: the line with 30,000`).toBe("30,000 troops");
      }
    },
    120_000,
  );

  it("fits a slide in the PowerPoint that just fits in the deck, at the deck's sizes", async () => {
    const project = makeProject({ "briefs/full.yaml": JUST_FITS });
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const file = join(project, "dist/full.pptx");
    const [slide] = (await readPptx(file)).slides;
    // 30 px points are 22.5 pt, as in the deck.
    expect(shapeSize(slide?.xml ?? "", "Body")).toBe(2250);
    if (SOFFICE) expect(await strayLines(file)).toEqual([]);
  }, 120_000);

  it("reports a slide that overflows the deck once, naming the PowerPoint, and writes neither", async () => {
    const project = makeProject({ "briefs/full.yaml": OVERFLOWS });
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(code).toBe(1);
    expect(stderr.match(/error slide-overflow/g)?.length).toBe(1);
    expect(stderr).toMatch(/slide 1 "A full slide" overflows .* \(the deck, its PDF and the PowerPoint\)/);
    expect(existsSync(join(project, "dist/full.pptx"))).toBe(false);
    expect(existsSync(join(project, "dist/full.pdf"))).toBe(false);
  }, 120_000);

  it("check names the PowerPoint in an overflow as build does, when the project's formats include it", async () => {
    const project = makeProject({
      "briefs/full.yaml": OVERFLOWS,
      "briefdeck.yaml": "formats: [html, pdf, pptx]\n",
    });
    const line = (stderr: string) => /error slide-overflow .*/.exec(stderr)?.[0];
    const built = await runCli(["build"], project);
    const checked = await runCli(["check"], project);
    expect(built.code).toBe(1);
    expect(checked.code).toBe(1);
    expect(line(checked.stderr)).toContain("(the deck, its PDF and the PowerPoint)");
    expect(line(checked.stderr)).toBe(line(built.stderr));
  }, 120_000);

  it("with --allow-overflow, writes that slide shrunk so it stays on the slide", async () => {
    const project = makeProject({ "briefs/full.yaml": OVERFLOWS });
    const { code, stderr } = await runCli(["build", "--pptx", "--allow-overflow"], project);
    expect(code, stderr).toBe(0);
    expect(stderr.match(/warning slide-overflow/g)?.length).toBe(1);
    const file = join(project, "dist/full.pptx");
    const [slide] = (await readPptx(file)).slides;
    expect(shapeSize(slide?.xml ?? "", "Body")).toBeLessThan(2250);
    expect(shapeSize(slide?.xml ?? "", "Title")).toBe(3450);
    if (SOFFICE) expect(await strayLines(file)).toEqual([]);
  }, 120_000);
});
