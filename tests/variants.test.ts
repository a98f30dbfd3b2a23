import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { brief, EVERY_LAYOUT, EVERY_LAYOUT_NOTES, makeProject, ROOT, runCli } from "./helpers.ts";
import { pdfinfo, pdfText } from "./pdf-helpers.ts";

// The every-layout fixture's "partners" variant omits a judgment (consent-risk), a comparison row
// (use-of-force) and a whole slide (background, with its image and notes). Each sentinel below is text
// that only the omitted content carries.
const OMITTED = [
  "Consent may follow from negotiations",
  "Rules unclear",
  "Self-defence",
  "A paragraph with",
  "Text notes sentinel",
  "Illustrative line of contact",
];
const NOTES = EVERY_LAYOUT_NOTES;
const FIRST = join(ROOT, "briefs/coalition-vs-peacekeeping.yaml");

function read(dir: string, name: string): string {
  return readFileSync(join(dir, "dist", name), "utf8");
}

describe("audience variants and circulation copies (HTML)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeProject(EVERY_LAYOUT);
    for (const args of [[], ["--variant", "partners"], ["--no-notes", "--out", "circulation"]]) {
      const { code, stderr } = await runCli(["build", "--no-pdf", ...args], dir);
      expect(code, stderr).toBe(0);
    }
  });

  it("writes the variant as <slug>.<variant>.html beside the full deck", () => {
    expect(read(dir, "index.html")).toContain("every-layout.partners.html");
    expect(read(dir, "index.html")).toContain("(partners version)");
  });

  it("leaves every omitted judgment, row, slide, note and image out of the variant's HTML", () => {
    const full = read(dir, "every-layout.html");
    const variant = read(dir, "every-layout.partners.html");
    // The inlined image, whole: every SVG's base64 starts alike.
    const image = /<img src="(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+)"/.exec(full)?.[1];
    expect(image).toBeDefined();
    for (const text of [...OMITTED, image ?? ""]) {
      expect(full.includes(text), `${text} in the full deck`).toBe(true);
      expect(variant.includes(text), `${text} in the variant`).toBe(false);
    }
    // Default anchors are renumbered, so they do not count what went before: the changes slide is the
    // thirteenth in the file but the twelfth in the variant.
    expect(full).toContain('<section id="slide-13" class="bd-section bd-layout-changes"');
    expect(variant).toContain('<section id="slide-12" class="bd-section bd-layout-changes"');
    expect(variant.includes('id="slide-13"')).toBe(false);
    // What it keeps is still there, under the variant's own marking.
    expect(variant).toContain("The force meets none of the three principles");
    expect(variant).toContain("RELEASABLE TO PARTNERS");
    expect(variant.includes("UNCLASSIFIED // TEST")).toBe(false);
  });

  it("--no-notes leaves no speaker notes anywhere in the deck", () => {
    const full = read(dir, "every-layout.html");
    const circulation = readFileSync(join(dir, "circulation", "every-layout.html"), "utf8");
    for (const sentinel of NOTES) {
      expect(full.includes(sentinel), `${sentinel} in the full deck`).toBe(true);
      expect(circulation.includes(sentinel), `${sentinel} in the circulation copy`).toBe(false);
    }
    expect(circulation.includes('<aside class="notes">')).toBe(false);
  });

  it("does not even keep the font subset that only omitted text needed", async () => {
    // Cyrillic only in what the variant cannot show: an omitted point, the source and the acronym only it
    // uses, a hidden slide, and another variant's marking.
    const source = brief(
      [
        "  - layout: bullets",
        "    points: [Plain English]",
        "  - layout: bullets",
        "    points: [{ id: quoted, text: 'Україна and the OUN [@uk]' }]",
        "  - layout: text",
        "    hidden: true",
        "    body: Прихований",
        "  - layout: sources",
      ].join("\n"),
      [
        "sources:",
        "  uk: { title: Джерело }",
        "glossary:",
        "  OUN: Організація",
        "variants:",
        "  english: { marking: TEST MARKING, omit: [quoted] }",
        "  other: { marking: ПОЗНАЧКА }",
        "",
      ].join("\n"),
    );
    const project = makeProject({ "briefs/script.yaml": source });
    for (const args of [[], ["--variant", "english"]]) {
      const { code, stderr } = await runCli(["build", "--no-pdf", ...args], project);
      expect(code, stderr).toBe(0);
    }
    const cyrillic = "U+0301,U+0400-045F";
    expect(read(project, "script.html").includes(cyrillic)).toBe(true);
    expect(read(project, "script.english.html").includes(cyrillic)).toBe(false);
  });

  it("the first brief's partners version leaves out our own implications", async () => {
    const project = makeProject({ "briefs/first.yaml": readFileSync(FIRST, "utf8") });
    for (const args of [[], ["--variant", "partners"]]) {
      const { code, stderr } = await runCli(["build", "--no-pdf", ...args], project);
      expect(code, stderr).toBe(0);
    }
    for (const text of ["For us: name it", "What to call it", "our own implications"]) {
      expect(read(project, "first.html").includes(text), text).toBe(true);
      expect(read(project, "first.partners.html").includes(text), text).toBe(false);
    }
    expect(read(project, "first.partners.html")).toContain("UNCLASSIFIED // RELEASABLE TO PARTNERS");
  });

  it("refuses a variant that leaves no slide", async () => {
    const source = brief(
      "  - layout: bullets\n    id: only\n    points: [The one slide]\n",
      "variants:\n  nothing: { marking: TEST MARKING, omit: [only] }\n",
    );
    const project = makeProject({ "briefs/empty.yaml": source });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--variant", "nothing"], project);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'briefs/empty.yaml:6:3 error no-slides  variant "nothing" leaves out every slide',
    );
  });

  it("check --variant checks the variant as built: its own lints", async () => {
    const source = brief(
      [
        "  - layout: bullets",
        "    id: first",
        "    points: [The UN acts]",
        "  - layout: bullets",
        "    title: What the UN did next",
        "    points: ['It waited (see [the first slide](#/first))']",
      ].join("\n"),
      "glossary:\n  UN: United Nations\nvariants:\n  short: { marking: TEST MARKING, omit: [first] }\n",
    );
    const project = makeProject({ "briefs/un.yaml": source });
    const full = await runCli(["check", "--no-browser"], project);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).not.toContain("acronym-before-expansion");
    // Without the first slide, the heading is where UN first appears, and it is never written out.
    const short = await runCli(["check", "--no-browser", "--variant", "short"], project);
    expect(short.code).toBe(0);
    expect(short.stderr).toMatch(/briefs\/un\.yaml:\d+:\d+ warning acronym-before-expansion {2}"UN"/);
    // And a link to the slide it leaves out is said to lose its target.
    expect(full.stderr).not.toContain("anchor");
    expect(short.stderr).toContain('the short variant leaves out the slide "#/first" links to');
  });

  it("shows a link to a slide the variant leaves out as its text alone, and keeps other links", async () => {
    const source = brief(
      [
        "  - layout: bullets",
        "    id: first",
        "    points: [The first point]",
        "  - layout: bullets",
        "    title: Next",
        "    points: ['See [the first slide](#/first), [slide 2](#/2) and [a typo](#/frist); [more](#/slide-3)']",
        "  - layout: text",
        "    title: More",
        "    body: 'Step [two](#/first/1) of it; in code, `[not a link](#/gone)` stays code.'",
      ].join("\n"),
      "variants:\n  short: { marking: TEST MARKING, omit: [first] }\n",
    );
    const project = makeProject({ "briefs/links.yaml": source });
    expect((await runCli(["build", "--no-pdf"], project)).code).toBe(0);
    expect((await runCli(["build", "--no-pdf", "--variant", "short"], project)).code).toBe(0);
    const full = readFileSync(join(project, "dist", "links.html"), "utf8");
    const short = readFileSync(join(project, "dist", "links.short.html"), "utf8");
    expect(full).toContain('<a href="#/first">the first slide</a>');
    expect(short).not.toContain('href="#/first"');
    expect(short).toContain("See the first slide, ");
    // A link to a fragment of the slide goes with the slide.
    expect(full).toContain('<a href="#/first/1">two</a>');
    expect(short).not.toContain('href="#/first/1"');
    expect(short).toContain("Step two of it");
    // Links by position follow their slide: "#/2" (the second slide, counted from 1 as the footer counts)
    // and the third slide's default anchor, both one place earlier once the first slide is gone.
    expect(full).toContain('<a href="#/2">slide 2</a>');
    expect(short).toContain('<a href="#/1">slide 2</a>');
    expect(full).toContain('<a href="#/slide-3">more</a>');
    expect(short).toContain('<a href="#/slide-2">more</a>');
    expect(short).toContain('<section id="slide-2"');
    // A link to no slide at all is shown as text in both, and warned about.
    for (const html of [full, short]) {
      expect(html).not.toContain('href="#/frist"');
      expect(html).toContain("and a typo");
    }
    // The lints name the same links, and none in code.
    const check = await runCli(["check", "--no-browser", "--variant", "short"], project);
    const codes = [...check.stderr.matchAll(/warning (\S+) {2}(.*)/g)].map((m) => `${m[1]} ${m[2]}`);
    const omitted =
      'omitted-anchor the short variant leaves out the slide "#/first" links to; the deck shows the link\'s text alone';
    expect(codes).toEqual([
      omitted,
      'unknown-anchor the link to "#/frist" leads to no slide of the short variant; the deck shows its text alone',
      omitted, // the fragment link in the body
    ]);
  });

  it("lets a link lead to an entry of the sources slide, one the deck lists", async () => {
    const source = brief(
      [
        "  - layout: bullets",
        "    points: ['Cited [@a]; see [the report](#/source-a), not [this one](#/source-b)']",
        "  - layout: sources",
      ].join("\n"),
      "sources:\n  a: { title: Report A }\n  b: { title: Report B }\n",
    );
    const project = makeProject({ "briefs/sources.yaml": source });
    const { stderr } = await runCli(["build", "--no-pdf"], project);
    const html = readFileSync(join(project, "dist", "sources.html"), "utf8");
    expect(html).toContain('<a href="#/source-a">the report</a>');
    expect(html).toContain("not this one");
    // b is never cited, so the sources slide does not list it.
    expect(stderr).toContain('the link to "#/source-b" leads to no slide of this deck');
    expect(stderr).not.toContain('"#/source-a"');
  });

  it("checks a variant's kept items where they are written, not the omitted ones before them", async () => {
    const source = brief(
      [
        "  - layout: bullets",
        "    title: Points",
        "    points:",
        "      - { id: first, text: 'Omitted, with [a typo](#/typo1)' }",
        "      - 'Kept, with [another typo](#/typo2)'",
      ].join("\n"),
      "variants:\n  short: { marking: TEST MARKING, omit: [first] }\n",
    );
    const project = makeProject({ "briefs/items.yaml": source });
    const { stderr } = await runCli(["check", "--no-browser", "--variant", "short"], project);
    const line = source.split("\n").findIndex((l) => l.includes("Kept, with")) + 1;
    expect(stderr).toMatch(
      new RegExp(`briefs/items\\.yaml:${line}:\\d+ warning unknown-anchor {2}the link to "#/typo2"`),
    );
    expect(stderr).not.toContain('link to "#/typo1"');
  });

  it("reports a variant the brief does not have, with the ones it has", async () => {
    const { code, stderr } = await runCli(["build", "--no-pdf", "--variant", "partner"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /briefs\/every-layout\.yaml:\d+:1 error unknown-variant {2}the brief has no variant "partner"/,
    );
    expect(stderr).toContain('did you mean "partners"?');
  });
});

