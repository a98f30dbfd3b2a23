import { join, resolve } from "node:path";
import { type Diagnostic, diagnose, hasErrors, strictly } from "../diagnostics.ts";
import { cacheKey } from "../output/cache.ts";
import { describeBrief } from "../output/index-page.ts";
import { outputName } from "../output/names.ts";
import type { BriefOutputs, OutputFolder } from "../output/output-folder.ts";
import type { PrintedBrief } from "../pdf/export-pdf.ts";
import { loadImages } from "../render/assets.ts";
import type { Templates } from "../render/templates.ts";
import type { CompiledBrief } from "./compile-brief.ts";

// A compiled (and printed) brief on its way to the output folder: its PowerPoint, the files it writes,
// and what the folder did with them.

/**
 * One brief's fate: built (outputs listed), skipped as unchanged, or failed (diagnostics say why, or
 * `writeError` when the disk refused its outputs).
 */
export type BriefResult = CompiledBrief & {
  outputs: string[];
  skipped: boolean;
  pages: number;
  writeError?: string;
  /** The PowerPoint, when asked for and the brief compiled. */
  pptx?: Uint8Array;
};

/** What turning a compiled brief into outputs needs to know of the build. */
export interface OutputContext {
  projectRoot: string;
  /** --strict: every warning is an error. */
  strict: boolean;
  /** The build prints PDFs: a brief whose PDFs are missing writes nothing. */
  printing: boolean;
  /** The build writes a PowerPoint of every brief that compiled. */
  pptx: boolean;
  /** What the build cache keys every brief by besides its own inputs (see build.ts). */
  environment: string;
  templates: Templates;
  version: string;
}

// The PowerPoint, when asked for and nothing failed: after the print, from the deck's measured layout
// (the same boxes and sizes; a slide that overflows was reported by the print, once, for both).
export async function addPptx(
  result: BriefResult,
  printed: PrintedBrief | undefined,
  context: OutputContext,
): Promise<BriefResult> {
  const { templates, version } = context;
  const failed = hasErrors(result.diagnostics) || hasErrors(printed?.diagnostics ?? []);
  if (!context.pptx || result.skipped || result.brief === undefined || failed) return result;
  const { writePptx } = await import("../pptx/write-pptx.ts");
  const pptx = await writePptx(result.brief, {
    version,
    images: loadImages(result.brief, context.projectRoot).images,
    charts: result.charts,
    brandCss: templates.brandCss,
    logo: templates.brand?.smallLogo,
    layout: printed?.layout,
  });
  return { ...result, pptx };
}

// A compiled brief's outputs, when all of them are ready: a brief missing one writes none.
export function finishResult(
  result: BriefResult,
  printed: PrintedBrief | undefined,
  context: OutputContext,
): { result: BriefResult; outputs: BriefOutputs | undefined } {
  if (result.skipped) return { result, outputs: undefined };
  const { environment } = context;
  const all = [...result.diagnostics, ...(printed?.diagnostics ?? [])];
  const diagnostics: Diagnostic[] = context.strict ? strictly(all) : all;
  const done = { ...result, diagnostics, pages: printed?.pages ?? 0 };
  const { brief, rendered, source } = result;
  const pdfs =
    printed?.slides !== undefined && printed.handout !== undefined
      ? { slides: printed.slides, handout: printed.handout }
      : undefined;
  if (
    brief === undefined ||
    rendered === undefined ||
    source === undefined ||
    hasErrors(diagnostics) ||
    (context.printing && printed !== undefined && pdfs === undefined)
  ) {
    return { result: done, outputs: undefined };
  }
  const name = outputName(brief.slug, brief.variant);
  const path = resolve(context.projectRoot, result.file);
  const files: BriefOutputs["files"] = [{ kind: "deck", content: rendered.deck }];
  if (pdfs !== undefined)
    files.push({ kind: "slides", content: pdfs.slides }, { kind: "handout", content: pdfs.handout });
  if (result.pptx !== undefined) files.push({ kind: "pptx", content: result.pptx });
  const outputs: BriefOutputs = {
    entry: describeBrief(brief, name, path, result.file, result.images),
    key: cacheKey(environment, source, result.images),
    files,
  };
  return { result: done, outputs };
}

// What the output folder did with a brief's outputs: the files written, or why none were.
export function applyOutcome(
  result: BriefResult,
  outcome: Awaited<ReturnType<OutputFolder["commit"]>>["outcomes"][number] | undefined,
  outDir: string,
): BriefResult {
  if (outcome === undefined) return result;
  if ("written" in outcome) return { ...result, outputs: outcome.written };
  if (outcome.reason === "environment") return { ...result, outputs: [], writeError: outcome.message };
  const code = outcome.reason === "collision" ? "output-collision" : "output-not-ours";
  const at = { file: result.file, line: 1, column: 1 };
  const hint =
    outcome.reason === "collision"
      ? "rename one of the two brief files"
      : `move or delete ${join(outDir, outcome.file)} (briefdeck replaces only files it wrote), or build into another --out`;
  return {
    ...result,
    outputs: [],
    diagnostics: [...result.diagnostics, diagnose(code, outcome.message, at, hint)],
  };
}
