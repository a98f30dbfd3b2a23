import type { Page } from "puppeteer-core";

/** Text on a slide that the deck's own fonts cannot draw, so Chromium drew it with a machine's font. */
export interface FontFallback {
  /** 1-based position of the first slide it was found on, in the deck (main slides, then the annex). */
  number: number;
  /** That slide's number as the deck shows it, and its title. */
  label: string;
  title: string;
  /** The machine's font that drew it (what a reader without that font sees as boxes). */
  family: string;
  /** The first characters of the text it drew, for the message. */
  sample: string;
  /** How many slides have text drawn with it. */
  slides: number;
}

/**
 * Asks Chromium (DevTools' CSS.getPlatformFontsForNode) which fonts drew each element's text on every
 * slide. A font that is not a web font is not in the deck: the deck's fonts (built-in and brand) lack those
 * glyphs, and a reader whose machine has no such font sees boxes. One finding per font, at the first
 * slide that needs it.
 */
export async function findFontFallbacks(page: Page): Promise<FontFallback[]> {
  const session = await page.createCDPSession();
  try {
    await session.send("DOM.enable");
    await session.send("CSS.enable");
    const { root } = await session.send("DOM.getDocument", { depth: 0 });
    const { nodeIds: sections } = await session.send("DOM.querySelectorAll", {
      nodeId: root.nodeId,
      selector: "section.bd-section",
    });
    const found = new Map<string, FontFallback>();
    for (const [i, section] of sections.entries()) {
      const { attributes } = await session.send("DOM.getAttributes", { nodeId: section });
      const attribute = (name: string) => attributes[attributes.indexOf(name) + 1] ?? "";
      const { nodeIds } = await session.send("DOM.querySelectorAll", {
        nodeId: section,
        selector: ".bd-slide, .bd-slide *",
      });
      const families = new Map<string, string>();
      for (const nodeId of nodeIds) {
        const { fonts } = await session.send("CSS.getPlatformFontsForNode", { nodeId });
        const system = fonts.filter((f) => !f.isCustomFont && f.glyphCount > 0);
        if (system.length === 0) continue;
        // Fonts are reported for the text beneath the node too: the sample is the first node's own text.
        const text = await ownText(session, nodeId);
        for (const font of system) if (!families.get(font.familyName)) families.set(font.familyName, text);
      }
      for (const [family, text] of families) {
        const seen = found.get(family);
        if (seen !== undefined) seen.slides++;
        else {
          const label = attribute("data-bd-number") || String(i + 1);
          const sample = [...text.trim()].slice(0, 24).join("");
          found.set(family, {
            number: i + 1,
            label,
            title: attribute("data-bd-title"),
            family,
            sample,
            slides: 1,
          });
        }
      }
    }
    return [...found.values()];
  } finally {
    await session.detach().catch(() => undefined);
  }
}

type Session = Awaited<ReturnType<Page["createCDPSession"]>>;

// The element's own text (its text children, not its descendants'): what the fonts reported drew.
async function ownText(session: Session, nodeId: number): Promise<string> {
  const { node } = await session.send("DOM.describeNode", { nodeId, depth: 1 });
  return (node.children ?? [])
    .filter((child) => child.nodeType === 3)
    .map((child) => child.nodeValue)
    .join(" ")
    .trim();
}
