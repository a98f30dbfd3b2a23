import type { Slide } from "../brief/brief.ts";
import { titleSizeClass } from "../render/fit.ts";
import { type FontRole, inches, type PxBox, points, type SlideGeometry } from "../slide-geometry.ts";

// Where a slide's text goes in the PowerPoint and at what size: the deck's measured layout when the
// browser pass ran (PDF builds), else the same numbers as templates/theme.css (the deck's type scale and
// frame, in CSS pixels, a test keeps them equal to the deck's computed styles). Text boxes also shrink
// on overflow (<a:normAutofit/>): LibreOffice applies it when it draws; PowerPoint when the text is edited.

/** The deck's font sizes (px) for each layout's roles, as templates/theme.css sets them. */
const TYPE: Record<Slide["layout"], Partial<Record<FontRole, number>>> = {
  title: { title: 72, subtitle: 36 },
  section: { title: 68, subtitle: 32 },
  bullets: { title: 46, text: 30, small: 24 },
  judgments: { title: 46, text: 30, small: 24 },
  comparison: { title: 46, text: 24, small: 22, head: 24 },
  text: { title: 46, text: 30, table: 24 },
  quote: { title: 46, text: 38, small: 24 },
  sources: { title: 46, text: 24, small: 22 },
  changes: { title: 46, text: 30, small: 24 },
  timeline: { title: 46, text: 28, small: 22 },
  figures: { title: 46, text: 28, small: 22 },
  chart: { title: 46, text: 28, small: 22 },
};

// The deck's frame: 35 px marking (with its rule) on top, then the content's padding (30 72 12), the
// footer (38 px) and the bottom marking (35 px); the heading is 46 px × 1.12 with 12 px padding and a 3 px
// rule, and 26 px below it. Title and section slides are padded 96 px on the sides.
const CONTENT: PxBox = { x: 72, y: 65, w: 1136, h: 570 };
const HEADING = 46 * 1.12 + 12 + 3;
const HEADING_GAP = 26;
const WIDE_INSET = 96;

/** A box in inches. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One slide's placement in the PowerPoint: boxes in inches, sizes in points. */
export interface SlideFrame {
  /** The content's box (title and section slides place their blocks inside it). */
  content: Box;
  /** The title's box on a slide with a heading. */
  title: Box;
  /** The body's box, under the heading. */
  body: Box;
  /** The font size of a role, in points: measured, else the deck's type scale (else `fallback` px). */
  size(role: FontRole, fallback?: number): number;
  /** The fit step the deck kept (measured), else 0: the PowerPoint's own fit starts there. */
  step: number;
  /** Blocks as the deck placed them (measured): see SlideGeometry's `blocks`. */
  blocks: {
    title?: Box | undefined;
    subtitle?: Box | undefined;
    track?: Box | undefined;
    events?: Box | undefined;
  };
  /** Each table's box as the deck placed it (measured), in order. */
  tables: Box[];
}

/**
 * The slide's frame from the deck's measurement, else from the type scale. A slide the deck let overflow
 * (--allow-overflow) has its sizes scaled down by the share of its body that fits, so PowerPoint, which
 * shrinks only text that is edited, does not open it spilling off the slide.
 */
export function frameOf(
  layout: Slide["layout"],
  measured: SlideGeometry | null | undefined,
  titleText = "",
): SlideFrame {
  const wide = layout === "title" || layout === "section";
  const content = measured?.content ?? {
    ...CONTENT,
    ...(wide ? { x: WIDE_INSET, w: 1280 - 2 * WIDE_INSET } : {}),
  };
  const title = measured?.title ?? { x: content.x, y: content.y, w: content.w, h: HEADING };
  const bodyTop =
    measured === undefined || measured === null ? title.y + title.h + HEADING_GAP : measured.bodyTop;
  const bottom = content.y + content.h;
  const body = { x: content.x, y: bodyTop, w: content.w, h: Math.max(0, bottom - bodyTop) };
  const overflow = measured?.overflow ?? 0;
  const scale = overflow > 0 && body.h > 0 ? body.h / (body.h + overflow) : 1;
  const fonts = { ...TYPE[layout], ...titleSize(layout, titleText), ...(measured?.fonts ?? {}) };
  return {
    content: inchBox(content),
    title: inchBox({ ...title, x: content.x, w: content.w }),
    body: inchBox(body),
    step: measured?.fit ?? 0,
    blocks: {
      title: measured?.blocks?.title && inchBox(measured.blocks.title),
      subtitle: measured?.blocks?.subtitle && inchBox(measured.blocks.subtitle),
      track: measured?.blocks?.track && inchBox(measured.blocks.track),
      events: measured?.blocks?.events && inchBox(measured.blocks.events),
    },
    tables: (measured?.tables ?? []).map(inchBox),
    size: (role, fallback = 24) => {
      const px = fonts[role] ?? fallback;
      // Shrunk sizes round down to the half point, so the shrunk text is never larger than what fits.
      return role === "title" || scale === 1 ? points(px) : Math.floor(px * 0.75 * scale * 2) / 2;
    },
  };
}

// A long title steps down as in the deck (render/fit.ts chooses the class, theme.css gives the sizes).
function titleSize(layout: Slide["layout"], title: string): Partial<Record<FontRole, number>> {
  const size = titleSizeClass(layout, title);
  if (size === "") return {};
  const wide = layout === "title" || layout === "section";
  const long = size === "bd-title-long";
  return { title: wide ? (long ? 60 : 50) : long ? 40 : 34 };
}

function inchBox(box: PxBox): Box {
  return { x: inches(box.x), y: inches(box.y), w: inches(box.w), h: inches(box.h) };
}
