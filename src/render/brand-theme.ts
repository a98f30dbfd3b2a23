import type { Position } from "../diagnostics.ts";

/** A logo as the templates show it: an inlined image and its alternative text. */
export interface LogoView {
  src: string;
  alt: string;
}

/**
 * A `source: file` font of the brand. Each deck carries it subset to the text the deck shows
 * (src/render/brand-fonts.ts); the index page carries it whole.
 */
export interface BrandFont {
  family: string;
  weight: number | string;
  style: string;
  bytes: Buffer;
  /** The media type of the file as given (the whole font's). */
  mime: string;
  /** A digest of `bytes`: with the code points, the key of the subset cache. */
  digest: string;
  /** Where _brand.yml names the file, for a font that cannot be subset. */
  at: Position;
  /** The file itself: the charts' process reads it to measure their text (src/render/chart-text-metrics.ts). */
  path: string;
}

/**
 * What a brand adds to the theme (made from _brand.yml by src/project/load-brand.ts): CSS that sets the
 * theme's variables, loaded after the built-in theme and before a templates folder's
 * CSS; the name and logos the templates show; and the files it was made from, for caching and watching.
 */
export interface BrandTheme {
  css: string;
  /** The local fonts, in the order _brand.yml gives them. */
  fonts: BrandFont[];
  /** The family typography.base names (the deck's text is set in it), if any. */
  baseFamily?: string | undefined;
  name: string | undefined;
  /** The large (else medium) logo: on the title slide. */
  titleLogo: LogoView | undefined;
  /** The small logo: in every slide's footer and the handout's header. */
  smallLogo: LogoView | undefined;
  files: string[];
  /** A digest of everything above: part of every brief's cache key. */
  fingerprint: string;
}
