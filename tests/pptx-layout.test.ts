import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { brief, EVERY_LAYOUT, makeProject, runCli } from "./helpers.ts";
import { type PptxSlide, pdfLines, readPptx } from "./pptx-helpers.ts";

// The PowerPoint lays a slide out as the deck does: where its pictures, columns, slide number and DRAFT
// stamp sit, read back from the slide XML (offsets and extents in EMU) against the title's box and the
// slide's margins, as a reader would see them.

const EMU = 914400;

interface Placed {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Each shape's (or picture's) box named `name` on the slide, in order. */
function boxes(xml: string, name: string): Placed[] {
  const element = /<p:(sp|pic)>(?:(?!<\/p:(?:sp|pic)>).)*<\/p:(?:sp|pic)>/gs;
  return [...xml.matchAll(element)]
    .map((m) => m[0])
    .filter((shape) => shape.includes(`name="${name}"`))
    .map((shape) => {
      const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>/.exec(shape);
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(shape);
      return { x: Number(off?.[1]), y: Number(off?.[2]), w: Number(ext?.[1]), h: Number(ext?.[2]) };
    });
}

function one(xml: string, name: string): Placed {
  const [found] = boxes(xml, name);
  expect(found, `a shape named ${name}`).toBeDefined();
  return found as Placed;
}

async function build(files: Record<string, string>, name: string): Promise<PptxSlide[]> {
  const dir = makeProject(files);
  const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
  expect(code, stderr).toBe(0);
  return (await readPptx(join(dir, "dist", `${name}.pptx`))).slides;
}

const IMAGE_SLIDE = `  - layout: text
    title: Background
    body: |
      A paragraph with *emphasis* and a [link](https://example.org).

      ![Illustrative line of contact](assets/lines.svg)
`;

describe("build --pptx: a text slide's picture", () => {
  let slides: PptxSlide[];
  let rtl: PptxSlide[];
  beforeAll(async () => {
    slides = await build(EVERY_LAYOUT, "every-layout");
    rtl = await build(
      {
        "briefs/b.yaml": brief(IMAGE_SLIDE, "lang: ar\n"),
        "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
      },
      "b",
    );
  });

  it("sits below the paragraph at the deck's size (480 × 160 px), at the title's left edge, the text as wide as the title", () => {
    const slide = slides.find((s) => s.title === "Background") as PptxSlide;
    const title = one(slide.xml, "Title");
    const text = one(slide.xml, "Body");
    const picture = one(slide.xml, "Picture");
    expect(text.w).toBeCloseTo(title.w, -1);
    expect(picture.y).toBeGreaterThanOrEqual(text.y + text.h);
    expect(picture.x).toBeCloseTo(title.x, -1);
    expect(picture.w).toBeCloseTo(5 * EMU, -2);
    expect(picture.h).toBeCloseTo((160 / 96) * EMU, -2);
  });

  it("sits at the title's right edge in a right-to-left brief, as the deck's inline image does", () => {
    const slide = rtl.find((s) => s.title === "Background") as PptxSlide;
    const title = one(slide.xml, "Title");
    const picture = one(slide.xml, "Picture");
    expect(picture.x + picture.w).toBeCloseTo(title.x + title.w, -2);
    expect(picture.y).toBeGreaterThanOrEqual(one(slide.xml, "Body").y);
  });
});

describe("build --pptx: a figures slide's columns", () => {
  let slides: PptxSlide[];
  let rtl: PptxSlide[];
  beforeAll(async () => {
    slides = await build(EVERY_LAYOUT, "every-layout");
    rtl = await build({ "briefs/ar.yaml": "fixture:lang/ar.yaml" }, "ar");
  });

  it("sit within the title's left and right edges, as the deck's grid does", () => {
    const slide = slides.find((s) => s.title === "By the numbers") as PptxSlide;
    const title = one(slide.xml, "Title");
    const figures = boxes(slide.xml, "Figure");
    expect(figures).toHaveLength(3);
    const left = Math.min(...figures.map((f) => f.x));
    const right = Math.max(...figures.map((f) => f.x + f.w));
    expect(left).toBeCloseTo(title.x, -1);
    expect(right).toBeCloseTo(title.x + title.w, -1);
  });

  it("run from the right in a right-to-left brief, set right to left, as the deck's grid does", () => {
    const slide = rtl.find((s) => s.title === "بالأرقام") as PptxSlide;
    const title = one(slide.xml, "Title");
    const [first, , last] = boxes(slide.xml, "Figure") as [Placed, Placed, Placed];
    expect(first.x + first.w).toBeCloseTo(title.x + title.w, -1);
    expect(last.x).toBeCloseTo(title.x, -1);
    expect(slide.xml).toMatch(/name="Figure".*?algn="r"/s);
  });
});

