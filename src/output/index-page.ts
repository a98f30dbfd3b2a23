import type { Brief } from "../brief/brief.ts";
import { presentedSlides } from "../brief/continuation.ts";
import type { MessageKey } from "../messages/catalogue.ts";
import { localeFor } from "../messages/locale.ts";
import { NO_BRAND } from "../render/render-deck.ts";
import { plainText } from "../render/slide-views.ts";
import type { Templates } from "../render/templates.ts";
import { compareText } from "../text-order.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";
import { type OutputKind, outputFile } from "./names.ts";

/** A manifest entry's description of its brief (everything but the files), for a brief just built. */
export function describeBrief(
  brief: Brief,
  name: string,
  source: string,
  file: string,
  images: string[],
): Omit<ManifestEntry, "outputs"> {
  return {
    name,
    variant: brief.variant ?? null,
    source,
    file,
    images,
    title: plainText(brief.title),
    subtitle: brief.subtitle === undefined ? null : plainText(brief.subtitle),
    date: brief.date ?? null,
    version: brief.version ?? null,
    marking: brief.marking ?? null,
    draft: brief.status === "draft",
    slides: presentedSlides(brief).filter((s) => !s.annex).length,
  };
}

const LABELS: Record<OutputKind, MessageKey> = {
  deck: "index.deck",
  slides: "index.slidesPdf",
  handout: "index.handoutPdf",
  pptx: "index.pptx",
};

/**
 * The index page: every brief whose deck the manifest records, with links to its outputs. A PDF is
 * linked only when it was written from the same inputs as the deck beside it; an older one is named as
 * out of date instead, so nobody circulates a PDF that says something the deck no longer does.
 */
export function renderIndex(manifest: Manifest, templates: Templates, version: string, lang = "en"): string {
  const locale = localeFor(lang);
  const briefs = Object.values(manifest.briefs)
    .filter((entry) => entry.outputs[outputFile(entry.name, "deck")] !== undefined)
    .sort((a, b) => compareText(a.name, b.name))
    .map((entry) => {
      const deckKey = entry.outputs[outputFile(entry.name, "deck")]?.key;
      const links = (["deck", "slides", "handout", "pptx"] as const).flatMap((kind) => {
        const file = outputFile(entry.name, kind);
        const record = entry.outputs[file];
        if (record === undefined || record.key !== deckKey) return [];
        return [
          {
            href: encodeURIComponent(entry.name) + file.slice(entry.name.length),
            label: locale.t(LABELS[kind]),
          },
        ];
      });
      const stalePdfs = (["slides", "handout", "pptx"] as const).some((kind) => {
        const record = entry.outputs[outputFile(entry.name, kind)];
        return record !== undefined && record.key !== deckKey;
      });
      return { ...entry, slug: entry.name, outputs: links, stalePdfs };
    });
  const brand = {
    ...NO_BRAND,
    ...templates.brand,
    css: templates.brand === undefined ? "" : templates.brandCss,
  };
  return templates.index({
    briefs,
    generatorVersion: version,
    brand,
    locale,
    lang: locale.lang,
    dir: locale.dir,
  });
}
