import { type AcronymExpander, createAcronymExpander } from "../brief/acronyms.ts";
import type { Brief, Slide } from "../brief/brief.ts";
import { deckAnchors, linkTarget, numberCitations } from "../brief/citations.ts";
import { presentedSlides } from "../brief/continuation.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { escapeEnd } from "../escape-html.ts";
import { type Locale, localeFor } from "../messages/locale.ts";
import type { RuntimeAssets } from "./assets.ts";
import { fontCodePoints, subsetBrandFonts } from "./brand-fonts.ts";
import { type Charts, createChartSlots } from "./chart-view.ts";
import { deckScript } from "./deck-script.ts";
import { withFallbackFamilies } from "./fallback-fonts.ts";
import { FIT_SCRIPT } from "./fit-script.ts";
import { renderHandoutMargins } from "./handout-margins.ts";
import { createMarkdownRenderer, type MarkdownRenderer } from "./markdown.ts";
import { renderPrintDeck } from "./print-deck.ts";
import { outlineTitles, renderSlideViews, type SlideView, shownText } from "./slide-list.ts";
import { citationTitle, html, longDate, plainText, sourcesView, type ViewContext } from "./slide-views.ts";
import type { Templates } from "./templates.ts";

/** What rendering needs beyond the brief and templates. */
export interface RenderOptions {
  assets: RuntimeAssets;
  /** Images inlined as data: URIs, keyed by the path written in the brief. */
  images: ReadonlyMap<string, string>;
  version: string;
  /** The brief's charts rendered to SVG (loadCharts), by chartKey. */
  charts?: Charts;
}

// The page may load nothing: every resource is inline. Scripts are inline too (reveal.js and the notes
// plugin, whose speaker window writes its own inline script), so 'unsafe-inline' is needed for them.
const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "font-src data:",
  "media-src data:",
  "frame-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const REVEAL_CONFIG = {
  width: 1280,
  height: 720,
  margin: 0,
  minScale: 0.1,
  maxScale: 4,
  center: false,
  hash: true,
  history: false,
  controls: true,
  progress: true,
  slideNumber: false,
  transition: "fade",
  transitionSpeed: "fast",
  backgroundTransition: "none",
  navigationMode: "linear",
  fragmentInURL: true,
  pdfSeparateFragments: false,
  pdfMaxPagesPerSlide: 1,
};

/** A brief rendered: the deck, the handout and what the PDFs need. */
export interface RenderedBrief {
  /** One self-contained Reveal.js HTML document. */
  deck: string;
  /** The handout's HTML: each slide with its notes, then the sources (made when first read). */
  readonly handout: string;
  /**
   * The slides PDF's document: the deck laid out for print without reveal.js (render/print-deck.ts), made
   * when first read; undefined with a custom deck.hbs, printed from the deck's own print view instead.
   */
  readonly printDeck?: string | undefined;
  /** Each visible slide's title as plain text, in order: the PDF outline. */
  titles: string[];
  /** Problems found while rendering: a brand font that could not be subset. */
  diagnostics: Diagnostic[];
}

/** What the templates see without a brand (strict templates need every field they name). */
export const NO_BRAND = { name: null, titleLogo: null, smallLogo: null };

/**
 * Renders a validated brief to a self-contained Reveal.js deck and its handout. Asynchronous because the
 * brand's fonts are subset to the text the deck shows (harfbuzz, in WebAssembly).
 */
export async function renderDeck(
  brief: Brief,
  templates: Templates,
  options: RenderOptions,
): Promise<RenderedBrief> {
  const slides = presentedSlides(brief);
  const context = createViewContext(brief, slides, templates, options);
  const locale = localeFor(brief.lang);
  const root = deckRoot(brief, slides, context, locale, options);
  root.slides = renderSlideViews(slides, context, root);
  root.mainSlides = root.slides.filter((s) => !s.annex);
  root.annexSlides = root.slides.filter((s) => s.annex);
  root.glossary = context.acronyms.used();
  const margins = renderHandoutMargins(brief, templates.brand?.smallLogo, locale);
  // The text the outputs show decides which font subsets they need. Not the file's text: a variant's
  // outputs must not even hint at the script of what it leaves out. The handout's running header and
  // footer are set in the document's fonts: their words are in the subsets too.
  const fonts = await styleFonts(`${shownText(root)} ${margins.text}`, templates, options.assets);
  root.styles = html(escapeEnd([fonts.css, options.assets.revealCss, fonts.theme].join("\n"), "style"));
  let handout: string | undefined;
  let printDeck: { html: string | undefined } | undefined;
  return {
    deck: templates.deck(root),
    // Only printing reads the handout (an HTML-only build never does), so it is made on first read.
    get handout() {
      if (handout === undefined) {
        // The handout's stylesheet repeats the brand's stacks after the theme: they get the fallbacks too.
        const handoutCss = withFallbackFamilies(templates.handoutCss, fonts.families);
        // The margins' words before handout.css, which styles them (and a project's may change them).
        const css = [fonts.css, fonts.theme, margins.css, handoutCss];
        root.handoutStyles = html(escapeEnd(css.join("\n"), "style"));
        handout = templates.handout(root);
      }
      return handout;
    },
    // Likewise the slides PDF's own document.
    get printDeck() {
      printDeck ??= { html: renderPrintDeck(templates, root) };
      return printDeck.html;
    },
    titles: outlineTitles(root.slides, locale),
    diagnostics: fonts.diagnostics,
  };
}