describe.runIf(browserAvailable())("audience variants and circulation copies (PDFs)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = makeProject(EVERY_LAYOUT);
    for (const args of [[], ["--variant", "partners"], ["--no-notes", "--out", "circulation"]]) {
      const { code, stderr } = await runCli(["build", ...args], dir);
      expect(code, stderr).toBe(0);
    }
  }, 120_000);

  it("leaves the omitted content out of the text of the variant's slides PDF and handout", () => {
    const full = `${pdfText(join(dir, "dist/every-layout.pdf"))} ${pdfText(join(dir, "dist/every-layout.handout.pdf"))}`;
    const slides = pdfText(join(dir, "dist/every-layout.partners.pdf"));
    const handout = pdfText(join(dir, "dist/every-layout.partners.handout.pdf"));
    // The image's alt text is not printed; every other sentinel is.
    for (const text of OMITTED.filter((t) => !t.startsWith("Illustrative"))) {
      expect(full.includes(text), `${text} in the full PDFs`).toBe(true);
      expect(slides.includes(text), `${text} in the variant's slides PDF`).toBe(false);
      expect(handout.includes(text), `${text} in the variant's handout`).toBe(false);
    }
    expect(slides).toContain("RELEASABLE TO PARTNERS");
    expect(pdfinfo(join(dir, "dist/every-layout.partners.pdf")).get("Keywords")).toContain(
      "variant partners",
    );
  });

  it("--no-notes handouts carry no notes", () => {
    const full = pdfText(join(dir, "dist/every-layout.handout.pdf"));
    const circulation = pdfText(join(dir, "circulation/every-layout.handout.pdf"));
    for (const sentinel of NOTES) {
      expect(full.includes(sentinel), `${sentinel} in the full handout`).toBe(true);
      expect(circulation.includes(sentinel), `${sentinel} in the circulation handout`).toBe(false);
    }
  });

  it("records the version in the PDFs' metadata", () => {
    const info = pdfinfo(join(dir, "dist/every-layout.pdf"));
    expect(info.get("Keywords")).toContain("version 1.10");
    const raw = readFileSync(join(dir, "dist/every-layout.pdf")).toString("latin1");
    // /Version <FEFF 0031 002E 0031 0030>: "1.10" as UTF-16 in the document information dictionary.
    expect(raw).toContain("/Version <FEFF0031002E00310030>");
  });
});
