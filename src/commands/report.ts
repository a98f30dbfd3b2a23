import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics.ts";
import { countSummary, escapeControls, formatDiagnostic } from "../format-diagnostic.ts";
import { type Io, useColor } from "../io.ts";
import type { CompiledBrief } from "../pipeline/compile-brief.ts";
import { readInput } from "../read-input.ts";

/**
 * How many of a brief's diagnostics are printed: past this, the rest are counted, not shown. A brief
 * with thousands of problems has one mistake repeated, and a wall of text hides the first.
 */
export const MAX_REPORTED = 100;

/**
 * Prints a brief's diagnostics to stderr, up to MAX_REPORTED of them, each with its code frame: from the
 * brief's text, or for one in another file (a template), from that file.
 */
export function reportDiagnostics(
  io: Io,
  compiled: Pick<CompiledBrief, "file" | "diagnostics" | "source">,
): void {
  const color = useColor(io);
  const shown = compiled.diagnostics.slice(0, MAX_REPORTED);
  for (const d of shown) {
    const source = d.file === compiled.file ? compiled.source : readSource(io, d);
    io.stderr(`${formatDiagnostic(d, source, { color })}\n\n`);
  }
  const rest = compiled.diagnostics.slice(MAX_REPORTED);
  if (rest.length > 0) {
    const file = escapeControls(compiled.file);
    io.stderr(`${file}: and ${rest.length} more not shown (${countSummary(rest)})\n\n`);
  }
}

// A template's text, for its frame; read like any input, so a FIFO put in its place cannot hang a report.
function readSource(io: Io, d: Diagnostic): string | undefined {
  const read = readInput(resolve(io.cwd, d.file), 1024 * 1024);
  return "bytes" in read ? read.bytes.toString("utf8") : undefined;
}
