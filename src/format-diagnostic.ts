import type { Diagnostic } from "./diagnostics.ts";

/** Whether to colour output: only on a terminal, and never when NO_COLOR is set. */
export interface FormatOptions {
  color: boolean;
}

// Control characters (C0, DEL, C1), and the bidirectional overrides that can reorder what a reader sees
// ("Trojan Source"). A tab is only a space to a terminal, and stays.
const CONTROLS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text from a brief made safe for a terminal: every control character shown as its `\u001b` escape, so
 * a brief cannot retitle, clear or recolour the terminal that prints its diagnostics.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) =>
    c === "\t" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const paint = (on: boolean, code: string) => (text: string) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;

/**
 * Formats a diagnostic the way compilers do, so editors and terminals make the location clickable:
 *
 *     briefs/x.yaml:14:13 error unknown-layout  layout "comparsion" is not a layout
 *       13 |   - title: Against the principles
 *     > 14 |     layout: comparsion
 *          |             ^
 *       hint: did you mean "comparison"?
 */
export function formatDiagnostic(d: Diagnostic, source: string | undefined, options: FormatOptions): string {
  const bold = paint(options.color, "1");
  const dim = paint(options.color, "2");
  const severity = paint(options.color, d.severity === "error" ? "31;1" : "33;1")(d.severity);
  const where = escapeControls(`${d.file}:${d.line}:${d.column}`);
  const lines = [`${bold(where)} ${severity} ${dim(d.code)}  ${escapeControls(d.message)}`];
  if (source !== undefined) lines.push(...codeFrame(source, d.line, d.column, dim));
  if (d.hint) lines.push(`  ${bold("hint:")} ${escapeControls(d.hint)}`);
  return lines.join("\n");
}

// The lines of the last source framed: a brief's diagnostics come one after another, so one split serves
// them all (a long brief with many warnings would otherwise split its whole text once per warning).
let split: { source: string; lines: string[] } | undefined;

function codeFrame(source: string, line: number, column: number, dim: (s: string) => string): string[] {
  if (split?.source !== source) split = { source, lines: source.split(/\r?\n/) };
  const all = split.lines;
  const text = all[line - 1];
  if (text === undefined) return [];
  const width = String(line).length;
  const gutter = (n: number | string, mark: string) => `${mark} ${String(n).padStart(width)} | `;
  const frame: string[] = [];
  const before = all[line - 2];
  if (before !== undefined && before.trim() !== "") frame.push(dim(gutter(line - 1, " ") + clip(before)));
  frame.push(gutter(line, ">") + clip(text));
  // The caret stands under the column as the line is shown, escapes and all.
  const shown = escapeControls(text.slice(0, Math.max(0, column - 1))).length;
  frame.push(`${dim(`${" ".repeat(width + 2)} | `) + " ".repeat(Math.min(shown, 160))}^`);
  return frame;
}

function clip(text: string): string {
  const safe = escapeControls(text);
  return safe.length > 160 ? `${safe.slice(0, 157)}...` : safe;
}

/** One line per count: "2 errors, 1 warning". */
export function countSummary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}
