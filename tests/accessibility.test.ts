import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page, SerializedAXNode } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AccessibilityFinding,
  accessibilityDiagnostics,
  auditAccessibility,
} from "../src/pdf/accessibility.ts";
import { checkLayout } from "../src/pdf/export-pdf.ts";
import { createPagePool } from "../src/pdf/page-pool.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { browserAvailable, launchChromium } from "./browser.ts";
import { brief, EVERY_LAYOUT, FIXTURES, makeProject, ROOT, runCli, validateSource } from "./helpers.ts";

const DECKS = [
  { name: "the first brief", file: join(ROOT, "briefs/coalition-vs-peacekeeping.yaml") },
  { name: "the every-layout fixture", file: join(FIXTURES, "valid/every-layout.yaml") },
];

describe("where an accessibility finding points", () => {
  const source = brief(
    [
      "  - layout: title",
      "  - layout: bullets",
      "    title: Draft resolution on risk",
      "    points:",
      "      - The [full report](https://example.org/report) and [the site](https://example.org)",
      "      - Risks",
      "      - Risk",
    ].join("\n"),
  );
  const validated = validateSource(source).brief;
  const finding = (over: Partial<AccessibilityFinding>): AccessibilityFinding => ({
    rule: "rule",
    impact: "serious",
    help: "help",
    helpUrl: "https://example.org/rule",
    slide: 1,
    label: "2",
    title: "Draft resolution on risk",
    elements: 1,
    example: "<a>",
    reason: "",
    href: "",
    text: "",
    ...over,
  });
  const at = (over: Partial<AccessibilityFinding>) => {
    if (validated === undefined) throw new Error("the brief did not validate");
    const [d] = accessibilityDiagnostics([finding(over)], validated);
    return [d?.line, d?.column];
  };
  const lineOf = (text: string) => source.split("\n").findIndex((l) => l.includes(text)) + 1;
  const slideLine = lineOf("- layout: bullets");

  it("finds a link by its whole target, not a longer one that starts the same", () => {
    const line = lineOf("[the site]");
    const column = (source.split("\n")[line - 1] ?? "").indexOf("https://example.org)") + 1;
    expect(at({ href: "https://example.org" })).toEqual([line, column]);
  });

  it("finds other elements by a whole line of text, and otherwise points at the slide", () => {
    const risk = source.split("\n").indexOf("      - Risk") + 1;
    expect(at({ text: "Risk" })).toEqual([risk, 9]);
    // Text the templates write ("Draft") that a field merely contains: the slide.
    expect(at({ text: "Draft" })).toEqual([slideLine, 5]);
    expect(at({ href: "https://example.org/elsewhere", text: "page" })).toEqual([slideLine, 5]);
  });
});

