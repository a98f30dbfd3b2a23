/**
 * The oldest Chrome that prints briefdeck's handouts whole: 131 was the first to draw CSS page-margin
 * boxes (`@page { @top-center { … } }`), which hold the handout's running header and footer, its
 * marking among them. An older one would print the handout without them, and without a word.
 */
export const OLDEST_CHROME = 131;

/**
 * The major version of a browser older than OLDEST_CHROME, from its version string as DevTools gives it
 * ("HeadlessChrome/156.0.8078.108", "Chrome/130.0.6723.58"); undefined when it is new enough or the
 * string names no version (a browser that says nothing is given the benefit of the doubt).
 */
export function tooOldChrome(version: string): number | undefined {
  const major = Number(/\/(\d+)\./.exec(version)?.[1]);
  return Number.isInteger(major) && major < OLDEST_CHROME ? major : undefined;
}
