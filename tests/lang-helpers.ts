import { CATALOGUES } from "../src/messages/catalogue.ts";

// What the language tests share: the languages with a catalogue, their fixtures, and the marks
// pdftotext puts around right-to-left runs.

export const LANGS = Object.keys(CATALOGUES);

/** The catalogue's language's fixture, copied into a project. */
export const fixtures = (langs: string[]) =>
  Object.fromEntries(langs.map((l) => [`briefs/${l}.yaml`, `fixture:lang/${l}.yaml`]));

/** The bidi controls pdftotext marks right-to-left runs with; the words between them are in logical order. */
export const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
