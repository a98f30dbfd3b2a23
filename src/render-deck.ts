import Handlebars from "handlebars";
import type { RuntimeAssets } from "./assets.ts";
import type { Brief, Slide } from "./brief.ts";
import { numberCitations } from "./citations.ts";
import { createMarkdownRenderer, type MarkdownRenderer } from "./markdown.ts";
import type { Templates } from "./templates.ts";

const { SafeString } = Handlebars;
type Html = Handlebars.SafeString;

/** What rendering needs beyond the brief and templates. */
export interface RenderOptions {
  assets: RuntimeAssets;
  /** Images inlined as data: URIs, keyed by the path written in the brief. */
  images: ReadonlyMap<string, string>;
  version: string;
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

const RATING_WORDS = { holds: "Holds", partial: "Partial", fails: "Fails", unknown: "Unknown" } as const;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A brief rendered: the deck, the handout and what the PDFs need. */
export interface RenderedBrief {
  /** One self-contained Reveal.js HTML document. */
  deck: string;
  /** The handout's HTML: each slide with its notes, then the sources. */
  handout: string;
  /** The handout's print header and footer (marking, page x of y). */
  handoutHeader: string;
  handoutFooter: string;
  /** Each visible slide's title as plain text, in order: the PDF outline. */
  titles: string[];
}

/** Renders a validated brief to a self-contained Reveal.js deck and its handout. */
export function renderDeck(brief: Brief, templates: Templates, options: RenderOptions): RenderedBrief {
  const slides = brief.slides.filter((s) => !s.hidden);
  const numbers = numberCitations(brief, slides);
  const markdown = createMarkdownRenderer({
    citation: (key) => {
      const number = numbers.get(key);
      const source = brief.sources.get(key);
      if (number === undefined || source === undefined) return "";
      return templates.partial("citation", { number, key, title: plainText(source.title) });
    },
    image: (src) => options.images.get(src),
  });
  const context = { brief, markdown, templates, numbers };
  const { assets } = options;
  // The brief's own text decides which font subsets the deck needs.
  const fontCss = assets.fontCss(brief.locator.source);
  // Every template sees the deck as @root, layouts included, so partials work the same everywhere.
  const root = {
    lang: "en",
    csp: CSP,
    generatorVersion: options.version,
    brief: briefView(brief, markdown),
    total: slides.length,
    footerText: [
      brief.organisation,
      plainText(brief.title),
      brief.version && `v${brief.version}`,
      brief.date && longDate(brief.date),
    ]
      .filter(Boolean)
      .join(" · "),
    styles: html(escapeEnd([fontCss, assets.revealCss, templates.theme].join("\n"), "style")),
    revealScript: html(escapeEnd(assets.revealScript, "script")),
    notesScript: html(escapeEnd(assets.notesScript, "script")),
    initScript: html(initScript()),
    handoutStyles: html(escapeEnd([fontCss, templates.theme, templates.handoutCss].join("\n"), "style")),
    sources: sourcesView(brief, numbers, markdown),
    slides: [] as Array<{ titlePlain: string }>,
  };
  root.slides = slides.map((slide, i) => {
    const title = slideTitle(slide, brief);
    const view = layoutView(slide, title, context);
    return {
      anchor: slide.anchor,
      layout: slide.layout,
      number: i + 1,
      titlePlain: plainText(title ?? ""),
      body: html(templates.layouts[slide.layout](view, { data: { root } })),
      notes: slide.notes === undefined ? null : html(markdown.block(slide.notes)),
    };
  });
  const footer = {
    title: plainText(brief.title),
    version: brief.version ?? null,
    marking: brief.marking ?? "",
  };
  return {
    deck: templates.deck(root),
    handout: templates.handout(root),
    handoutHeader: templates.handoutHeader({ marking: brief.marking ?? "", draft: brief.status === "draft" }),
    handoutFooter: templates.handoutFooter(footer),
    titles: root.slides.map((s, i) => s.titlePlain || `Slide ${i + 1}`),
  };
}

function sourcesView(brief: Brief, numbers: Map<string, number>, markdown: MarkdownRenderer) {
  return [...numbers].map(([key, number]) => {
    const s = brief.sources.get(key);
    const grading = s?.reliability !== undefined || s?.credibility !== undefined;
    return {
      number,
      key,
      title: s === undefined ? null : html(markdown.inline(s.title)),
      author: s?.author ?? null,
      publisher: s?.publisher ?? null,
      date: s?.date ?? null,
      url: s?.url ?? null,
      reliability: s?.reliability ?? "–",
      credibility: s?.credibility ?? "–",
      grading: grading ? `${s?.reliability ?? "–"}${s?.credibility ?? "–"}` : null,
    };
  });
}

interface Context {
  brief: Brief;
  markdown: MarkdownRenderer;
  templates: Templates;
  numbers: Map<string, number>;
}

function slideTitle(slide: Slide, brief: Brief): string | undefined {
  if (slide.title !== undefined) return slide.title;
  if (slide.layout === "title") return brief.title;
  if (slide.layout === "sources") return "Sources";
  if (slide.layout === "judgments") return "Key judgments";
  return undefined;
}

function layoutView(
  slide: Slide,
  title: string | undefined,
  { brief, markdown, templates, numbers }: Context,
): object {
  const inline = (text: string | undefined) => (text === undefined ? null : html(markdown.inline(text)));
  const base = { title: inline(title) };
  switch (slide.layout) {
    case "title":
    case "section":
      return { ...base, subtitle: slide.layout === "section" ? inline(slide.subtitle) : null };
    case "judgments":
      return {
        ...base,
        step: false,
        items: slide.items.map((item) => ({
          text: inline(item.text),
          likelihood: item.likelihood ?? null,
          confidence: item.confidence ?? null,
        })),
      };
    case "bullets":
      return {
        ...base,
        step: slide.step === true,
        points: slide.points.map((p) =>
          typeof p === "string"
            ? { text: inline(p), points: [] }
            : { text: inline(p.text), points: (p.points ?? []).map((sub) => inline(sub)) },
        ),
      };
    case "comparison":
      return {
        ...base,
        columns: slide.columns.map((c) => inline(c)),
        rows: slide.rows.map((row) => ({
          label: inline(row.label),
          cells: row.cells.map((cell) => ({
            rating: cell.rating,
            label: RATING_WORDS[cell.rating],
            text: inline(cell.text),
          })),
        })),
      };
    case "text":
      return { ...base, body: html(markdown.block(slide.body)) };
    case "quote": {
      const number = slide.cite === undefined ? undefined : numbers.get(slide.cite);
      const source = slide.cite === undefined ? undefined : brief.sources.get(slide.cite);
      const citation =
        number === undefined || source === undefined
          ? null
          : html(templates.partial("citation", { number, key: source.key, title: plainText(source.title) }));
      return { ...base, quote: inline(slide.quote), attribution: inline(slide.attribution), citation };
    }
    case "sources":
      return { ...base, sources: sourcesView(brief, numbers, markdown) };
  }
}

function briefView(brief: Brief, markdown: MarkdownRenderer) {
  return {
    title: html(markdown.inline(brief.title)),
    titlePlain: plainText(brief.title),
    subtitle: brief.subtitle === undefined ? null : html(markdown.inline(brief.subtitle)),
    subtitlePlain: plainText(brief.subtitle ?? ""),
    author: brief.author ?? null,
    organisation: brief.organisation ?? null,
    dateLong: brief.date === undefined ? null : longDate(brief.date),
    version: brief.version ?? null,
    draft: brief.status === "draft",
    marking: brief.marking ?? null,
  };
}

function initScript(): string {
  // The speaker view drives its preview frames (?receiver) by postMessage; everywhere else it stays off.
  return `(function () {
  var receiver = /receiver/i.test(window.location.search) && window.parent !== window;
  var config = ${JSON.stringify(REVEAL_CONFIG)};
  config.postMessage = receiver;
  config.postMessageEvents = receiver;
  config.plugins = [RevealNotes];
  // reveal.js gives its root role="application", which keeps screen readers out of browse mode, so they
  // cannot read the slides (reveal.js issue 3772). It sets the role once, before "ready"; removing it
  // leaves the element's own role (main).
  Reveal.on("ready", function () {
    Reveal.getRevealElement().removeAttribute("role");
  });
  // The print view lays every slide out but leaves all but the first hidden from assistive technology,
  // so the tagged PDF would hold only slide 1. Every slide is on the page: expose them all.
  Reveal.on("pdf-ready", function () {
    document.querySelectorAll(".reveal .slides section").forEach(function (slide) {
      slide.removeAttribute("hidden");
      slide.removeAttribute("aria-hidden");
      slide.removeAttribute("inert");
    });
  });
  Reveal.initialize(config);
})();`;
}

function html(text: string): Html {
  return new SafeString(text);
}

/** Text without Markdown or tags, for attributes and metadata. */
export function plainText(markdownText: string): string {
  return markdownText
    .replace(/\[@[^\]\s]+\]/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/[*_`]+/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function longDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

// Inline code must not close its own element early.
function escapeEnd(code: string, tag: "script" | "style"): string {
  return code.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1").replace(/<!--/g, "<\\!--");
}
