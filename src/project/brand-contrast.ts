import { contrastRatio, parseColor, type Rgba } from "../render/contrast.ts";

/** A text colour drawn on a background colour by the theme, named by theme variable. */
interface DrawnPair {
  text: string;
  on: string;
  /** What the theme draws with it, for the message. */
  what: string;
  /** WCAG AA: 4.5:1 for text, 3:1 for large text (the slide headings, the section titles, the ratings' marks). */
  ratio: number;
}

// Every text/background pair templates/theme.css draws from the variables a brand sets (the contrast test
// checks the built-in values of the same rules).
const PAIRS: DrawnPair[] = [
  { text: "--bd-ink", on: "--bd-paper", what: "body text", ratio: 4.5 },
  { text: "--bd-ink", on: "--bd-wash", what: "the marking banner and table row labels", ratio: 4.5 },
  { text: "--bd-muted", on: "--bd-paper", what: "the byline, footer and sub-points", ratio: 4.5 },
  { text: "--bd-accent", on: "--bd-paper", what: "links, subtitles and slide headings", ratio: 4.5 },
  { text: "--bd-accent", on: "--bd-wash", what: "section titles", ratio: 3 },
  { text: "#ffffff", on: "--bd-accent", what: "judgment numbers and table headers", ratio: 3 },
  { text: "--bd-heading-ink", on: "--bd-paper", what: "headings", ratio: 3 },
  { text: "--bd-holds", on: "--bd-paper", what: 'the "holds" rating', ratio: 4.5 },
  { text: "--bd-partial", on: "--bd-paper", what: 'the "partial" rating', ratio: 4.5 },
  { text: "--bd-fails", on: "--bd-paper", what: 'the "fails" rating', ratio: 4.5 },
  { text: "--bd-unknown", on: "--bd-paper", what: 'the "unknown" rating', ratio: 4.5 },
];

/** A pair that fails, with the variables involved so the caller can say which brand field set them. */
export interface ContrastFailure {
  text: string;
  on: string;
  textColour: string;
  onColour: string;
  ratio: number;
  required: number;
  what: string;
}

/**
 * Checks every pair the theme draws against WCAG AA, with the brand's values over the theme's own
 * (`values`: theme variable -> #rrggbb). Only pairs touching a brand colour (`branded`) are checked.
 */
export function checkBrandContrast(
  values: ReadonlyMap<string, string>,
  branded: ReadonlySet<string>,
): ContrastFailure[] {
  const failures: ContrastFailure[] = [];
  for (const pair of PAIRS) {
    if (!branded.has(pair.text) && !branded.has(pair.on)) continue;
    const textColour = pair.text.startsWith("#") ? pair.text : values.get(pair.text);
    const onColour = values.get(pair.on);
    const text = textColour === undefined ? undefined : parseColor(textColour);
    const on = onColour === undefined ? undefined : parseColor(onColour);
    if (text === undefined || on === undefined || textColour === undefined || onColour === undefined)
      continue;
    const ratio = contrastRatio(text as Rgba, on as Rgba);
    if (ratio < pair.ratio) {
      failures.push({
        text: pair.text,
        on: pair.on,
        textColour,
        onColour,
        ratio,
        required: pair.ratio,
        what: pair.what,
      });
    }
  }
  return failures;
}

/** The theme's own colours (templates/theme.css), under any brand. */
export const THEME_COLOURS: ReadonlyMap<string, string> = new Map([
  ["--bd-ink", "#15202e"],
  ["--bd-muted", "#4a5565"],
  ["--bd-paper", "#ffffff"],
  ["--bd-wash", "#f1f4f8"],
  ["--bd-rule", "#c9d1dc"],
  ["--bd-accent", "#1b4d89"],
  ["--bd-holds", "#17663a"],
  ["--bd-partial", "#8a4b00"],
  ["--bd-fails", "#b1261c"],
  ["--bd-unknown", "#4f5866"],
]);
