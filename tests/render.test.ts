import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareVersions } from "../src/brief/changes.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { brief, FIXTURES, makeProject, ROOT } from "./helpers.ts";

const templates = loadTemplates();

function render(source: string, options: { templatesDir?: string } = {}) {
  const project = makeProject({ "briefs/test.yaml": source });
  const t = options.templatesDir ? loadTemplates(options.templatesDir) : templates;
  return compileBrief(join(project, "briefs/test.yaml"), {
    projectRoot: project,
    templates: t,
    version: "test",
    render: true,
  });
}

/** The slides' markup, without the inlined reveal.js, theme and fonts. */
function slidesOf(html: string | undefined): string {
  const start = html?.indexOf('<div class="slides">') ?? -1;
  const end = html?.indexOf("<script>") ?? -1;
  if (start < 0 || end < 0) throw new Error("no slides in the output");
  return (html ?? "").slice(start, end);
}

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

const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(2)">',
  "[click](javascript:alert(3))",
  "[entity](jav&#x61;script:alert(4))",
  '<a href="jav&#x09;ascript:alert(5)">x</a>',
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)",
  "<iframe src=file:///etc/passwd></iframe>",
  "<object data=x></object><embed src=y><style>body{display:none}</style>",
  "{{constructor.constructor 'alert(7)'}}",
];

