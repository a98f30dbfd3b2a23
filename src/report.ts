import type { CompiledBrief } from "./compile-brief.ts";
import { formatDiagnostic } from "./format-diagnostic.ts";
import { type Io, useColor } from "./io.ts";

/** Prints a brief's diagnostics to stderr, each with its code frame. */
export function reportDiagnostics(io: Io, compiled: Pick<CompiledBrief, "diagnostics" | "source">): void {
  const color = useColor(io);
  for (const d of compiled.diagnostics) io.stderr(`${formatDiagnostic(d, compiled.source, { color })}\n\n`);
}
