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

/** The content's full width. */
export const BODY_WIDTH = FRAME.width - 2 * FRAME.margin;