describe("untrusted text stays text", () => {
  const payloads = XSS_PAYLOADS;
  const field = (p: string) => JSON.stringify(p);

  for (const payload of payloads) {
    it(`neutralises ${payload}`, async () => {
      const source = brief(
        [
          "  - layout: title",
          `  - layout: bullets\n    title: ${field(payload)}\n    points: [${field(payload)}, { text: ${field(payload)}, points: [${field(payload)}] }]\n    notes: ${field(payload)}`,
          `  - layout: judgments\n    items: [{ text: ${field(payload)} }]`,
          `  - layout: comparison\n    columns: [${field(payload)}]\n    rows: [{ label: ${field(payload)}, cells: [{ rating: holds, text: ${field(payload)} }] }]`,
          `  - layout: text\n    title: T\n    body: ${field(payload)}`,
          `  - layout: quote\n    quote: ${field(payload)}\n    attribution: ${field(payload)}`,
          `  - layout: section\n    title: ${field(payload)}\n    subtitle: ${field(payload)}`,
        ].join("\n"),
        `subtitle: ${field(payload)}\nauthor: ${field(payload)}\norganisation: ${field(payload)}\nmarking: ${field(payload)}\n`,
      ).replace("marking: TEST MARKING\n", "");
      const result = await render(source);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const slides = slidesOf(result.rendered?.deck);
      expect(slides).not.toMatch(/<(script|iframe|object|embed|style)\b/i);
      // Inside tags: the escaped payload may still show its words as text.
      expect(slides).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(slides).not.toMatch(/<[^>]*(href|src)\s*=\s*"?\s*(javascript|data:text|jav)/i);
      expect(slides).not.toContain("alert(7)</");
      // The words are still there, shown as text.
      if (payload.startsWith("<script")) expect(slides).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });
  }
});

describe("templates", () => {
  it("falls back to the built-ins for files an override folder does not have", async () => {
    const dir = makeProject();
    mkdirSync(join(dir, "tpl", "layouts"), { recursive: true });
    writeFileSync(join(dir, "tpl", "layouts", "section.hbs"), '<h2 class="custom-section">{{title}}!</h2>');
    const result = await render(
      brief("  - layout: section\n    title: Override\n  - layout: bullets\n    points: [x]\n"),
      {
        templatesDir: join(dir, "tpl"),
      },
    );
    const slides = slidesOf(result.rendered?.deck);
    expect(slides).toContain('<h2 class="custom-section">Override!</h2>');
    expect(slides).toContain('<ul class="bd-points">');
  });

  it("reports a template that names a missing field instead of printing nothing", async () => {
    const dir = makeProject();
    mkdirSync(join(dir, "tpl", "layouts"), { recursive: true });
    writeFileSync(join(dir, "tpl", "layouts", "section.hbs"), "<h2>{{titel}}</h2>");
    const result = await render(brief("  - layout: section\n    title: Strict\n"), {
      templatesDir: join(dir, "tpl"),
    });
    expect(result.rendered?.deck).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["template-error"]);
    expect(result.diagnostics[0]?.message).toContain('"titel" not defined');
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

describe("acronyms", async () => {
  const source = brief(
    [
      "  - layout: bullets",
      "    title: What the PLA and NGOs do",
      "    points:",
      "      - The People's Liberation Army (PLA) trains",
      "      - NGOs fund R&D, and an NGO [reports on the NATO summit](https://example.org)",
      "      - Later, NGOs and R&D again; the NATO line holds",
      "    notes: NATO in the notes is marked, never written out.",
    ].join("\n"),
    [
      "glossary:",
      "  PLA: People's Liberation Army",
      "  NGO: non-governmental organisation",
      "  R&D: research and development",
      "  NATO: North Atlantic Treaty Organization",
      "",
    ].join("\n"),
  );
  const result = await render(source);
  const slides = slidesOf(result.rendered?.deck);

  it("writes out the first use in running text and marks up the rest", () => {
    // Headings are never rewritten; the author's own expansion counts (apostrophe and all).
    expect(slides).toContain(
      `What the <abbr title="People&#39;s Liberation Army">PLA</abbr> and <abbr title="non-governmental organisation">NGOs</abbr> do`,
    );
    expect(slides).toContain("The People's Liberation Army (<abbr");
    expect(slides).toContain("non-governmental organisations (NGOs) fund research and development (R&amp;D)");
    expect(slides).toContain('an <abbr title="non-governmental organisation">NGO</abbr>');
    // Link text is running text too.
    expect(slides).toContain("reports on the North Atlantic Treaty Organization (NATO) summit</a>");
    expect(slides).toContain('the <abbr title="North Atlantic Treaty Organization">NATO</abbr> line');
    expect(slides).toContain(
      '<aside class="notes"><p><abbr title="North Atlantic Treaty Organization">NATO</abbr> in',
    );
  });

  it("treats a body's headings as headings: marked up, never written out, and warned about", async () => {
    const headed = await render(
      brief(
        [
          "  - layout: text",
          "    title: Options",
          "    body: |",
          "      ### What the UN can do",
          "",
          "      The UN observes; the OSCE monitors.",
          "",
          "      #### The Organization for Security and Co-operation in Europe (OSCE)",
        ].join("\n"),
        "glossary:\n  UN: United Nations\n  OSCE: Organization for Security and Co-operation in Europe\n",
      ),
    );
    const body = slidesOf(headed.rendered?.deck);
    // The heading keeps "UN"; the running text after it writes it out; OSCE in running text comes first.
    expect(body).toContain('<h3>What the <abbr title="United Nations">UN</abbr> can do</h3>');
    expect(body).toContain("The United Nations (UN) observes; the Organization for Security and");
    expect(body).toContain("Co-operation in Europe (OSCE) monitors.");
    // The lint sees the same: UN's first use is in a heading, where it cannot be written out.
    const warnings = headed.diagnostics.map((d) => [d.code, d.line, d.message]);
    expect(warnings).toEqual([
      ["acronym-before-expansion", 12, '"UN" is used here before it is expanded (United Nations)'],
    ]);
  });

  it("reads a body's headings the same way in the lint: after an expansion, and inside a list item", async () => {
    const body = (text: string) =>
      render(
        brief(
          `  - layout: text\n    title: T\n    body: |\n${text.replace(/^/gm, "      ")}\n`,
          "glossary:\n  UN: United Nations\n",
        ),
      );
    const after = await body("The United Nations met.\n\n### The UN response");
    expect(slidesOf(after.rendered?.deck)).toContain(
      '<h3>The <abbr title="United Nations">UN</abbr> response</h3>',
    );
    expect(after.diagnostics).toEqual([]);
    const listed = await body("- ### The UN in a list\n\nThe UN later.");
    expect(slidesOf(listed.rendered?.deck)).toContain("The United Nations (UN) later.");
    expect(listed.diagnostics.map((d) => d.code)).toEqual(["acronym-before-expansion"]);
  });

  it("lists the acronyms the deck uses at the end of the handout", () => {
    const handout = result.rendered?.handout ?? "";
    const glossary = handout.slice(handout.indexOf('<section class="bd-handout-glossary">'));
    expect(glossary.match(/<dt>[^<]*<\/dt>/g)).toEqual([
      "<dt>NATO</dt>",
      "<dt>NGO</dt>",
      "<dt>PLA</dt>",
      "<dt>R&amp;D</dt>",
    ]);
  });
});

describe("the version history", () => {
  it("orders versions as documents number them", () => {
    const sorted = ["1.10", "1.2a", "1.0-rc1", "1.9", "2", "1.0", "1.0-rc2", "1.2"].sort(compareVersions);
    expect(sorted).toEqual(["1.0-rc1", "1.0-rc2", "1.0", "1.2", "1.2a", "1.9", "1.10", "2"]);
    expect(compareVersions("1", "1.0.0")).toBe(0);
  });

  it("shows what changed since the version before the latest, or the one entry there is", async () => {
    const changes = (entries: string[]) =>
      `changes:\n${entries.map((v, i) => `  - { version: "${v}", date: 2026-11-0${i + 1}, summary: Change ${v} }\n`).join("")}`;
    const two = slidesOf(
      (await render(brief("  - layout: changes\n", changes(["1.9", "1.10"])))).rendered?.deck,
    );
    expect(two).toContain("What changed since v1.9</h2>");
    expect(two).toContain("Change 1.10");
    expect(two.includes("Change 1.9")).toBe(false);
    const one = slidesOf((await render(brief("  - layout: changes\n", changes(["0.1"])))).rendered?.deck);
    expect(one).toContain("What is new in v0.1</h2>");
    expect(one).toContain("Change 0.1");
  });
});

describe("Markdown tables in text bodies", () => {
  it("right-aligns numeric columns, keeps set alignments, and renders an empty corner as a cell", async () => {
    const body = [
      "      |  | 2024 | 2025 [@a] | Trend | Set |",
      "      |--|------|-----------|-------|:-----:|",
      "      | Spending (€bn) | 1,234.5 | 1 400 [@a] | rising | 1 |",
      "      | Share | 12% | – | flat | 2 |",
    ].join("\n");
    const result = await render(
      brief(`  - layout: text\n    title: Table\n    body: |\n${body}\n`, "sources:\n  a: { title: A }\n"),
    );
    const deck = slidesOf(result.rendered?.deck);
    expect(deck).toContain("<thead>\n<tr>\n<td></td>\n");
    expect(deck).toContain('<th align="right">2024</th>');
    expect(deck).toContain('<td align="right">1,234.5</td>');
    expect(deck).toContain('<td align="right">12%</td>');
    expect(deck).toContain("<td>rising</td>");
    expect(deck).toContain('<td align="center">2</td>');
  });
});
