import type { Brief } from "../brief/brief.ts";
import type { Locale } from "../messages/locale.ts";
import type { LogoView } from "./brand-theme.ts";
import { imageSize } from "./picture-size.ts";
import { plainText } from "./slide-views.ts";

// The brand's small logo in the header: this tall, this far from the words after it.
const LOGO_HEIGHT_MM = 6;
const LOGO_GAP_MM = 2;

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
 * page's background, in the document's own fonts. What each box says is the brief's, here; how it looks
 * is handout.css's, so a project's handout.css can restyle it. The start and end boxes swap sides right
 * to left.
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
  const box = (name: string, content: string, extra = "") =>
    `@${name}{content:${content};direction:${locale.dir}${extra}}`;
  const rules = [
    box(`top-${start}`, cssString(draft), logo === undefined ? "" : logoBackground(logo, start)),
    box("top-center", cssString(marking)),
    box(`top-${end}`, cssString(draft)),
    box(`bottom-${start}`, cssString(title)),
    box("bottom-center", cssString(marking)),
    box(`bottom-${end}`, pageOfCss.join(" ")),
  ];
  return {
    css: `@page{${rules.join("")}}`,
    text: [draft, marking, title, ...pageOf, "0123456789"].join(" "),
  };
}

// The logo as the start box's background, at the start side, with the box's words after it.
function logoBackground(logo: LogoView, side: string): string {
  const size = imageSize(logo.src);
  const width = size === undefined || size.h <= 0 ? LOGO_HEIGHT_MM : (LOGO_HEIGHT_MM * size.w) / size.h;
  const background = `url(${cssString(logo.src)}) no-repeat ${side} center/auto ${LOGO_HEIGHT_MM}mm`;
  return `;background:${background};padding-${side}:${(width + LOGO_GAP_MM).toFixed(2)}mm`;
}

/**
 * A CSS string holding `text`: its quotes and backslashes escaped, line breaks as spaces, so that a
 * brief's words cannot end the string or the rule.
 */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ")}"`;
}
