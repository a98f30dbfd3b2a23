import type { Brief } from "../brief/brief.ts";
import type { Locale } from "../messages/locale.ts";
import type { LogoView } from "./brand-theme.ts";
import { imageSize } from "./picture-size.ts";
import { plainText } from "./slide-views.ts";

// The brand's small logo in the header: at most this tall and this wide, this far from the words after it.
const LOGO_HEIGHT_MM = 6;
const LOGO_WIDTH_MM = 40;
const LOGO_GAP_MM = 2;

// The margin boxes' own look, ahead of handout.css (which may restyle them): set here so that the marking
// prints legibly in the brand's font whatever a project's stylesheet does, even one that replaces the
// theme (--replace-theme), and so leaves the theme's variables unset. The side boxes at the top hold
// DRAFT (in the draft colour); the middle ones the marking; the bottom's sides the title and the page.
const FONT = `font-family:var(--bd-font,"Source Sans 3",sans-serif);font-size:8pt`;
const CAPITALS = `${FONT};font-weight:700;letter-spacing:0.08em;text-transform:uppercase`;
const LOOK = {
  draft: `${CAPITALS};color:var(--bd-draft,#b1261c)`,
  marking: `${CAPITALS};color:var(--bd-ink,#15202e)`,
  plain: `${FONT};font-weight:400;color:var(--bd-ink,#15202e)`,
};

/** The handout's running header and footer. */
export interface HandoutMargins {
  /** The `@page` rules that say what each margin box holds, mirrored right to left. */
  css: string;
  /** Every word and digit they can show, for the font subsets. */
  text: string;
}

/**
 * The handout's running header (the brand's small logo, DRAFT, the marking) and footer (title and version,
 * marking, page x of y), as CSS page-margin boxes: Chromium draws them on every printed page, above the
 * page's background, in the document's own fonts. What each box says, and its look (LOOK), are set here,
 * ahead of handout.css, so a project's handout.css can restyle a box or change what it says. Right to
 * left, the left and right boxes swap what they hold.
 */
export function renderHandoutMargins(
  brief: Brief,
  logo: LogoView | undefined,
  locale: Locale,
): HandoutMargins {
  const draft = brief.status === "draft" ? locale.t("draft.word") : "";
  const marking = brief.marking ?? "";
  const title = `${plainText(brief.title)}${brief.version === undefined ? "" : ` · v${brief.version}`}`;
  // The language's words around the page numbers, which Chromium counts: split at the numbers, the
  // words at even places and the counters' names at odd ones.
  const pageOf = locale.t("page.of", { page: "\0page\0", pages: "\0pages\0" }).split(/\0(pages?)\0/);
  const pageOfCss = pageOf.map((part, i) => (i % 2 === 1 ? `counter(${part})` : cssString(part)));
  const [start, end] = locale.dir === "rtl" ? ["right", "left"] : ["left", "right"];
  const box = (name: string, look: string, content: string, extra = "") =>
    `@${name}{${look};content:${content};direction:${locale.dir}${extra}}`;
  const rules = [
    box(`top-${start}`, LOOK.draft, cssString(draft), logo === undefined ? "" : logoBackground(logo, start)),
    box("top-center", LOOK.marking, cssString(marking)),
    box(`top-${end}`, LOOK.draft, cssString(draft)),
    box(`bottom-${start}`, LOOK.plain, cssString(title)),
    box("bottom-center", LOOK.marking, cssString(marking)),
    box(`bottom-${end}`, LOOK.plain, pageOfCss.join(" ")),
  ];
  return {
    css: `@page{${rules.join("")}}`,
    text: [draft, marking, title, ...pageOf, "0123456789"].join(" "),
  };
}

// The logo as the start box's background, at the start side, with the box's words after it: 6 mm tall,
// or narrower where a wide logo would take more than 40 mm; a square where its size cannot be read. The
// box reserves exactly the room the logo is drawn in.
function logoBackground(logo: LogoView, side: string): string {
  const size = imageSize(logo.src);
  const ratio = size === undefined || size.w <= 0 || size.h <= 0 ? 1 : size.w / size.h;
  const width = Math.min(LOGO_WIDTH_MM, LOGO_HEIGHT_MM * ratio);
  const height = Math.min(LOGO_HEIGHT_MM, width / ratio);
  const place = `${side} center/${width.toFixed(2)}mm ${height.toFixed(2)}mm`;
  return `;background:url(${cssString(logo.src)}) no-repeat ${place};padding-${side}:${(width + LOGO_GAP_MM).toFixed(2)}mm`;
}

/**
 * A CSS string holding `text`: quotes and backslashes escaped, each line break a space, and `<` escaped
 * too, so that a brief's words can end neither the string, nor the rule, nor the style element around it.
 */
function cssString(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, "\\$&")
    .replace(/\r\n|[\n\r\f]/g, " ")
    .replace(/</g, "\\3c ");
  return `"${escaped}"`;
}
