import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import type { Locator } from "./yaml-position.ts";

// What YAML does not allow in its text (c-printable): C0 controls but tab, LF and CR; DEL; C1 controls.
// YAML allows NEL (U+0085), but no deck shows it either, and a raw one is what Windows-1252 text read as
// Latin-1 has for "…": it is named where it stands, like the rest. The yaml library reads them as they
// are, and a NUL would go into the deck unseen.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// The same in a value, where an escape ("\0", "\x1b") may have put one.
const CONTROL_IN_VALUE = new RegExp(CONTROL.source);
const NAMES: Record<number, string> = { 0: "NUL", 7: "BEL", 8: "BS", 27: "ESC", 127: "DEL" };
const MAX_REPORTED = 20;

/** The control characters written into the text as they are, each where it is (the first twenty). */
export function findControlCharacters(locator: Locator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const match of locator.source.matchAll(CONTROL)) {
    diagnostics.push(reportControl(match[0], "the text holds", locator.at(match.index)));
    if (diagnostics.length === MAX_REPORTED) break;
  }
  return diagnostics;
}

/** A diagnostic for a string value that an escape gave a control character, or undefined. */
export function checkValueControls(value: string, at: () => Position): Diagnostic | undefined {
  const found = CONTROL_IN_VALUE.exec(value)?.[0];
  if (found === undefined) return undefined;
  const hint = "remove the escape (\\0, \\e, \\x1b…) that makes it: a deck shows only printable text";
  return reportControl(found, "an escape in this string makes", at(), hint);
}

function reportControl(character: string, what: string, at: Position, hint?: string): Diagnostic {
  const code = character.charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[code] === undefined ? "" : ` (${NAMES[code]})`;
  return diagnose(
    "control-character",
    `${what} the control character U+${hex}${name}, which a deck cannot show`,
    at,
    hint,
  );
}