/** What every slide's view is made with: citations numbered in deck order, Markdown, acronyms, charts. */
function createViewContext(brief: Brief, slides: Slide[], templates: Templates, options: RenderOptions) {
  const numbers = numberCitations(brief, slides);
  const citation = (key: string) => {
    const number = numbers.get(key);
    const source = brief.sources.get(key);
    if (number === undefined || source === undefined) return "";
    return templates.partial("citation", { number, key, title: citationTitle(source, brief.lang) });
  };
  const anchors = deckAnchors(slides, numbers);
  // A chart's labels in a script the built-in font lacks: its SVG's font stacks name the fallback too.
  const charts = new Map(
    [...(options.charts ?? new Map())].map(([key, chart]) => [
      key,
      { ...chart, svg: withFallbackFamilies(chart.svg, options.assets.fallbackFamilies(chart.svg)) },
    ]),
  ) as Charts;
  const slots = createChartSlots(charts);
  const markdown = createMarkdownRenderer({
    citation,
    image: (src) => options.images.get(src),
    chart: (text) => slots.slot(text),
    linkTo: (anchor) => {
      const target = linkTarget(brief, anchors, anchor);
      return typeof target === "object" ? target.to : undefined;
    },
  });
  const acronyms = createAcronymExpander(brief.glossary);
  return {
    brief,
    markdown,
    acronyms,
    templates,
    numbers,
    citation,
    charts: { all: charts, fill: slots.fill },
  } satisfies ViewContext;
}

/**
 * What every template sees as @root, layouts included, so partials work the same everywhere. The slides,
 * the glossary and the styles are filled in after: the font subsets follow the text the slides show.
 */
function deckRoot(
  brief: Brief,
  slides: Slide[],
  { markdown, acronyms, numbers, templates }: ViewContext,
  locale: Locale,
  { assets, version }: RenderOptions,
) {
  return {
    lang: locale.lang,
    dir: locale.dir,
    locale,
    csp: CSP,
    generatorVersion: version,
    brand: templates.brand ?? NO_BRAND,
    brief: briefView(brief, markdown, acronyms),
    total: slides.filter((s) => !s.annex).length,
    footerText: [
      brief.organisation,
      plainText(brief.title),
      brief.version && `v${brief.version}`,
      brief.date && longDate(brief.date, brief.lang),
    ]
      .filter(Boolean)
      // In right-to-left text each part is isolated, so "v1.1" and a date keep their own order.
      .map((part) => (locale.dir === "rtl" ? `\u2068${part}\u2069` : part))
      .join(" · "),
    styles: html(""),
    revealScript: html(escapeEnd(assets.revealScript, "script")),
    notesScript: html(escapeEnd(assets.notesScript, "script")),
    // reveal.js mirrors its arrows, keys and progress bar for a right-to-left deck.
    initScript: html(
      escapeEnd(`${FIT_SCRIPT}\n${deckScript({ ...REVEAL_CONFIG, rtl: locale.dir === "rtl" })}`, "script"),
    ),
    handoutStyles: html(""),
    sources: sourcesView(brief, numbers, markdown),
    slides: [] as SlideView[],
    mainSlides: [] as SlideView[],
    annexSlides: [] as SlideView[],
    glossary: [] as Array<{ key: string; expansion: string }>,
  };
}

/** The fonts for the text shown (built-in subsets, the brand's subset to it) and the theme with fallbacks. */
async function styleFonts(text: string, templates: Templates, assets: RuntimeAssets) {
  const brandFonts =
    templates.brandFonts.length === 0
      ? { css: "", diagnostics: [] }
      : await subsetBrandFonts(templates.brandFonts, fontCodePoints(text, templates.glyphs));
  const css = [assets.fontCss(text), brandFonts.css].filter(Boolean).join("\n");
  const families = assets.fallbackFamilies(text);
  const theme = withFallbackFamilies(templates.theme, families);
  return { css, theme, families, diagnostics: brandFonts.diagnostics };
}

function briefView(brief: Brief, markdown: MarkdownRenderer, acronyms: AcronymExpander) {
  return {
    title: html(acronyms.label(markdown.inline(brief.title))),
    titlePlain: plainText(brief.title),
    subtitle: brief.subtitle === undefined ? null : html(acronyms.label(markdown.inline(brief.subtitle))),
    subtitlePlain: plainText(brief.subtitle ?? ""),
    author: brief.author ?? null,
    organisation: brief.organisation ?? null,
    dateLong: brief.date === undefined ? null : longDate(brief.date, brief.lang),
    version: brief.version ?? null,
    draft: brief.status === "draft",
    marking: brief.marking ?? null,
    variant: brief.variant ?? null,
  };
}
