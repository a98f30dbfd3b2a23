import type { Brief } from "../brief/brief.ts";
import { escapeEnd, escapeHtml } from "../escape-html.ts";
import type { Locale } from "../messages/locale.ts";
import type { FontFace, RuntimeAssets } from "./assets.ts";
import { withFallbackFamilies } from "./fallback-fonts.ts";
import { html, plainText } from "./slide-views.ts";
import type { Templates } from "./templates.ts";

// The weights the built-in header and footer set their words in.
const MARGIN_FACES: FontFace[] = [
  { weight: 400, style: "normal" },
  { weight: 700, style: "normal" },
];
// After the deck's font: the built-in one, then the machine's (for a script no bundled font covers).
const BUILT_IN_STACK = '"Source Sans 3","DejaVu Sans",Arial,sans-serif';

/** The handout's print header and footer, each a document of its own. */
export interface HandoutMargins {
  handoutHeader: string;
  handoutFooter: string;
}

/**
 * Renders the handout's print header (marking, DRAFT, the brand's small logo) and footer (title, version,
 * marking, page x of y), which Chromium draws in every page's margins: their words, without fonts
 * (withMarginFonts adds them; the brand's font subsets must hold these words too).
 */
export function renderHandoutMargins(brief: Brief, templates: Templates, locale: Locale): HandoutMargins {
  // Chromium fills in the page numbers' spans; the words around them are the language's.
  const pageOf = locale.t("page.of", { page: "\0page\0", pages: "\0pages\0" });
  const footer = {
    locale,
    dir: locale.dir,
    pageOf: html(
      escapeHtml(pageOf)
        .replace("\0page\0", '<span class="pageNumber"></span>')
        .replace("\0pages\0", '<span class="totalPages"></span>'),
    ),
    title: plainText(brief.title),
    version: brief.version ?? null,
    marking: brief.marking ?? "",
  };
  return {
    handoutHeader: templates.handoutHeader({
      locale,
      dir: locale.dir,
      marking: brief.marking ?? "",
      draft: brief.status === "draft",
      logo: templates.brand?.smallLogo ?? null,
    }),
    handoutFooter: templates.handoutFooter(footer),
  };
}

/**
 * The header and footer, each starting with the fonts its words are set in. Each is a document of its
 * own, which sees none of the page's fonts: it carries the faces it uses, or its words would be set in
 * whatever this machine has. Chromium draws a margin's words only with a font it has already loaded for
 * the page (a face still loading leaves them blank), so these are the page's own rules, byte for byte:
 * the built-in font's subsets, the brand's base font as the deck's text has it (`brandRules`, one per
 * font of templates.brandFonts), and the fallback for a script neither has (Arabic, Hebrew).
 */
export function withMarginFonts(
  { handoutHeader, handoutFooter }: HandoutMargins,
  templates: Templates,
  assets: RuntimeAssets,
  brandRules: readonly string[],
): HandoutMargins {
  const text = handoutHeader + handoutFooter;
  const family = templates.brand?.baseFamily;
  // The base family's upright faces (all of them when it has none): Chromium picks among them as it
  // does for the page, whose text loaded the same faces.
  const named = templates.brandFonts.filter((f) => f.family.toLowerCase() === family?.toLowerCase());
  const upright = named.filter((f) => f.style === "normal");
  const brand = (upright.length > 0 ? upright : named).map(
    (face) => brandRules[templates.brandFonts.indexOf(face)] ?? "",
  );
  const stack = withFallbackFamilies(
    `:root{--bd-margin-font:${family === undefined ? "" : `${JSON.stringify(family)},`}${BUILT_IN_STACK}}`,
    assets.fallbackFamilies(text),
  );
  const css = [assets.fontCss(text, MARGIN_FACES), ...brand, stack].filter(Boolean).join("\n");
  const fonts = `<style>${escapeEnd(css, "style")}</style>`;
  return { handoutHeader: fonts + handoutHeader, handoutFooter: fonts + handoutFooter };
}