describe("build --pptx: a timeline slide", () => {
  it("sits within the title's left and right edges, as the deck's does: lane names at its left, events to its right", async () => {
    const slides = await build(EVERY_LAYOUT, "every-layout");
    const slide = slides.find((s) => s.title === "Road to a force") as PptxSlide;
    const title = one(slide.xml, "Title");
    const lanes = boxes(slide.xml, "Lane");
    expect(lanes.length).toBeGreaterThan(0);
    for (const lane of lanes) expect(lane.x).toBeCloseTo(title.x, -1);
    const events = boxes(slide.xml, "Event");
    expect(events.length).toBeGreaterThan(0);
    expect(Math.max(...events.map((e) => e.x + e.w))).toBeCloseTo(title.x + title.w, -1);
  });

  it.runIf(browserAvailable())(
    "sits as high as the deck's, which centres it under the title, when the PDFs measured it",
    async () => {
      const dir = makeProject(EVERY_LAYOUT);
      const { code, stderr } = await runCli(["build", "--pptx"], dir);
      expect(code, stderr).toBe(0);
      const { slides } = await readPptx(join(dir, "dist", "every-layout.pptx"));
      const slide = slides.find((s) => s.title === "Road to a force") as PptxSlide;
      // The first lane's name, in inches from the top: its text box's middle, and the deck's printed
      // line's (the slides PDF is 960 × 540 pt for the 13.333 × 7.5 in slide).
      const lane = one(slide.xml, "Lane");
      const pptxMiddle = (lane.y + lane.h / 2) / EMU;
      const deckLine = pdfLines(join(dir, "dist", "every-layout.pdf")).find((l) => l.text === "Conflict");
      expect(deckLine).toBeDefined();
      const deckMiddle = (((deckLine?.yMin ?? 0) + (deckLine?.yMax ?? 0)) / 2) * (7.5 / 540);
      expect(Math.abs(pptxMiddle - deckMiddle)).toBeLessThan(0.1);
    },
    60_000,
  );
});

describe("build --pptx: the slide number", () => {
  /** The slide-number paragraph's field and what follows it, as a reader shows it ("3 / 12"). */
  function slideNumber(slide: PptxSlide): { shown: string; paragraph: string } | undefined {
    const paragraph = /<a:p>(?:(?!<\/a:p>).)*type="slidenum"(?:(?!<\/a:p>).)*<\/a:p>/s.exec(slide.xml)?.[0];
    if (paragraph === undefined) return undefined;
    const shown = [...paragraph.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join("");
    return { shown, paragraph };
  }

  it("shows the main slides' total after the number, as the deck's footer does (3 / 12), and none in the annex", async () => {
    const slides = await build(EVERY_LAYOUT, "every-layout");
    // Twelve main slides (the hidden one left out), then the annex.
    expect(slides.slice(0, 12).map((s) => slideNumber(s)?.shown)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${i + 1} / 12`),
    );
    const annex = slides.find((s) => s.title === "Monitoring in detail") as PptxSlide;
    expect(slideNumber(annex)).toBeUndefined();
    // In the ink, as the deck's number is (.bd-slide-number), not the footer's muted grey.
    const shape = /<p:sp>(?:(?!<\/p:sp>).)*type="slidenum"(?:(?!<\/p:sp>).)*<\/p:sp>/s.exec(
      slides[2]?.xml ?? "",
    )?.[0];
    expect(/<a:defRPr[^>]*><a:solidFill><a:srgbClr val="([0-9A-F]{6})"/.exec(shape ?? "")?.[1]).toBe(
      "15202E",
    );
  });

  it("reads left to right in a right-to-left brief, with the deck's digits (3 / 6)", async () => {
    const slides = await build({ "briefs/ar.yaml": "fixture:lang/ar.yaml" }, "ar");
    const number = slideNumber(slides[2] as PptxSlide);
    expect(number?.shown).toBe("3 / 6");
    expect(number?.paragraph).not.toMatch(/rtl="1"/);
  });
});

describe("build --pptx: the footer", () => {
  // The deck's footer is inset 72 px on the left and 120 px on the right (.bd-footer), in either direction.
  async function footer(files: Record<string, string>, name: string) {
    const dir = makeProject(files);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    const { zip, slides } = await readPptx(join(dir, "dist", `${name}.pptx`));
    const layout = (await zip.file("ppt/slideLayouts/slideLayout2.xml")?.async("string")) ?? "";
    const number = /<p:sp>(?:(?!<\/p:sp>).)*type="slidenum"(?:(?!<\/p:sp>).)*<\/p:sp>/s.exec(
      slides[1]?.xml ?? "",
    )?.[0];
    const inches = (box: Placed) => ({ start: box.x / EMU, end: (box.x + box.w) / EMU });
    return {
      text: inches(one(layout, "Footer")),
      number: inches(one(number ?? "", "Slide Number Placeholder 0")),
    };
  }

  it("is inset as the deck's: ¾ in on the left, 1¼ in on the right, in either direction", async () => {
    const width = 13.333;
    const en = await footer(EVERY_LAYOUT, "every-layout");
    expect(en.text.start).toBeCloseTo(0.75, 2);
    expect(en.number.end).toBeCloseTo(width - 1.25, 2);
    const ar = await footer({ "briefs/ar.yaml": "fixture:lang/ar.yaml" }, "ar");
    expect(ar.text.end).toBeCloseTo(width - 1.25, 2);
    expect(ar.number.start).toBeCloseTo(0.75, 2);
  });
});

describe("build --pptx: the DRAFT stamp", () => {
  async function stamp(files: Record<string, string>, name: string): Promise<Placed> {
    const dir = makeProject(files);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    const { zip } = await readPptx(join(dir, "dist", `${name}.pptx`));
    return one((await zip.file("ppt/slideLayouts/slideLayout2.xml")?.async("string")) ?? "", "Draft stamp");
  }

  it("sits at the top right as the deck's badge does (46 px down, 28 px in), at the top left right to left", async () => {
    const en = await stamp(EVERY_LAYOUT, "every-layout");
    expect(en.y).toBeCloseTo((46 / 96) * EMU, -2);
    expect(en.x + en.w).toBeCloseTo(((1280 - 28) / 96) * EMU, -3);
    const ar = await stamp({ "briefs/ar.yaml": "fixture:lang/ar.yaml" }, "ar");
    expect(ar.y).toBeCloseTo((46 / 96) * EMU, -2);
    expect(ar.x).toBeCloseTo((28 / 96) * EMU, -2);
  });
});
