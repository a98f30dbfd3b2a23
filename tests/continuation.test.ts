import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { presentedSlides } from "../src/brief/continuation.ts";
import { localeFor } from "../src/messages/locale.ts";
import { browserAvailable } from "./browser.ts";
import { FIXTURES, makeProject, runCli } from "./helpers.ts";
import { loadBrief, pageCount, pageTexts } from "./pdf-helpers.ts";

const CONTINUED = localeFor("en").t("slide.continuedUntitled");

// `continue: true` (issue 16): a comparison too long for one slide is split at build time onto
// continuation slides that repeat the header row, the same in the deck, both PDFs and the PowerPoint.

const FIXTURE = join(FIXTURES, "pdf/matrix-continued.yaml");

describe("a comparison with continue: true", () => {
  it("is split into parts that keep every row once, in order, titled as continued", () => {
    const brief = loadBrief(FIXTURE);
    const slides = presentedSlides(brief);
    const parts = slides.filter((s) => s.layout === "comparison");
    expect(parts.length).toBe(2);
    expect(parts.map((s) => s.part?.rows)).toEqual([
      [0, parts[0]?.part?.rows[1]],
      [parts[0]?.part?.rows[1], 9],
    ]);
    expect(new Set(slides.map((s) => s.anchor)).size).toBe(slides.length);
    expect(parts.map((s) => s.anchor)).toEqual(["tests", "tests-2"]);
  });

  it("the same brief without continue stays one slide", () => {
    const brief = loadBrief(FIXTURE);
    const whole = {
      ...brief,
      slides: brief.slides.map((s) => (s.layout === "comparison" ? { ...s, continue: false } : s)),
    };
    expect(presentedSlides(whole).filter((s) => s.layout === "comparison").length).toBe(1);
  });

  it.runIf(browserAvailable())(
    "builds without overflow: each part's header row repeated in the deck and the PDF, the same parts in the PowerPoint",
    async () => {
      const dir = makeProject({ "briefs/m.yaml": "fixture:pdf/matrix-continued.yaml" });
      const { code, stderr } = await runCli(["build", "--pptx"], dir);
      expect(code, stderr).toBe(0);
      expect(stderr).not.toContain("slide-overflow");
      const deck = readFileSync(join(dir, "dist/m.html"), "utf8");
      expect(deck.match(/<table class="bd-matrix">/g)?.length).toBe(2);
      expect(deck.match(/<th scope="col">Joint procurement via the EDA<\/th>/g)?.length).toBe(2);
      const pages = pageTexts(join(dir, "dist/m.pdf"));
      expect(pageCount(join(dir, "dist/m.pdf"))).toBe(3);
      expect(pages[1]).toContain(`against nine tests ${CONTINUED}`);
      expect(pages[1]).toContain("National buys with common");
      expect(pages[1]).toContain("Accountability");
      expect(pages[0]).not.toContain("Accountability");
      const { default: JSZip } = await import("jszip");
      const zip = await JSZip.loadAsync(readFileSync(join(dir, "dist/m.pptx")));
      const second = await zip.file("ppt/slides/slide2.xml")?.async("string");
      expect(second).toContain(CONTINUED);
      expect(second).toContain("Accountability");
    },
  );
});
