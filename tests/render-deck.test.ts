import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { brief, FIXTURES, ROOT } from "./helpers.ts";
import { render, slidesOf, templates } from "./render-helpers.ts";

// The deck rendered from the every-layout fixture, and the fonts it inlines.

describe("the every-layout fixture", async () => {
  const result = await compileBrief(join(FIXTURES, "valid/every-layout.yaml"), {
    projectRoot: ROOT,
    templates,
    version: "test",
    render: true,
  });
  const slides = slidesOf(result.rendered?.deck);

  it("renders the slide markup", () => {
    expect(result.diagnostics).toEqual([]);
    expect(slides).toMatchSnapshot();
  });

  it("numbers citations in order of first citation and links them to the sources slide", () => {
    // beta is cited first (judgments), then alpha.
    expect(slides).toContain(
      '<a class="bd-cite" href="#/sources" title="Beta blog post (graded B2: usually reliable, probably true)">[1]</a>',
    );
    expect(slides).toContain(
      '<a class="bd-cite" href="#/sources" title="Alpha report: on things (graded B2: usually reliable, probably true)">[2]</a>',
    );
    expect(slides).toContain('<li value="1" id="source-beta">');
    expect(slides).toContain('<li value="2" id="source-alpha">');
    expect(slides).toContain('<section id="sources"');
  });

  it("shows evidence in the speaker notes, numbered to the sources, and never on the slide", () => {
    const matrix = slides.slice(
      slides.indexOf('<section id="slide-4"'),
      slides.indexOf('<section id="background"'),
    );
    const [onSlide, aside] = matrix.split('<aside class="notes">');
    expect(onSlide).not.toContain("bd-evidence");
    expect(aside).toContain(
      '<p class="bd-evidence-item">Impartiality · Coalition of the willing — Partial from the outset</p>',
    );
    expect(aside).toMatch(
      /<q>A force drawn from one side&#x27;s backers is partial from the outset<\/q> <a class="bd-cite"[^>]*>\[1\]<\/a>/,
    );
  });

  it("prints each judgment's evidence beneath its slide in the handout, with its locator", () => {
    const handout = result.rendered?.handout ?? "";
    const evidence = handout.slice(handout.indexOf('<div class="bd-handout-notes bd-handout-evidence">'));
    expect(evidence).toMatch(/^<div class="bd-handout-notes bd-handout-evidence"><div class="bd-evidence">/);
    expect(evidence).toContain("Judgment 2: Consent may follow from negotiations</p>");
    expect(evidence).toMatch(
      /<q>Consent may ultimately follow from negotiations<\/q> <a [^>]*>\[2\]<\/a> <span class="bd-evidence-locator">\(para. 2\)<\/span>/,
    );
  });

  it("lists a work known via another as cited in it, without a title", () => {
    expect(slides).toContain(
      '<li value="3" id="source-gamma">C. Cited, as cited in [2]. <span class="bd-grading"',
    );
    expect(slides).toContain("Beta blog. Accessed 20 November 2026.");
  });

  it("shows every rating as a symbol, a word and a colour", () => {
    for (const [rating, word] of [
      ["holds", "Holds"],
      ["partial", "Partial"],
      ["fails", "Fails"],
      ["unknown", "Unknown"],
    ]) {
      expect(slides).toMatch(
        new RegExp(
          `<span class="bd-rating bd-rating-${rating}"><svg[^>]*>.*?</svg><span class="bd-rating-word">${word}</span>`,
        ),
      );
    }
  });

  it("puts the marking top and bottom, the DRAFT stamp and the slide number on every slide", () => {
    const sections = slides.split("<section").slice(1);
    // Twelve main slides, then the annex slide, which moved after the sources.
    expect(sections).toHaveLength(13);
    sections.forEach((section, i) => {
      expect(
        section.match(/class="bd-marking bd-marking-(top|bottom)"[^>]*>UNCLASSIFIED \/\/ TEST</g),
      ).toHaveLength(2);
      expect(section).toContain('class="bd-draft-badge"');
      expect(section).toContain(i < 12 ? `${i + 1} / 12` : "Annex A1");
    });
    expect(sections[11]).toContain('id="sources"');
    expect(sections[12]).toContain('data-bd-number="A1"');
    expect(sections[12]).toContain("Monitoring in detail");
  });

  it("keeps notes in aside.notes and leaves hidden slides out entirely", () => {
    expect(slides.match(/<aside class="notes">/g)).toHaveLength(8);
    expect(slides).toContain("<strong>bold</strong> text.");
    expect(result.rendered?.deck).not.toContain("Hidden sentinel");
  });

  it("makes step points fragments", () => {
    expect(slides).toMatch(/<li class="fragment">Ukraine appears willing/);
  });

  it("inlines images as data: URIs", () => {
    expect(slides).toMatch(
      /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Illustrative line of contact"\s*\/?>/,
    );
  });

  it("is one self-contained file with reveal.js, the notes plugin, the fonts and a strict CSP", () => {
    // Booleans, not matchers on the whole file: a failure would print 600 kB of reveal.js.
    const html = result.rendered?.deck ?? "";
    expect(html.includes("Reveal.initialize(config)")).toBe(true);
    expect(html.includes("RevealNotes")).toBe(true);
    expect(/@font-face\{font-family:"Source Sans 3"[^}]*src:url\(data:font\/woff2;base64,/.test(html)).toBe(
      true,
    );
    expect(html.includes('content="default-src &#x27;none&#x27;;')).toBe(true);
    expect(/<(script|link|img|iframe)[^>]+(src|href)="(https?:)?\/\//.test(html)).toBe(false);
    expect(html.includes('"width":1280,"height":720')).toBe(true);
    expect(html.includes("var guarded = { postMessage: false,")).toBe(true);
  });
});

describe("fonts", () => {
  it("inlines only the font subsets the brief's text uses: Latin always, Cyrillic when it is written", async () => {
    const latin =
      (await render(brief("  - layout: bullets\n    points: [Plain English text]\n"))).rendered?.deck ?? "";
    const cyrillic =
      (await render(brief("  - layout: bullets\n    points: [Україна і Миротворчество]\n"))).rendered?.deck ??
      "";
    const faces = (deck: string) => (deck.match(/@font-face\{/g) ?? []).length;
    // Booleans: a failing matcher would print the whole inlined deck.
    expect(deck(latin).includes("U+0000-00FF")).toBe(true);
    expect(deck(latin).includes("U+0301,U+0400-045F")).toBe(false);
    expect(deck(cyrillic).includes("U+0301,U+0400-045F")).toBe(true);
    expect(faces(cyrillic)).toBeGreaterThan(faces(latin));
  });
});

function deck(html: string): string {
  return html.slice(0, html.indexOf("</style>"));
}
