import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { loadImages, loadRuntimeAssets } from "./assets.ts";
import type { Brief } from "./brief.ts";
import { type Diagnostic, diagnose, hasErrors } from "./diagnostics.ts";
import { parseBrief } from "./parse-brief.ts";
import { renderDeck } from "./render-deck.ts";
import type { Templates } from "./templates.ts";
import { validateBrief } from "./validate-brief.ts";

/** The result of compiling one brief file: its deck when it compiled, and everything found on the way. */
export interface CompiledBrief {
  /** The file as given, relative to the project root where possible. */
  file: string;
  source: string | undefined;
  brief: Brief | undefined;
  html: string | undefined;
  diagnostics: Diagnostic[];
}

/** What compiling needs: where the project is, the templates, and the tool's version. */
export interface CompileOptions {
  projectRoot: string;
  templates: Templates;
  version: string;
  /** Render the deck (build) or stop after checking (check without a browser). */
  render: boolean;
}

/** Reads, parses, validates and renders one brief. Never throws for a problem in the brief. */
export function compileBrief(path: string, options: CompileOptions): CompiledBrief {
  const file = displayPath(path, options.projectRoot);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : String(error);
    const at = { file, line: 1, column: 1 };
    return {
      file,
      source: undefined,
      brief: undefined,
      html: undefined,
      diagnostics: [diagnose("file-unreadable", reason, at)],
    };
  }
  const validated = validateBrief(parseBrief(source, file), { projectRoot: options.projectRoot });
  const diagnostics = [...validated.diagnostics];
  const brief = validated.brief;
  if (brief === undefined) return { file, source, brief, html: undefined, diagnostics };
  const images = loadImages(brief, options.projectRoot);
  diagnostics.push(...images.diagnostics);
  if (hasErrors(diagnostics) || !options.render) return { file, source, brief, html: undefined, diagnostics };
  try {
    const html = renderDeck(brief, options.templates, {
      assets: loadRuntimeAssets(),
      images: images.images,
      version: options.version,
    });
    return { file, source, brief, html, diagnostics };
  } catch (error) {
    const message = `a template failed: ${(error as Error).message.split("\n")[0]}`;
    const hint = "check the templates in your --templates folder against the built-in ones";
    diagnostics.push(diagnose("template-error", message, { file, line: 1, column: 1 }, hint));
    return { file, source, brief, html: undefined, diagnostics };
  }
}

/** A path as the user would write it: relative to the project when inside it. */
export function displayPath(path: string, projectRoot: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") || rel === "" ? path : rel.split("\\").join("/");
}
