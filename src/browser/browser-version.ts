import { BROWSER_INSTALL_COMMAND } from "./find-browser.ts";

/**
 * The oldest Chrome that prints briefdeck's handouts whole: 131 was the first to draw CSS page-margin
 * boxes (`@page { @top-center { … } }`), which hold the handout's running header and footer, its
 * marking among them. An older one would print the handout without them, and without a word.
 */
export const OLDEST_CHROME = 131;

/**
 * The major version of a Chrome or Chromium older than OLDEST_CHROME, from its version string as DevTools
 * gives it ("HeadlessChrome/156.0.8078.108", "Chrome/130.0.6723.58"); undefined when it is new enough, or
 * the string names no Chrome version (a browser that says nothing of one is given the benefit of the
 * doubt).
 */
export function tooOldChrome(version: string): number | undefined {
  const major = Number(/^(?:Headless)?Chrom(?:e|ium)\/(\d+)\./.exec(version)?.[1]);
  return Number.isInteger(major) && major < OLDEST_CHROME ? major : undefined;
}

/** Why a browser cannot print briefdeck's handouts, with the fix; undefined when it can. */
export function oldBrowserMessage(version: string, description: string, remote: boolean): string | undefined {
  const old = tooOldChrome(version);
  if (old === undefined) return undefined;
  const fix = remote
    ? "point --browser-ws-endpoint at a newer Chrome"
    : `update it, or run ${BROWSER_INSTALL_COMMAND}`;
  return `${description} is Chrome ${old}; briefdeck needs Chrome ${OLDEST_CHROME} or later to print the handout's header and footer (its marking). Fix: ${fix}`;
}
