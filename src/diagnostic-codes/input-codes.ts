import type { CodeInfo } from "./code-info.ts";

/** The codes of reading, parsing and validating a brief: the file, its YAML, the schema, cross-references. */
export const INPUT_CODES = {
  "file-unreadable": {
    severity: "error",
    title: "The brief cannot be read",
    hint: "name a file that exists and can be read: a regular YAML file (a path is taken from the folder briefdeck runs in)",
  },
  "file-too-large": {
    severity: "error",
    title: "The brief is larger than the size cap",
    hint: "split it into several briefs or move long passages into notes",
  },
  "not-utf8": {
    severity: "error",
    title: "The file is text in another encoding than UTF-8",
    hint: "save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)",
  },
  "control-character": {
    severity: "error",
    title: "The text holds a control character (NUL, ESC…)",
    hint: "delete it: most editors do not show it (it comes with text pasted from a PDF, a terminal or a binary file)",
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
  "settings-path-missing": {
    severity: "error",
    title: "briefdeck.yaml names a templates folder or brand file that is not there",
    hint: "create it (paths in briefdeck.yaml are relative to its folder), or remove the key",
  },
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
} as const satisfies Record<string, CodeInfo>;
