import { join } from "node:path";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { makeProject } from "./helpers.ts";

export const templates = loadTemplates();

/** Compiles and renders a brief in a project of its own, with the built-in or an override's templates. */
export function render(source: string, options: { templatesDir?: string } = {}) {
  const project = makeProject({ "briefs/test.yaml": source });
  const t = options.templatesDir ? loadTemplates(options.templatesDir) : templates;
  return compileBrief(join(project, "briefs/test.yaml"), {
    projectRoot: project,
    templates: t,
    version: "test",
    render: true,
  });
}

/** The slides' markup, without the inlined reveal.js, theme and fonts. */
export function slidesOf(html: string | undefined): string {
  const start = html?.indexOf('<div class="slides">') ?? -1;
  const end = html?.indexOf("<script>") ?? -1;
  if (start < 0 || end < 0) throw new Error("no slides in the output");
  return (html ?? "").slice(start, end);
}
