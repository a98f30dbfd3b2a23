// The deck's colours and type for PowerPoint: the same values as templates/theme.css (a test keeps them
// equal), as hex without `#`, and the slide's frame in inches (13.333 × 7.5, LAYOUT_WIDE).

export const COLOURS = {
  ink: "15202E",
  muted: "4A5565",
  paper: "FFFFFF",
  wash: "F1F4F8",
  rule: "C9D1DC",
  accent: "1B4D89",
  holds: "17663A",
  partial: "8A4B00",
  fails: "B1261C",
  unknown: "4F5866",
  draft: "B1261C",
} as const;

export const FONT = "Source Sans 3";

/**
 * The deck's type scale (templates/theme.css, `--bd-type-*`) in points: the 1280 px canvas is 13.333 in
 * wide, so 1 px is 0.75 pt. The floors are what no text may go below: body 28 px, secondary 22 px,
 * footer and marking 18 px.
 */
export const TYPE = {
  body: 22.5,
  bodyFloor: 21,
  secondary: 18,
  secondaryFloor: 16.5,
  small: 13.5,
  heading: 34.5,
  headingLong: 30,
  headingLongest: 25.5,
} as const;

/**
 * The deck's list markers (templates/theme.css), as pptxgenjs bullets: a point's square, a sub-point's en
 * dash, a judgment's number in a disc (PowerPoint's black circled numbers; pptxgenjs writes `style` as the
 * numbering scheme, not the `numberType` its types name). The package's fix-up colours them in the accent.
 */
export const MARKERS = {
  point: { characterCode: "25A0" },
  subpoint: { characterCode: "2013" },
  judgment: { type: "number", style: "circleNumWdBlackPlain" },
} as const;

/** Each rating's symbol: with its word and colour, colour is never the only signal. */
export const RATING_SYMBOLS = { holds: "●", partial: "◐", fails: "✕", unknown: "?" } as const;

export const FRAME = {
  width: 13.333,
  height: 7.5,
  margin: 0.6,
  /** The title's box, under the top marking. */
  title: { y: 0.4, h: 1.05 },
  /** The content's box, between the title and the footer. */
  body: { y: 1.6, h: 5.0 },
} as const;

/**
 * The footer's insets from the slide's edges before its text and after its slide number, in inches, as
 * the deck's (templates/theme.css, .bd-footer): 72 px on the left and 120 px on the right, where reveal.js's
 * arrows sit on screen in either direction, and the PDF keeps both. Right to left, the text starts at the
 * right, so its inset there is the 120 px.
 */
export function footerInset(rightToLeft: boolean | undefined): { start: number; end: number } {
  const [left, right] = [72 / 96, 120 / 96];
  return rightToLeft ? { start: right, end: left } : { start: left, end: right };
}

/** The content's full width. */
export const BODY_WIDTH = FRAME.width - 2 * FRAME.margin;

/** The colours, each as hex without `#`, and the type families the PowerPoint uses. */
export interface PptxTheme {
  /** `heading` for slide headings (the brand's heading ink, else the accent); `display` for the title
   * slide's title (the brand's heading ink, else the ink), as the deck's CSS colours them. */
  colours: Record<keyof typeof COLOURS, string> & { heading: string; display: string };
  /** The body text's family (PowerPoint substitutes a font it does not have). */
  font: string;
  /** The titles' family. */
  headingFont: string;
  /** The brief's language, on every text run (PowerPoint's proofing and hyphenation). */
  lang?: string;
  /** Right-to-left text (ar, he…): paragraphs set right to left. */
  rtl?: boolean;
}

/**
 * The theme with the brand's variables applied: the same `--bd-*` variables the deck's CSS gets from
 * _brand.yml (src/project/load-brand.ts), read from the brand's CSS. Without a brand, the built-in theme.
 */
export function themeFrom(brandCss = ""): PptxTheme {
  const vars = new Map<string, string>();
  for (const m of brandCss.matchAll(/--bd-([a-z-]+):\s*([^;]+);/g)) vars.set(m[1] ?? "", (m[2] ?? "").trim());
  const hex = (name: string) => {
    const value = vars.get(name);
    return value !== undefined && /^#[0-9a-f]{6}$/i.test(value) ? value.slice(1).toUpperCase() : undefined;
  };
  const family = (name: string) => {
    const first = vars.get(name)?.split(",")[0]?.trim();
    return first === undefined || first === "" ? undefined : first.replace(/^["']|["']$/g, "");
  };
  const colours = Object.fromEntries(
    Object.entries(COLOURS).map(([name, value]) => [name, hex(name) ?? value]),
  ) as Record<keyof typeof COLOURS, string>;
  const font = family("font") ?? FONT;
  return {
    colours: {
      ...colours,
      heading: hex("heading-ink") ?? colours.accent,
      display: hex("heading-ink") ?? colours.ink,
    },
    font,
    headingFont: family("heading-font") ?? font,
  };
}