describe.runIf(browserAvailable())("the accessibility gate (axe-core in Chromium)", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const deck of DECKS) {
    it(`${deck.name}: check's layout pass finds no accessibility problem on any slide`, async () => {
      const compiled = await compileBrief(deck.file, {
        projectRoot: ROOT,
        templates: loadTemplates(),
        version: "test",
        render: true,
      });
      if (compiled.brief === undefined || compiled.rendered === undefined) throw new Error("did not compile");
      const pool = createPagePool(browser);
      try {
        const diagnostics = await checkLayout(pool, compiled.brief, compiled.rendered, 60_000);
        expect(diagnostics).toEqual([]);
      } finally {
        await pool.close();
      }
    });
  }

  it("check fails a brief whose last slide has a link with no text, at the link, naming the slide", async () => {
    const project = makeProject({ "briefs/empty-link.yaml": "fixture:a11y/empty-link.yaml" });
    const { code, stderr } = await runCli(["check"], project);
    expect(code).toBe(1);
    expect(stderr).toContain(
      // Line 14, column 29: the link's target in the body, as written.
      'briefs/empty-link.yaml:14:29 error a11y-violation  slide 3 "Where to read more": ' +
        "Links must have discernible text (axe link-name, serious; 1 element, first " +
        '<a href="https://example.org/report">)',
    );
    expect(stderr).toMatch(/hint: .*https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/link-name/);
    expect(stderr).toContain("invalid briefs/empty-link.yaml (1 error, 0 warnings)");
  });

  it("check warns about moderate findings (a skipped heading level) and still passes the brief", async () => {
    const project = makeProject({ "briefs/heading-order.yaml": "fixture:a11y/heading-order.yaml" });
    const { code, stderr } = await runCli(["check"], project);
    expect(code).toBe(0);
    expect(stderr).toContain(
      // The heading's text in the body, as written.
      'briefs/heading-order.yaml:11:12 warning a11y-advice  slide 2 "Skipping levels": ' +
        "Heading levels should only increase by one (axe heading-order, moderate; 1 element, first <h4>)",
    );
    expect(stderr).toContain("ok      briefs/heading-order.yaml (0 errors, 1 warning)");
  });

  it("check fails a theme whose muted text is too pale, on every slide that shows it", async () => {
    // The built-in theme with one colour made pale: the gate must notice, whatever else the theme says.
    const project = makeProject(EVERY_LAYOUT);
    const theme = readFileSync(join(ROOT, "templates/theme.css"), "utf8");
    const pale = theme.replace(/--bd-muted:\s*#[0-9a-f]+;/i, "--bd-muted: #a3acb8;");
    expect(pale).not.toBe(theme);
    mkdirSync(join(project, "pale"));
    writeFileSync(join(project, "pale/theme.css"), pale);
    const { code, stderr } = await runCli(["check", "--templates", "pale"], project);
    expect(code).toBe(1);
    const contrast = stderr.split("\n").filter((line) => line.includes("axe color-contrast"));
    // The footer is on every slide (twelve main slides and one annex slide), in muted text.
    expect(contrast).toHaveLength(13);
    expect(contrast[0]).toMatch(/^briefs\/every-layout\.yaml:\d+:\d+ error a11y-violation {2}slide 1 /);
    // The annex slide is named as such, at its own place in the file (it comes after the sources).
    const annexLine = readFileSync(join(ROOT, "tests/fixtures/valid/every-layout.yaml"), "utf8")
      .split("\n")
      .findIndex((line) => line.includes("title: Monitoring in detail"));
    expect(contrast.at(-1)).toMatch(
      new RegExp(
        `^briefs/every-layout\\.yaml:${annexLine}:5 error a11y-violation {2}annex slide A1 "Monitoring in detail"`,
      ),
    );
    expect(stderr).toMatch(/foreground color: #a3acb8/);
  });

  describe("the deck as presented (file://, live view)", () => {
    let page: Page;
    let out: string;

    beforeAll(async () => {
      const project = makeProject(EVERY_LAYOUT);
      const { code, stderr } = await runCli(["build", "--no-pdf"], project);
      expect(code, stderr).toBe(0);
      out = join(project, "dist/every-layout.html");
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(pathToFileURL(out).href);
      await page.waitForFunction(
        () => (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true,
      );
    });

    afterAll(async () => {
      await page?.close();
    });

    it("has no role=application (reveal.js #3772) and exposes the current slide, slide after slide", async () => {
      for (const slide of [0, 1, 3]) {
        await showSlide(page, slide);
        const state = await page.evaluate(() => {
          const current = document.querySelector<HTMLElement>(".reveal .slides > section.present");
          return {
            applications: document.querySelectorAll('[role="application"]').length,
            root: document.querySelector(".reveal")?.tagName,
            title: current?.dataset.bdTitle,
            hidden: current?.getAttribute("aria-hidden") ?? current?.hasAttribute("hidden"),
            inert: current?.hasAttribute("inert"),
          };
        });
        expect(state).toMatchObject({ applications: 0, root: "MAIN", hidden: false, inert: false });
        // What a screen reader gets: the accessibility tree Chromium builds, not the DOM.
        const tree = await page.accessibility.snapshot();
        const nodes = flatten(tree);
        expect(nodes.filter((n) => n.role === "application")).toEqual([]);
        expect(nodes.some((n) => n.role === "main")).toBe(true);
        expect(nodes.some((n) => n.role === "heading" && n.name === state.title)).toBe(true);
      }
    });

    it("axe finds nothing in the live view either (controls, progress bar, current slide)", async () => {
      await showSlide(page, 3);
      expect(await auditAccessibility(page)).toEqual([]);
    });
  });

  it("the tagged PDF holds every slide's heading, not just the first slide's", async () => {
    const project = makeProject(EVERY_LAYOUT);
    const { code, stderr } = await runCli(["build"], project);
    expect(code, stderr).toBe(0);
    // poppler reads the structure tree; it warns on stderr about PDF 2.0 types such as Strong.
    const tree = execFileSync("pdfinfo", ["-struct-text", join(project, "dist/every-layout.pdf")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const headings = [...tree.matchAll(/^\s*H[1-6]\b[^\n]*\n(?:\s*(?:""|NonStruct)\n)*\s*"([^"]+)"/gm)].map(
      (m) => m[1],
    );
    expect(headings).toEqual([
      "Every layout",
      "Bottom line up front",
      "Consent",
      "Against the principles",
      "Background",
      "Troops pledged by country",
      "Two problems",
      "Road to a force",
      "By the numbers",
      "What changed since v1.9",
      "Sources",
      "Monitoring in detail",
    ]);
  });

  it("the print view leaves no slide hidden from assistive technology", async () => {
    const project = makeProject({ "briefs/plain.yaml": "fixture:a11y/empty-link.yaml" });
    const { code } = await runCli(["build", "--no-pdf"], project);
    expect(code).toBe(0);
    const page = await browser.newPage();
    try {
      await page.goto(`${pathToFileURL(join(project, "dist/plain.html")).href}?view=print`);
      // reveal.js adds the pages and announces pdf-ready in one task, so once pages exist it has run.
      await page.waitForFunction(() => document.querySelector(".pdf-page") !== null);
      const sections = await page.evaluate(() =>
        [...document.querySelectorAll(".reveal .slides section")].map((s) => ({
          ariaHidden: s.getAttribute("aria-hidden"),
          hidden: s.hasAttribute("hidden"),
          inert: s.hasAttribute("inert"),
        })),
      );
      const exposed = { ariaHidden: null, hidden: false, inert: false };
      expect(sections).toEqual([exposed, exposed, exposed]);
    } finally {
      await page.close();
    }
  });
});

interface RevealApi {
  slide(h: number): void;
}

// Goes to a slide and waits for the fade to finish: mid-fade, text is paler than the theme says.
async function showSlide(page: Page, index: number): Promise<void> {
  await page.evaluate((n) => (globalThis as unknown as { Reveal: RevealApi }).Reveal.slide(n), index);
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>(".reveal .slides > section")].every((s) => {
      const opacity = getComputedStyle(s).opacity;
      return s.classList.contains("present") ? opacity === "1" : s.hidden || opacity === "0";
    }),
  );
}

function flatten(node: SerializedAXNode | null): SerializedAXNode[] {
  if (node === null) return [];
  return [node, ...(node.children ?? []).flatMap(flatten)];
}
