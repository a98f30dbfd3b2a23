import { relative } from "node:path";
import { type Diagnostic, hasErrors } from "../diagnostics.ts";
import type { Io } from "../io.ts";
import { type ResolvedProject, resolveProject } from "../project/load-settings.ts";
import type { BrandTheme } from "../render/brand-theme.ts";
import type { OptionSpec, ParsedArgs } from "./command.ts";
import { reportDiagnostics } from "./report.ts";

/** The options build, check and serve share about the project: where its theme comes from. */
export const PROJECT_OPTIONS: Record<string, OptionSpec> = {
  templates: { type: "string" },
  "replace-theme": { type: "boolean" },
  brand: { type: "string" },
};

/** The project's settings (flags over briefdeck.yaml), its brand, and whether either has errors. */
export interface LoadedProject {
  project: ResolvedProject;
  brand: BrandTheme | undefined;
  /** True when briefdeck.yaml or the brand file has errors (already reported). */
  failed: boolean;
}

/**
 * Resolves the project once for a command and reports problems in briefdeck.yaml and _brand.yml. The
 * brand code (and its colour library) is loaded only for a project that has a brand.
 */
export async function loadProject(args: ParsedArgs, io: Io): Promise<LoadedProject> {
  const project = resolveProject(io.cwd, io.cwd, {
    out: args.string("out"),
    templates: args.string("templates"),
    replaceTheme: args.flag("replace-theme"),
    brand: args.string("brand"),
    noPdf: args.flag("no-pdf"),
    pptx: args.flag("no-pptx") ? false : args.flag("pptx") ? true : undefined,
  });
  report(io, project.settingsFile, project.diagnostics);
  const brand =
    project.brandFile === undefined
      ? undefined
      : (await import("../project/load-brand.ts")).loadBrand(project.brandFile, shown(io, project.brandFile));
  if (brand !== undefined && project.brandFile !== undefined)
    report(io, project.brandFile, brand.diagnostics);
  const failed = hasErrors(project.diagnostics) || (brand !== undefined && hasErrors(brand.diagnostics));
  return { project, brand: brand?.theme, failed };
}

function report(io: Io, path: string | undefined, diagnostics: readonly Diagnostic[]): void {
  if (path === undefined || diagnostics.length === 0) return;
  reportDiagnostics(io, { file: shown(io, path), source: undefined, diagnostics: [...diagnostics] });
}

function shown(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return rel.startsWith("..") ? path : rel;
}
