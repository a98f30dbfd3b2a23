import { Lexer, type Token, type Tokens } from "marked";
import { escapeHtml } from "../escape-html.ts";
import type { TextProps } from "./pptxgen.ts";

// Markdown as PowerPoint text runs: bold, italic and code kept, links as hyperlinks, citations `[@key]`
// as superscript numbers (the deck's numbering), so the text stays editable in PowerPoint.

export type Run = TextProps;
type Style = Omit<NonNullable<Run["options"]>, "breakLine">;

/** Turns a citation key into its number, or undefined when the source is not numbered. */
export type CiteNumber = (key: string) => number | undefined;

/**
 * Rewrites rendered HTML text the way the deck does: the acronym expander's `prose` (first use written
 * out) or `label` (marked up only). Identity when absent.
 */
export type Expand = (html: string) => string;

/**
 * One line of inline Markdown as runs, each with `style` under its own formatting. Each text run (not
 * code) goes through `expand` as HTML, as the deck's text does, and comes back as plain text.
 */
export function inlineRuns(
  markdown: string,
  cite: CiteNumber,
  style: Style = {},
  expand: Expand = (html) => html,
): Run[] {
  const runs: Run[] = [];
  // Citations first: marked would read `[@key]` as text anyway, but a number needs its own run.
  const parts = markdown.split(/\[@([^\]\s]+)\]/g);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const number = cite(part);
      if (number !== undefined) runs.push({ text: `[${number}]`, options: { ...style, superscript: true } });
      return;
    }
    if (part !== "") runs.push(...tokenRuns(Lexer.lexInline(part), style));
  });
  return runs.map((run) =>
    run.options?.fontFace === CODE || run.text === undefined || run.text === ""
      ? run
      : { ...run, text: decode(expand(escapeHtml(run.text)).replace(/<\/?abbr\b[^>]*>/g, "")) },
  );
}

const CODE = "Courier New";

function tokenRuns(tokens: readonly Token[], style: Style): Run[] {
  return tokens.flatMap((token): Run[] => {
    switch (token.type) {
      case "strong":
        return tokenRuns((token as Tokens.Strong).tokens, { ...style, bold: true });
      case "em":
        return tokenRuns((token as Tokens.Em).tokens, { ...style, italic: true });
      case "del":
        return tokenRuns((token as Tokens.Del).tokens, { ...style, strike: "sngStrike" });
      case "codespan":
        return [{ text: (token as Tokens.Codespan).text, options: { ...style, fontFace: CODE } }];
      case "link": {
        const link = token as Tokens.Link;
        const external = /^(https?:|mailto:)/i.test(link.href);
        const linked = external ? { ...style, hyperlink: { url: link.href } } : style;
        return tokenRuns(link.tokens, linked);
      }
      case "image":
        return [{ text: (token as Tokens.Image).text, options: style }];
      case "br":
        return [{ text: "", options: { ...style, breakLine: true } }];
      case "html":
        return [];
      default: {
        const nested = (token as { tokens?: Token[] }).tokens;
        if (nested !== undefined && nested.length > 0) return tokenRuns(nested, style);
        return [{ text: decode((token as { text?: string }).text ?? token.raw), options: style }];
      }
    }
  });
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * Runs as one paragraph: the type (size, colour, bold, italic) on every run under the run's own; the
 * bullet, level and spacing on the first run only (pptxgenjs starts a paragraph at each bullet; the
 * package's fix-up keeps one paragraph property per paragraph); the last run ends the line.
 */
export function paragraph(runs: Run[], options: Style = {}): Run[] {
  const { bullet, indentLevel, paraSpaceAfter, paraSpaceBefore, ...type } = options;
  const out = (runs.length === 0 ? [{ text: "" }] : runs).map((r) => ({
    ...r,
    options: { ...type, ...r.options },
  }));
  const first = out[0] as Run;
  first.options = { ...first.options, bullet, indentLevel, paraSpaceAfter, paraSpaceBefore };
  const last = out[out.length - 1] as Run;
  last.options = { ...last.options, breakLine: true };
  return out;
}

/** Notes as plain text: paragraphs and list markers kept, emphasis and link syntax removed. */
export function plainNotes(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) =>
      line
        .replace(/\[([^\]]*)\]\(([^)]*)\)/g, "$1 ($2)")
        .replace(/[*_`]+/g, "")
        .trimEnd(),
    )
    .join("\n")
    .trim();
}
