import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CompiledBrief } from "./compile-brief.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { formatDiagnostic } from "./format-diagnostic.ts";
import { type Io, useColor } from "./io.ts";

/**
 * Prints a brief's diagnostics to stderr, each with its code frame: from the brief's text, or for one in
 * another file (a template), from that file.
 */
export function reportDiagnostics(
  io: Io,
  compiled: Pick<CompiledBrief, "diagnostics" | "source" | "file">,
): void {
  const color = useColor(io);
  for (const d of compiled.diagnostics) {
    const source = d.file === compiled.file ? compiled.source : readSource(io, d);
    io.stderr(`${formatDiagnostic(d, source, { color })}\n\n`);
  }
}

function readSource(io: Io, d: Diagnostic): string | undefined {
  try {
    return readFileSync(resolve(io.cwd, d.file), "utf8");
  } catch {
    return undefined;
  }
}
