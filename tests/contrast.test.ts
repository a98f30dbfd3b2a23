import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  composite,
  contrastRatio,
  parseColor,
  type Rgba,
  relativeLuminance,
  requiredRatio,
  toHex,
} from "../src/render/contrast.ts";
import { ROOT } from "./helpers.ts";

describe("contrast arithmetic (WCAG 2.x)", () => {
  it("gives 21:1 for black on white and 1:1 for a colour on itself", () => {
    const black = parseColor("#000") as Rgba;
    const white = parseColor("#ffffff") as Rgba;
    expect(relativeLuminance(white)).toBe(1);
    expect(contrastRatio(black, white)).toBe(21);
    expect(contrastRatio(white, black)).toBe(21);
    expect(contrastRatio(white, white)).toBe(1);
  });

  it("matches published ratios", () => {
    // #767676 on white is the palest grey that passes 4.5:1 (4.54:1); #777777 fails (4.48:1).
    const white = parseColor("#fff") as Rgba;
    expect(contrastRatio(parseColor("#767676") as Rgba, white)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(parseColor("#777777") as Rgba, white)).toBeCloseTo(4.48, 2);
  });

  it("blends translucent colours over what is under them", () => {
    const tint = composite(parseColor("rgba(0, 0, 0, 0.5)") as Rgba, parseColor("#fff") as Rgba);
    expect(toHex(tint)).toBe("#808080");
    expect(parseColor("transparent")?.a).toBe(0);
    expect(parseColor("red")).toBeUndefined();
  });

  it("asks 3:1 only of large text: 24px, or 18.66px and bold", () => {
    expect(requiredRatio(24, 400)).toBe(3);
    expect(requiredRatio(19, 700)).toBe(3);
    expect(requiredRatio(19, 600)).toBe(4.5);
    expect(requiredRatio(17, 700)).toBe(4.5);
    expect(requiredRatio(undefined, 700)).toBe(4.5);
  });
});

// The theme's own rules, read from templates/theme.css: change a colour there and this test sees it.
const theme = readTheme(readFileSync(join(ROOT, "templates/theme.css"), "utf8"));

/** Text (or a control) drawn in `text`'s colour on `on`'s background, sized by `font`'s rule. */
interface Pair {
  what: string;
  text: [selector: string, property: string];
  on: [selector: string, property: string];
  /** The rule that sets the text's size and weight; without one the text is held to 4.5:1. */
  font?: string;
  /** For controls and graphics (WCAG 1.4.11): 3:1 whatever their size. */
  required?: number;
}

const PAPER: [string, string] = [".bd-slide", "background"];
const PAIRS: Pair[] = [
  { what: "body text", text: [".reveal", "color"], on: PAPER },
  { what: "slide heading", text: [".reveal .bd-heading", "color"], on: PAPER, font: ".reveal .bd-heading" },
  { what: "title", text: [".reveal .bd-title", "color"], on: PAPER, font: ".reveal .bd-title" },
  { what: "subtitle", text: [".reveal .bd-subtitle", "color"], on: PAPER, font: ".reveal .bd-subtitle" },
  { what: "byline", text: [".bd-byline p", "color"], on: PAPER, font: ".bd-byline p" },
  { what: "author", text: [".reveal .bd-byline .bd-author", "color"], on: PAPER, font: ".bd-byline p" },
  { what: "footer", text: [".bd-footer", "color"], on: PAPER, font: ".bd-footer" },
  { what: "slide number", text: [".bd-slide-number", "color"], on: PAPER, font: ".bd-footer" },
  {
    what: "marking banner",
    text: [".bd-marking", "color"],
    on: [".bd-marking", "background"],
    font: ".bd-marking",
  },
  {
    what: "DRAFT badge",
    text: [".bd-draft-badge", "color"],
    on: [".bd-draft-badge", "background"],
    font: ".bd-draft-badge",
  },
  { what: "links and citations", text: [".reveal a", "color"], on: PAPER },
  {
    what: "judgment number",
    text: [".bd-judgment::before", "color"],
    on: [".bd-judgment::before", "background"],
    font: ".bd-judgment::before",
  },
  {
    what: "likelihood, confidence",
    text: [".reveal .bd-estimate", "color"],
    on: PAPER,
    font: ".reveal .bd-estimate",
  },
  { what: "estimate label", text: [".bd-estimate-label", "color"], on: PAPER, font: ".bd-estimate-label" },
  {
    what: "sub-points",
    text: [".reveal .bd-subpoints > li", "color"],
    on: PAPER,
    font: ".reveal .bd-subpoints > li",
  },
  {
    what: "matrix column header",
    text: [".bd-matrix thead th", "color"],
    on: [".bd-matrix thead th", "background"],
    font: ".bd-matrix thead th",
  },
  {
    what: "matrix row header",
    text: [".bd-matrix tbody th", "color"],
    on: [".bd-matrix tbody th", "background"],
    font: ".bd-matrix tbody th",
  },
  ...["holds", "partial", "fails", "unknown"].map(
    (rating): Pair => ({
      what: `rating ${rating}`,
      text: [`.bd-rating-${rating}`, "color"],
      on: PAPER,
      font: ".bd-rating",
    }),
  ),
  {
    what: "section title",
    text: [".reveal .bd-section-title", "color"],
    on: [".bd-layout-section .bd-content", "background"],
    font: ".reveal .bd-section-title",
  },
  {
    what: "section subtitle",
    text: [".reveal .bd-section-subtitle", "color"],
    on: [".bd-layout-section .bd-content", "background"],
    font: ".reveal .bd-section-subtitle",
  },
  {
    what: "version history date",
    text: [".reveal .bd-change-meta", "color"],
    on: PAPER,
    font: ".reveal .bd-change-meta",
  },
  {
    what: "quote attribution",
    text: [".reveal .bd-quote figcaption", "color"],
    on: PAPER,
    font: ".reveal .bd-quote figcaption",
  },
  { what: "source grading", text: [".reveal", "color"], on: PAPER, font: ".bd-grading" },
  { what: "selected text", text: [".reveal", "color"], on: [".reveal ::selection", "background"] },
  { what: "navigation arrows", text: [".reveal .controls", "color"], on: PAPER, required: 3 },
  { what: "progress bar", text: [".reveal .progress", "color"], on: PAPER, required: 3 },
];

