import { compareText } from "./text-order.ts";

/** One problem found in a brief, positioned in its source file. Lines and columns are 1-based. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number;
  column: number;
  hint?: string | undefined;
}

interface CodeInfo {
  severity: "error" | "warning";
  title: string;
  hint?: string;
}

/** Every diagnostic code briefdeck can report, with its default severity and a generic hint. */
export const CATALOGUE = {
  "file-unreadable": { severity: "error", title: "The brief cannot be read" },
  "file-too-large": {
    severity: "error",
    title: "The brief is larger than the size cap",
    hint: "split it into several briefs or move long passages into notes",
  },
  "yaml-syntax": { severity: "error", title: "The YAML cannot be parsed" },
  "unclosed-bracket": {
    severity: "error",
    title: "A [ or { opens a list or map that is never closed",
    hint: "close it, or put the value in quotes if the bracket is text",
  },
  "duplicate-key": {
    severity: "error",
    title: "A key appears twice in the same map",
    hint: "remove or rename one of the two",
  },
  "too-deep": {
    severity: "error",
    title: "The YAML is nested too deeply",
    hint: "a brief never needs more than a few levels of nesting",
  },
  "too-many-aliases": {
    severity: "error",
    title: "The YAML uses too many aliases",
    hint: "write the values out instead of repeating anchors",
  },
  "custom-tag": {
    severity: "error",
    title: "YAML tags are not allowed",
    hint: "remove the tag; quote the value if it must be a string",
  },
  "reserved-key": {
    severity: "error",
    title: "A reserved key name is used",
    hint: "keys may use letters, digits, '-', '_' and '.', and may not start with '_'",
  },
  "complex-key": {
    severity: "error",
    title: "A key is a list or a map",
    hint: 'write the key as plain text; put it in quotes if it starts with "[", "{" or "?"',
  },
  "unknown-key": { severity: "error", title: "A key is not part of the brief format" },
  "missing-field": { severity: "error", title: "A required field is missing" },
  "wrong-type": { severity: "error", title: "A value has the wrong type" },
  "bad-value": { severity: "error", title: "A value is not one of the allowed values" },
  "bad-date": { severity: "error", title: "A date is not an ISO date", hint: "write it as YYYY-MM-DD" },
  "unknown-layout": { severity: "error", title: "A slide names a layout that does not exist" },
  "bad-lang": {
    severity: "error",
    title: "A language is not a BCP 47 language tag",
    hint: "write a language tag such as en, en-GB, fr, de, nl, pl, uk or ar",
  },
  "lang-no-catalogue": {
    severity: "warning",
    title: "briefdeck has no words for this language",
    hint: "the labels briefdeck adds stay in English; dates and numbers still follow the language",
  },
  "unknown-citation": { severity: "error", title: "A citation names a source that is not defined" },
  "unknown-rating": { severity: "error", title: "A comparison cell has an unknown rating" },
  "cell-count": {
    severity: "error",
    title: "A comparison row has the wrong number of cells",
    hint: "give one cell for each entry in `columns`",
  },
  "bad-url": {
    severity: "error",
    title: "A URL is not an http(s) URL",
    hint: "use an address that starts with https:// or http://",
  },
  "duplicate-id": {
    severity: "error",
    title: "Two slides have the same id",
    hint: "slide ids must be unique",
  },
  "no-slides": {
    severity: "error",
    title: "The brief has no visible slides",
    hint: "add at least one slide that is not hidden",
  },
  "image-outside-project": {
    severity: "error",
    title: "An image lies outside the project",
    hint: "copy the image into the project (for example into assets/) and use a relative path",
  },
  "image-remote": {
    severity: "error",
    title: "Remote images are not fetched",
    hint: "download the image into the project and reference the local copy; decks never load from the network",
  },
  "image-not-found": { severity: "error", title: "An image file does not exist" },
  "chart-spec-invalid": {
    severity: "error",
    title: "A chart's Vega-Lite spec cannot be drawn",
    hint: "check the spec against https://vega.github.io/vega-lite/docs/",
  },
  "chart-warning": { severity: "warning", title: "Vega-Lite warns about a chart's spec" },
  "chart-no-alt": {
    severity: "error",
    title: "A chart has no text alternative",
    hint: "say what the chart shows in `alt:` (read by screen readers, printed in the handout)",
  },
  "chart-untitled": {
    severity: "error",
    title: "A chart slide has no title",
    hint: "give the slide a `title:`, or the spec a `title:`",
  },
  "chart-data-not-found": { severity: "error", title: "A chart's data file does not exist" },
  "chart-data-outside-project": {
    severity: "error",
    title: "A chart's data is not a file in the project",
    hint: "save the data as a CSV or JSON file in the project and give its path relative to the brief",
  },
  "chart-data-invalid": { severity: "error", title: "A chart's data file cannot be used" },
  "image-no-alt": {
    severity: "error",
    title: "An image has no alt text",
    hint: "describe the image for readers who cannot see it: ![what it shows](path)",
  },
  "unknown-id": { severity: "error", title: "A variant omits an id that does not exist" },
  "unknown-version": {
    severity: "error",
    title: "A changes slide names a version that is not in the history",
  },
  "duplicate-version": {
    severity: "error",
    title: "A version appears twice in the history",
    hint: 'give each entry under "changes:" its own version',
  },
  "unknown-variant": { severity: "error", title: "The brief has no variant of that name" },
  "image-unsupported": {
    severity: "error",
    title: "An image has an unsupported type",
    hint: "use PNG, JPEG, GIF, WebP or SVG",
  },
  "event-date": {
    severity: "error",
    title: "A timeline event's dates do not make a moment or a span",
    hint: 'give an event "date", or "from" and "to" for a span',
  },
  "event-order": {
    severity: "error",
    title: "A timeline's events are not in date order",
    hint: "list the events in date order",
  },
  "timeline-too-full": {
    severity: "error",
    title: "A timeline has more events or lanes than a slide can show",
    hint: "split it across two timeline slides",
  },
  "figures-count": {
    severity: "error",
    title: "A figures slide shows three to six numbers",
  },
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

export type DiagnosticCode = keyof typeof CATALOGUE;

/** Where a diagnostic points: the file and a 1-based line and column. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Builds a diagnostic, taking the severity and (unless given) the hint from the catalogue. */
export function diagnose(code: DiagnosticCode, message: string, at: Position, hint?: string): Diagnostic {
  const info: CodeInfo = CATALOGUE[code];
  return { code, severity: info.severity, message, ...at, hint: hint ?? info.hint };
}

/** The diagnostics with every warning made an error: --strict. */
export function strictly(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === "warning" ? { ...d, severity: "error" } : d));
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, line and column so reports read top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
}
