import { createAcronymExpander } from "../brief/acronyms.ts";
import type { Brief } from "../brief/brief.ts";
import { numberCitations } from "../brief/citations.ts";
import { presentedSlides } from "../brief/continuation.ts";
import { escapeHtml } from "../escape-html.ts";
import { localeFor } from "../messages/locale.ts";
import { loadRuntimeAssets } from "../render/assets.ts";
import type { RenderedChart } from "../render/chart.ts";
import { imageSize } from "../render/picture-size.ts";
import { longDate, plainText, slideTitle } from "../render/slide-views.ts";
import type { SlideGeometry } from "../slide-geometry.ts";
import { fixPackage } from "./fix-package.ts";
import { plainNotes } from "./inline-runs.ts";
import { fitInside, isPlaceable } from "./place-images.ts";
import { type MasterProps, type Pptx, PptxGenJS } from "./pptxgen.ts";
import { rightToLeft } from "./right-to-left.ts";
import { addSlideObjects } from "./slide-objects.ts";
import { letterSpacing } from "./text-boxes.ts";
import { widestWord } from "./text-extent.ts";
import { FONT, FRAME, footerInset, type PptxTheme, TYPE, themeFrom } from "./theme.ts";

/** What the PowerPoint needs beyond the brief. */
export interface PptxOptions {
  /** briefdeck's version, named as the application that wrote the file. */
  version: string;
  /** Each Markdown image's data: URI, by its path as written (loadImages, as the deck has them). */
  images?: ReadonlyMap<string, string>;
  /** The brand's CSS (its `--bd-*` variables): colours and fonts. */
  brandCss?: string;
  /** The brief's charts (loadCharts), by chartKey: native charts or their SVG. */
  charts?: ReadonlyMap<string, RenderedChart>;
  /** The brand's small logo, on the master. */
  logo?: { src: string; alt: string } | undefined;
  /**
   * Each slide as the deck's print view measured it (deck order), when the browser pass ran: the
   * PowerPoint places its text in the same boxes at the same sizes. Without it, the deck's type scale.
   */
  layout?: readonly (SlideGeometry | null)[] | undefined;
}

/**
 * The brief as an editable PowerPoint (13.333 × 7.5 in): every slide's text, lists and tables as native
 * objects on a master with the marking, the DRAFT stamp, the footer and the slide number; speaker notes
 * in the notes pane. The brief is the cut one (variant, --no-notes). The same brief gives the same bytes.
 */
export async function writePptx(brief: Brief, options: PptxOptions): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = plainText(brief.title);
  pptx.author = brief.author ?? "";
  pptx.company = brief.organisation ?? "";
  pptx.subject = brief.subtitle === undefined ? "" : plainText(brief.subtitle);
  const { t, dir } = localeFor(brief.lang);
  const theme = { ...themeFrom(options.brandCss), lang: brief.lang, rtl: dir === "rtl" };
  pptx.rtlMode = dir === "rtl";
  pptx.theme = { headFontFace: theme.headingFont, bodyFontFace: theme.font };
  const slides = presentedSlides(brief);
  const numbers = numberCitations(brief, slides);
  defineMasters(pptx, brief, theme, options.logo);
  const mainCount = slides.filter((s) => !s.annex).length;
  // As the deck: the brief's title and subtitle count as written out before the first slide.
  const acronyms = createAcronymExpander(brief.glossary);
  acronyms.label(escapeHtml(plainText(brief.title)));
  if (brief.subtitle !== undefined) acronyms.label(escapeHtml(plainText(brief.subtitle)));
  // An annex slide's number, where the main slides' number stands.
  const annexNumber = side(theme, { x: FRAME.width - footerInset(theme.rtl).end - 2, w: 2 }, "right");
  slides.forEach((slide, i) => {
    const annex = slide.annex === true;
    const added = pptx.addSlide({ masterName: annex ? "ANNEX" : "BRIEF" });
    const target = theme.rtl ? rightToLeft(added) : added;
    if (annex)
      target.addText(t("annex.number", { number: `A${i - mainCount + 1}` }), {
        ...footer(theme),
        lang: brief.lang,
        ...annexNumber,
      });
    const title = slideTitle(slide, brief);
    addSlideObjects(target, slide, title === undefined ? undefined : title, {
      brief,
      numbers,
      cite: (key) => numbers.get(key),
      acronyms,
      images: options.images ?? new Map(),
      theme,
      charts: options.charts ?? new Map(),
      geometry: options.layout?.[i],
    });
    if (slide.notes !== undefined && brief.speakerNotes !== false) target.addNotes(plainNotes(slide.notes));
  });
  const written = (await pptx.write({ outputType: "uint8array", compression: true })) as Uint8Array;
  return fixPackage(
    written,
    {
      title: plainText(brief.title),
      subject: brief.subtitle === undefined ? "" : plainText(brief.subtitle),
      author: brief.author ?? "",
      keywords: brief.keywords.join(", "),
      date: brief.date,
      application: `briefdeck ${options.version}`,
    }, // The built-in font lacks Arabic and Hebrew: their runs name the bundled fallback the deck uses.
    { font: FONT, fallbackFamilies: (text) => loadRuntimeAssets().fallbackFamilies(text) },
    { rightToLeft: theme.rtl, slideTotal: mainCount, markers: theme.colours.accent },
  );
}

