import type { CodeInfo } from "./code-info.ts";

/** The codes of building a deck: rendering and printing, the briefing-craft checks, outputs, the brand. */
export const BUILD_CODES = {
  "template-error": { severity: "error", title: "A template failed to render" },
  "slide-overflow": { severity: "error", title: "A slide's content does not fit on the slide" },
  "render-failed": { severity: "error", title: "The browser could not print the brief" },
  "a11y-violation": {
    severity: "error",
    title: "A slide fails an accessibility rule (axe-core, serious or critical impact)",
  },
  "a11y-advice": {
    severity: "warning",
    title: "A slide breaks an accessibility rule of moderate or minor impact (axe-core)",
  },
  "unused-source": {
    severity: "warning",
    title: "A source is never cited",
    hint: "cite it with [@key] or remove it",
  },
  "version-unlisted": {
    severity: "warning",
    title: "The brief's version is not in its version history",
    hint: 'add an entry for it under "changes:" (version, date, summary)',
  },
  "font-fallback": {
    severity: "warning",
    title: "The deck's fonts lack glyphs for some of its text",
    hint: "give the brand a font that covers the script (_brand.yml typography.fonts, source: file)",
  },
  "estimative-unread": {
    severity: "warning",
    title: "The estimative-language lint does not read the brief's language",
    hint: "the lint reads English, French, German, Dutch and Ukrainian; check the judgments' wording by hand",
  },
  "estimative-mismatch": {
    severity: "warning",
    title: "A judgment's wording disagrees with its likelihood",
    hint: "use the ICD 203 term that matches the likelihood, or change the likelihood",
  },
  "estimative-no-likelihood": {
    severity: "warning",
    title: "A judgment uses estimative words without a likelihood",
    hint: 'set "likelihood:" to the ICD 203 term it means (almost no chance … almost certain)',
  },
  "judgment-uncited": {
    severity: "warning",
    title: "A judgment cites no source",
    hint: "cite the source it rests on with [@key]",
  },
  "acronym-before-expansion": {
    severity: "warning",
    title: "An acronym is used before it is expanded",
    hint: "write it out in full where it first appears, or use it first in running text (which is expanded)",
  },
  "unknown-anchor": {
    severity: "warning",
    title: "A link names a slide the deck does not have",
  },
  "omitted-anchor": {
    severity: "warning",
    title: "A link names a slide the variant leaves out",
  },
  "no-sources-slide": {
    severity: "warning",
    title: "The deck cites sources but has no sources slide",
    hint: 'add "- layout: sources" (citations link to it), or keep it in the variant',
  },
  "acronym-undefined": {
    severity: "warning",
    title: "An all-capital word is not in the glossary",
    hint: 'add it to "glossary:" with what it stands for, or to "allow-caps:" if it is not an acronym',
  },
  "quote-not-in-source": {
    severity: "error",
    title: "An evidence quote is not in its source's archive",
    hint: "quote the source's exact words, as the archive has them",
  },
  "quote-unverified": {
    severity: "warning",
    title: "A source's evidence quotes cannot be checked: it has no archive, or its archive cannot be read",
    hint: 'add "archive:" with the path of a local copy of what you read (text, Markdown or HTML)',
  },
  "hedge-hardened": {
    severity: "warning",
    title: "The evidence hedges, but the item asserts it (or rates it likely or stronger)",
    hint: "keep the source's hedge (could, may, appears, so far…) in the wording, or lower the likelihood",
  },
  "confidence-exceeds-sources": {
    severity: "warning",
    title: "A judgment's confidence is higher than its sources support",
    hint: "high needs two independent sources graded B2 or better; weak or second-hand sources support only low",
  },
  "judgment-unevidenced": {
    severity: "warning",
    title: "A judgment cites a source but quotes no evidence from it",
    hint: 'add "evidence:" with the source\'s words it rests on ({ source, quote, locator })',
  },
  "source-undated": {
    severity: "warning",
    title: "A source has no date",
    hint: 'add "published:" or "accessed:" (YYYY-MM-DD): a claim that holds "so far" needs a date',
  },
  "via-graded-higher": {
    severity: "warning",
    title: "A work known only through another source is graded better than that source",
    hint: "grade it no better than the source you read it in",
  },
  "output-collision": {
    severity: "error",
    title: "Two briefs would write the same output file",
    hint: "rename one of the brief files",
  },
  "output-not-ours": {
    severity: "error",
    title: "An output would replace a file briefdeck did not write",
  },
  "default-clash": {
    severity: "warning",
    title: "A brief's glossary entry or source differs from the shared one in briefdeck.yaml",
    hint: "remove the brief's entry to use the shared one, or give it another key",
  },
  "brand-unused": {
    severity: "warning",
    title: "A field of the brand file is not used by briefdeck",
    hint: "other tools may read it; briefdeck ignores it",
  },
  "brand-font-remote": {
    severity: "warning",
    title: "A brand font would have to be downloaded",
    hint: "decks stay offline: give the font's files with source: file, or the next font in the list is used",
  },
  "brand-font-unsubset": {
    severity: "warning",
    title: "A brand font could not be subset, so every deck carries all of it",
    hint: "check that the file is a whole, valid TTF, OTF, WOFF or WOFF2 font",
  },
  "brand-bad-colour": { severity: "error", title: "A brand colour is not a colour" },
  "brand-file-missing": { severity: "error", title: "A file the brand names cannot be read" },
  "brand-file-outside": {
    severity: "error",
    title: "A file the brand names is outside the brand's folder",
    hint: "copy the logo or font into the folder that holds the brand file and name it from there",
  },
  "brand-contrast": {
    severity: "error",
    title: "Two brand colours the theme draws as text on background fail WCAG AA",
    hint: "darken the text colour or lighten the background (or the reverse) until the ratio is met",
  },
  "theme-unstyled": {
    severity: "error",
    title: "The templates folder leaves the slides without their layout",
  },
} as const satisfies Record<string, CodeInfo>;
