import type { Brief } from "../brief/brief.ts";
import { escapeHtml } from "../escape-html.ts";
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

/**
 * Renders the handout's print header (marking, DRAFT, the brand's small logo) and footer (title, version,
 * marking, page x of y), which Chromium draws in every page's margins. Each is a document of its own,
 * which sees none of the page's fonts: it carries the built-in font's faces it uses (and a fallback
 * font for a script the built-in one lacks), or its words would be set in whatever this machine has.
 */
export function renderHandoutMargins(
  brief: Brief,
  templates: Templates,
  locale: Locale,
  assets: RuntimeAssets,
): { handoutHeader: string; handoutFooter: string } {
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
  const header = templates.handoutHeader({
    locale,
    dir: locale.dir,
    marking: brief.marking ?? "",
    draft: brief.status === "draft",
    logo: templates.brand?.smallLogo ?? null,
  });
  const handoutFooter = templates.handoutFooter(footer);
  const text = header + handoutFooter;
  // The built-in templates set their words in this stack: the built-in font, then the fallback for a
  // script it lacks (Arabic, Hebrew), as the page's own stacks have it.
  const stack = withFallbackFamilies(
    ':root{--bd-margin-font:"Source Sans 3","DejaVu Sans",Arial,sans-serif}',
    assets.fallbackFamilies(text),
  );
  const fonts = `<style>${assets.fontCss(text, MARGIN_FACES)}\n${stack}</style>`;
  return { handoutHeader: fonts + header, handoutFooter: fonts + handoutFooter };
}
