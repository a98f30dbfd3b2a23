// The deck's measured layout of one slide, handed from the browser pass (pdf/measure.ts) to the PowerPoint
// (pptx/), so both place text in the same boxes at the same sizes. CSS pixels on the 1280×720 canvas.

/** A box on the slide, in CSS pixels from its top left corner. */
export interface PxBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The roles whose computed font size the PowerPoint takes: the slide's title, the title or section
 * slide's subtitle, the running text, the smaller secondary text (sub-points, estimates, captions,
 * ratings), table headers, and a text slide's Markdown tables.
 */
export type FontRole = "title" | "subtitle" | "text" | "small" | "head" | "table";

/** One slide as the deck's print view laid it out. */
export interface SlideGeometry {
  /** The content's box inside its padding. */
  content: PxBox;
  /** The slide heading's border box, when the slide has one. */
  title?: PxBox | undefined;
  /** Where the body starts: below the heading and its margin, else the content's top. */
  bodyTop: number;
  /** Computed font sizes (px) of the roles the slide has; the deck may have stepped them down to fit. */
  fonts: Partial<Record<FontRole, number>>;
  /** How far the content reaches past its box, in pixels; 0 when it fits. */
  overflow: number;
  /** The fit step the deck kept for the slide (0 when it took none). */
  fit?: number;
  /**
   * Blocks as the deck placed them: the title or section slide's title and subtitle; a timeline's lanes
   * and axis (its track) and its events beneath, which the deck centres in the body.
   */
  blocks?: {
    title?: PxBox | undefined;
    subtitle?: PxBox | undefined;
    track?: PxBox | undefined;
    events?: PxBox | undefined;
  };
  /** Each table's box (the comparison's, a text slide's Markdown tables), in order. */
  tables?: PxBox[];
}

/** 1280 CSS pixels are 13.333 in, 720 are 7.5 in: 96 px an inch. */
export const PX_PER_INCH = 96;

/** A length in CSS pixels as inches. */
export const inches = (px: number): number => px / PX_PER_INCH;

/** A font size in CSS pixels as points (1 px = 0.75 pt), to the half point PowerPoint's menus use. */
export const points = (px: number): number => Math.round(px * 0.75 * 2) / 2;
