import type { inlineRuns, Run } from "./inline-runs.ts";
import type { PptxSlide, TextOptions } from "./pptxgen.ts";
import type { PptxTheme } from "./theme.ts";
import type { SlideFrame } from "./type-scale.ts";

// The text boxes every layout shares: the deck's text style, the heading with its rule, the body under it.

/** The deck's text style in the PowerPoint: its font, ink, language and direction, shrunk to fit. */
export const textStyle = (theme: PptxTheme) =>
  ({
    fontFace: theme.font,
    color: theme.colours.ink,
    valign: "top",
    fit: "shrink",
    margin: 0,
    lang: theme.lang,
    rtlMode: theme.rtl,
    ...(theme.rtl ? { align: "right" as const } : {}),
  }) as const;

/** Inline Markdown as runs, its acronyms as the deck writes them. */
export type Inline = (markdown: string, style?: Parameters<typeof inlineRuns>[2]) => Run[];
/** A slide's two kinds of inline text: labels and running (prose) text. */
export interface Runs {
  label: Inline;
  prose: Inline;
}

/**
 * A judgment's estimate label ("LIKELIHOOD"), as the deck sets it: bold in the ink, at `fontSize`, a
 * little spaced (0.06 em; templates/theme.css, .bd-estimate-label). The caller writes it in capitals.
 */
export function caption(text: string, theme: PptxTheme, fontSize: number): Run {
  return {
    text,
    options: { bold: true, color: theme.colours.ink, fontSize, ...letterSpacing(text, 0.06 * fontSize) },
  };
}

// Scripts whose letters join: spacing them pulls the joins apart, and browsers leave them unspaced.
const JOINED =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mandaic}\p{Script=Mongolian}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** The deck's letter spacing (`points`) for `text` in pptxgenjs's terms: none for a script whose letters join. */
export function letterSpacing(text: string, points: number): { charSpacing?: number } {
  return JOINED.test(text) ? {} : { charSpacing: Math.round(points * 10) / 10 };
}

/** The slide's body text in its box, when there is any. */
export function body(
  target: PptxSlide,
  runs: Run[],
  theme: PptxTheme,
  box: SlideFrame["body"],
  extra: Partial<TextOptions> = {},
) {
  // Centred in the space under the heading, as the deck balances its content.
  if (runs.length > 0)
    target.addText(runs, { ...textStyle(theme), ...box, valign: "middle", objectName: "Body", ...extra });
}

/** The slide's title in the deck's heading box, with the deck's rule under it. */
export function addHeading(
  target: PptxSlide,
  runs: Run[],
  frame: SlideFrame,
  style: TextOptions,
  theme: PptxTheme,
) {
  const { x, y, w, h } = frame.title;
  // The deck's heading box holds 12 px of padding and a 3 px rule under the text.
  const rule = 3 / 96;
  const text = h - 12 / 96 - rule;
  target.addText(runs, {
    ...style,
    x,
    y,
    w,
    h: text,
    fontSize: frame.size("title"),
    bold: true,
    valign: "bottom",
    objectName: "Title",
  });
  target.addShape("line", {
    x,
    y: y + h - rule / 2,
    w,
    h: 0,
    line: { color: theme.colours.accent, width: 2.25 },
  });
}
