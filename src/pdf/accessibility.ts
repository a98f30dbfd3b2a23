import { readFileSync } from "node:fs";
import type { AxeResults, ImpactValue, RunOptions } from "axe-core";
import type { Page } from "puppeteer-core";
import { type Brief, markdownFields, type Slide } from "../brief/brief.ts";
import { presentedSlides } from "../brief/continuation.ts";
import { findNode } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { lazyRequire } from "../lazy-require.ts";

/** One axe rule broken on one slide (or by the page as a whole), with how many elements break it. */
export interface AccessibilityFinding {
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  /** The slide's position in the deck (0-based: main slides, then the annex); undefined for the document. */
  slide: number | undefined;
  /** The slide's number as the deck shows it: "3", or "A1" in the annex. */
  label: string;
  title: string;
  elements: number;
  /** The first offending element's opening tag. */
  example: string;
  /** axe's explanation for the first offending element, e.g. the contrast it measured. */
  reason: string;
  /** The first offending element's link target and text, to find the field it came from. */
  href: string;
  text: string;
}

// WCAG 2.0, 2.1 and 2.2 levels A and AA, and axe's best practices (landmarks, heading order, ...).
const RUN_OPTIONS: RunOptions = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  resultTypes: ["violations"],
  elementRef: true,
  selectors: false,
};

// The DRAFT watermark is decoration (WCAG 1.4.3 exempts it), and text it crosses makes axe give up on
// that text's background. It is hidden for the audit; tests/contrast.test.ts checks text on its tint.
const DECORATION = ".bd-draft-watermark";

let axeSource: string | undefined;

// axe-core is read from its package at run time, like reveal.js: the bundled CLI cannot inline it.
function loadAxeSource(): string {
  axeSource ??= readFileSync(lazyRequire.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/**
 * Runs axe-core over the document in `page` and returns what it found, rule by rule and slide by slide.
 * axe is evaluated through the DevTools protocol, which the deck's Content-Security-Policy does not govern.
 */
export async function auditAccessibility(page: Page): Promise<AccessibilityFinding[]> {
  await page.evaluate(loadAxeSource());
  return page.evaluate(
    async (options, decoration) => {
      const hidden = [...document.querySelectorAll<HTMLElement>(decoration)];
      for (const element of hidden) element.style.visibility = "hidden";
      const { axe } = window as unknown as { axe: { run(c: Node, o: unknown): Promise<AxeResults> } };
      const results = await axe.run(document, options).finally(() => {
        for (const element of hidden) element.style.removeProperty("visibility");
      });
      const sections = [...document.querySelectorAll<HTMLElement>("section.bd-section")];
      return results.violations.flatMap((violation) => {
        const bySlide = new Map<HTMLElement | undefined, typeof violation.nodes>();
        for (const node of violation.nodes) {
          const section = node.element?.closest<HTMLElement>("section.bd-section") ?? undefined;
          bySlide.set(section, [...(bySlide.get(section) ?? []), node]);
        }
        return [...bySlide].map(([section, nodes]) => ({
          rule: violation.id,
          impact: violation.impact,
          help: violation.help,
          helpUrl: violation.helpUrl,
          slide: section === undefined ? undefined : sections.indexOf(section),
          label: section?.dataset.bdNumber ?? "",
          title: section?.dataset.bdTitle ?? "",
          elements: nodes.length,
          example: /^<[^>]*>/.exec(nodes[0]?.html ?? "")?.[0] ?? "",
          reason: (nodes[0]?.failureSummary ?? "").split("\n")[1]?.trim() ?? "",
          href: nodes[0]?.element?.getAttribute("href") ?? "",
          text: (nodes[0]?.element?.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 200),
        }));
      });
    },
    { ...RUN_OPTIONS },
    DECORATION,
  );
}

/**
 * Turns findings into diagnostics at the field each came from, or else the slide: serious and critical
 * ones are errors (`a11y-violation`), moderate and minor ones warnings (`a11y-advice`).
 */
export function accessibilityDiagnostics(findings: AccessibilityFinding[], brief: Brief): Diagnostic[] {
  const shown = presentedSlides(brief);
  return findings.map((finding) => {
    const slide = finding.slide === undefined ? undefined : shown[finding.slide];
    const title = finding.title ? ` "${finding.title}"` : "";
    const which = slide?.annex ? "annex slide" : "slide";
    const where = finding.slide === undefined ? "the deck" : `${which} ${finding.label}${title}`;
    const count = finding.elements === 1 ? "1 element" : `${finding.elements} elements`;
    const message =
      `${where}: ${finding.help} (axe ${finding.rule}, ${finding.impact ?? "minor"}; ` +
      `${count}, first ${shorten(finding.example)})`;
    const url = finding.helpUrl.replace(/\?.*$/, "");
    const hint = finding.reason ? `${finding.reason}; see ${url}` : `see ${url}`;
    const serious = finding.impact === "serious" || finding.impact === "critical";
    const offset =
      slide === undefined ? undefined : (fieldOffset(brief, slide, finding) ?? slide.node?.range?.[0]);
    const at = offset === undefined ? { file: brief.file, line: 1, column: 1 } : brief.locator.at(offset);
    return diagnose(serious ? "a11y-violation" : "a11y-advice", message, at, hint);
  });
}

/**
 * Where in the file the offending element came from, when exactly one place in its slide's fields
 * holds it as written: a link by its target (`](href` followed by the link's end or its title), anything
 * else by its text making up a whole line of a field (a heading, a point, a label). Otherwise undefined,
 * and the finding points at the slide: text the templates write ("Draft", a rating) or that appears in
 * more than one place would only mislead.
 */
function fieldOffset(brief: Brief, slide: Slide, finding: AccessibilityFinding): number | undefined {
  const fields = markdownFields(slide).flatMap((field) => {
    const { node, complete } = findNode(slide.node, field.path);
    const range = complete ? node?.range : undefined;
    return range ? [{ start: range[0], raw: brief.locator.source.slice(range[0], range[1]) }] : [];
  });
  const only = (hits: number[]) => (hits.length === 1 ? hits[0] : undefined);
  if (finding.href) {
    const found = only(fields.flatMap((f) => linkTargets(f.raw, finding.href).map((i) => f.start + i)));
    if (found !== undefined) return found;
  }
  if (finding.text.length < 4) return undefined;
  return only(
    fields.flatMap((field) => {
      let offset = field.start;
      return field.raw.split("\n").flatMap((line) => {
        const at = offset;
        offset += line.length + 1;
        // The line without its indentation, Markdown markers (heading, list, quotation) and YAML quotes.
        const marker = /^[ \t]*(?:(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)[ \t]+)*["']?/.exec(line)?.[0] ?? "";
        const content = line
          .slice(marker.length)
          .replace(/["']?[ \t]*#*[ \t]*$/, "")
          .replace(/\s+/g, " ");
        return content === finding.text ? [at + marker.length] : [];
      });
    }),
  );
}

// Where `](href` stands in Markdown text with the link ending (or its title starting) right after it:
// the offsets of each href.
function linkTargets(raw: string, href: string): number[] {
  const found: number[] = [];
  for (let i = raw.indexOf(`](${href}`); i >= 0; i = raw.indexOf(`](${href}`, i + 1)) {
    if (/[\s)]/.test(raw[i + 2 + href.length] ?? "")) found.push(i + 2);
  }
  return found;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
