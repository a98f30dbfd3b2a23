import { BUILD_CODES } from "./diagnostic-codes/build-codes.ts";
import type { CodeInfo } from "./diagnostic-codes/code-info.ts";
import { INPUT_CODES } from "./diagnostic-codes/input-codes.ts";
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

/** A code in both stages' lists: the spread below would drop one of them unnoticed, so none may be. */
type CodeInBoth = keyof typeof INPUT_CODES & keyof typeof BUILD_CODES;

/** Every diagnostic code briefdeck can report, with its default severity and a generic hint. */
export const CATALOGUE = { ...INPUT_CODES, ...BUILD_CODES } as const satisfies Record<string, CodeInfo> &
  Record<CodeInBoth, never>;

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
