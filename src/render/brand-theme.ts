/** A logo as the templates show it: an inlined image and its alternative text. */
export interface LogoView {
  src: string;
  alt: string;
}

/**
 * What a brand adds to the theme (made from _brand.yml by src/project/load-brand.ts): CSS that sets the
 * theme's variables and @font-face rules, loaded after the built-in theme and before a templates folder's
 * CSS; the name and logos the templates show; and the files it was made from, for caching and watching.
 */
export interface BrandTheme {
  css: string;
  name: string | undefined;
  /** The large (else medium) logo: on the title slide. */
  titleLogo: LogoView | undefined;
  /** The small logo: in every slide's footer and the handout's header. */
  smallLogo: LogoView | undefined;
  files: string[];
  /** A digest of everything above: part of every brief's cache key. */
  fingerprint: string;
}