// On a draft deck the DRAFT watermark tints the paper under the text: text on paper must pass there too.
const paper = theme.color(...PAPER);
const tinted = composite(theme.color(".bd-draft-watermark", "color"), paper);
const CASES = PAIRS.flatMap((pair) => {
  const on = theme.color(...pair.on);
  const background = on.a < 1 ? composite(on, paper) : on;
  const size = pair.font === undefined ? undefined : theme.fontSize(pair.font);
  const weight = pair.font === undefined ? 400 : theme.fontWeight(pair.font);
  const required = pair.required ?? requiredRatio(size, weight);
  const text = theme.color(...pair.text);
  // Controls sit in the corner, clear of the watermark; text anywhere on the paper may cross it.
  const onPaper = pair.on === PAPER && pair.required === undefined;
  return [
    { ...pair, text, background, required, where: "" },
    ...(onPaper ? [{ ...pair, text, background: tinted, required, where: " over the DRAFT watermark" }] : []),
  ];
});

describe("the theme's text and background colours (templates/theme.css) meet WCAG AA", () => {
  const rows = CASES.map((c) => {
    const ratio = contrastRatio(c.text, c.background);
    const label = `${c.what}${c.where}: ${toHex(c.text)} on ${toHex(c.background)}`;
    return [`${label} is ${ratio.toFixed(2)}:1 (needs ${c.required}:1)`, label, ratio, c.required] as const;
  });
  it.each(rows)("%s", (_, label, ratio, required) => {
    expect(ratio, `${label} is ${ratio.toFixed(2)}:1, below ${required}:1`).toBeGreaterThanOrEqual(required);
  });
});

interface Theme {
  color(selector: string, property: string): Rgba;
  fontSize(selector: string): number | undefined;
  fontWeight(selector: string): number;
}

// A small reader for the theme's flat rules: enough to look up a declaration by exact selector and
// resolve the custom properties of :root.
function readTheme(css: string): Theme {
  const rules: Array<{ selectors: string[]; declarations: Map<string, string> }> = [];
  for (const [, selectorText = "", body = ""] of css
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = new Map<string, string>();
    for (const declaration of body.split(";")) {
      const colon = declaration.indexOf(":");
      if (colon > 0)
        declarations.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
    rules.push({
      selectors: selectorText.split(",").map((s) => s.trim().replace(/\s+/g, " ")),
      declarations,
    });
  }
  const lookup = (selector: string, properties: string[]): string | undefined => {
    let found: string | undefined;
    for (const rule of rules) {
      if (!rule.selectors.includes(selector)) continue;
      for (const property of properties) found = rule.declarations.get(property) ?? found;
    }
    return found === undefined ? undefined : resolve(found);
  };
  const resolve = (value: string, depth = 0): string =>
    depth > 10
      ? value
      : // var(--name) or var(--name, fallback): a variable a brand may set falls back to the theme's own.
        value.replace(
          /var\((--[\w-]+)(?:,\s*(var\(--[\w-]+\)|[^()]+))?\)/g,
          (_, name: string, fallback?: string) =>
            resolve(lookup(":root", [name]) ?? fallback ?? "", depth + 1),
        );
  return {
    color(selector, property) {
      const names = property === "background" ? ["background", "background-color"] : [property];
      const value = lookup(selector, names);
      const color = value === undefined ? undefined : parseColor(value);
      if (color === undefined)
        throw new Error(`theme.css: no colour for ${property} in "${selector}" (${value})`);
      return color;
    },
    fontSize(selector) {
      const match = /^([\d.]+)px$/.exec(lookup(selector, ["font-size"]) ?? "");
      return match === null ? undefined : Number(match[1]);
    },
    fontWeight(selector) {
      const value = lookup(selector, ["font-weight"]) ?? "400";
      return value === "bold" ? 700 : Number(value) || 400;
    },
  };
}
