import type { CompiledBrief } from "./compile-brief.ts";
import { countSummary, escapeControls, formatDiagnostic } from "./format-diagnostic.ts";
import { type Io, useColor } from "./io.ts";

/**
 * How many of a brief's diagnostics are printed: past this, the rest are counted, not shown. A brief
 * with thousands of problems has one mistake repeated, and a wall of text hides the first.
 */
export const MAX_REPORTED = 100;

/** Prints a brief's diagnostics to stderr, each with its code frame, up to MAX_REPORTED of them. */
export function reportDiagnostics(
  io: Io,
  compiled: Pick<CompiledBrief, "file" | "diagnostics" | "source">,
): void {
  const color = useColor(io);
  const shown = compiled.diagnostics.slice(0, MAX_REPORTED);
  for (const d of shown) io.stderr(`${formatDiagnostic(d, compiled.source, { color })}\n\n`);
  const rest = compiled.diagnostics.slice(MAX_REPORTED);
  if (rest.length > 0) {
    const file = escapeControls(compiled.file);
    io.stderr(`${file}: and ${rest.length} more not shown (${countSummary(rest)})\n\n`);
  }
}