const footer = (theme: PptxTheme) => ({
  y: FRAME.height - 0.78,
  h: 0.32,
  fontFace: theme.font,
  fontSize: TYPE.small,
  color: theme.colours.muted,
  margin: 0,
});

// The master's boxes are placed for left-to-right text; a right-to-left deck has them mirrored (its
// footer at the right, the slide number at the left, the DRAFT stamp at the top left), as the deck is.
function side<Box extends { x: number; w: number }>(
  theme: PptxTheme,
  box: Box,
  align: "left" | "right" | "center",
): Box & { align: "left" | "right" | "center" } {
  if (!theme.rtl) return { ...box, align };
  const mirrored = align === "left" ? "right" : align === "right" ? "left" : align;
  return { ...box, x: FRAME.width - box.x - box.w, align: mirrored };
}

// The deck's DRAFT badge (templates/theme.css, .bd-draft-badge): 46 px from the top and 28 px from the
// right edge (the left, right to left), 2 px × 12 px padding in a 2 px border, bold and spaced 0.16 em;
// as wide as its word.
function draftStamp(brief: Brief, theme: PptxTheme): NonNullable<MasterProps["objects"]>[number] {
  const text = localeFor(brief.lang).t("draft.stamp");
  const spacing = letterSpacing(text, 0.16 * TYPE.small);
  const w =
    widestWord([{ text }], TYPE.small, true) + ([...text].length * (spacing.charSpacing ?? 0)) / 72 + 28 / 96;
  return {
    text: {
      text,
      options: {
        ...side(theme, { x: FRAME.width - 28 / 96 - w, w }, "center"),
        y: 46 / 96,
        h: 30 / 96,
        valign: "middle",
        fontFace: theme.font,
        fontSize: TYPE.small,
        bold: true,
        ...spacing,
        color: theme.colours.draft,
        fill: { color: theme.colours.paper },
        line: { color: theme.colours.draft, width: 1.5 },
        margin: 0,
        objectName: "Draft stamp",
        lang: brief.lang,
      },
    },
  };
}

function defineMasters(pptx: Pptx, brief: Brief, theme: PptxTheme, logo: PptxOptions["logo"]) {
  const COLOURS = theme.colours;
  const FONT = theme.font;
  const FOOTER = footer(theme);
  const objects: MasterProps["objects"] = [];
  const marking = brief.marking;
  if (marking !== undefined)
    for (const y of [0, FRAME.height - 0.36])
      objects.push({
        text: {
          text: marking,
          options: {
            x: 0,
            y,
            w: FRAME.width,
            h: 0.36,
            align: "center",
            valign: "middle",
            fontFace: FONT,
            fontSize: TYPE.small,
            bold: true,
            color: COLOURS.ink,
            fill: { color: COLOURS.wash },
            margin: 0,
            objectName: "Marking",
            lang: brief.lang,
          },
        },
      });
  if (brief.status === "draft") objects.push(draftStamp(brief, theme));
  const footerText = [
    brief.organisation,
    plainText(brief.title),
    brief.version && `v${brief.version}`,
    brief.date && longDate(brief.date, brief.lang),
  ]
    .filter(Boolean)
    // As the deck's: in right-to-left text each part is isolated, so "v1.1" and a date keep their own order.
    .map((part) => (theme.rtl ? `\u2068${part}\u2069` : part))
    .join(" · ");
  const inset = footerInset(theme.rtl);
  // The brand's small logo in the footer, left of the slide number, as the deck has it.
  const { align: _, ...logoBox } = side(
    theme,
    { x: FRAME.width - inset.end - 3.6, y: FOOTER.y - 0.04, w: 0.9, h: FOOTER.h + 0.08 },
    "left",
  );
  const placed = logo !== undefined && isPlaceable(logo.src);
  if (placed)
    objects.push({
      image: { ...fitInside(imageSize(logo.src), logoBox), data: logo.src, altText: logo.alt },
    });
  const width = placed ? FRAME.width - inset.end - 3.75 - inset.start : 9.5;
  objects.push({
    text: {
      text: footerText,
      options: {
        ...FOOTER,
        ...side(theme, { x: inset.start, w: width }, "left"),
        objectName: "Footer",
        lang: brief.lang,
      },
    },
  });
  const base = {
    background: { color: COLOURS.paper },
    margin: [0.5, 0.6, 0.5, 0.6] as [number, number, number, number],
  };
  pptx.defineSlideMaster({
    title: "BRIEF",
    ...base,
    objects,
    slideNumber: {
      ...side(theme, { x: FRAME.width - inset.end - 1, w: 1 }, "right"),
      y: FOOTER.y,
      h: FOOTER.h,
      fontFace: FONT,
      fontSize: TYPE.small,
      // The deck's number is in the ink, against the footer's muted grey (.bd-slide-number).
      color: COLOURS.ink,
    },
  });
  pptx.defineSlideMaster({ title: "ANNEX", ...base, objects });
}
