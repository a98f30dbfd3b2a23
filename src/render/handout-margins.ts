import type { Brief } from "../brief/brief.ts";
import { escapeHtml } from "../escape-html.ts";
import type { Locale } from "../messages/locale.ts";
import { html, plainText } from "./slide-views.ts";
import type { Templates } from "./templates.ts";

/**
 * Renders the handout's print header (marking, DRAFT, the brand's small logo) and footer (title, version,
 * marking, page x of y), which Chromium draws in every page's margins.
 */
export function renderHandoutMargins(
  brief: Brief,
  templates: Templates,
  locale: Locale,
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
