import { slugOf } from "../brief/slug.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";

export { BRIEF_FILE, slugOf } from "../brief/slug.ts";

/** The kinds of output a brief has, and the suffix each adds to the brief's output name. */
export const OUTPUT_KINDS = {
  deck: ".html",
  slides: ".pdf",
  handout: ".handout.pdf",
  pptx: ".pptx",
} as const;

export type OutputKind = keyof typeof OUTPUT_KINDS;

/** The page that lists every brief in the output folder. A brief may not take its name. */
export const INDEX_FILE = "index.html";

/** What a brief's outputs are called: `<slug>`, or `<slug>.<variant>` for an audience variant. */
export function outputName(slug: string, variant: string | undefined): string {
  return variant === undefined ? slug : `${slug}.${variant}`;
}

/** The file name of one output of a brief. */
export function outputFile(name: string, kind: OutputKind): string {
  return name + OUTPUT_KINDS[kind];
}

/** The kinds a build writes: the deck, both PDFs unless it is HTML only, and the PowerPoint if asked. */
export function kindsFor(pdf: boolean, pptx = false): OutputKind[] {
  const kinds: OutputKind[] = pdf ? ["deck", "slides", "handout"] : ["deck"];
  return pptx ? [...kinds, "pptx"] : kinds;
}

/** Every file a brief's build writes, by kind. */
export function outputFiles(
  name: string,
  pdf: boolean,
  pptx = false,
): Array<{ kind: OutputKind; file: string }> {
  return kindsFor(pdf, pptx).map((kind) => ({ kind, file: outputFile(name, kind) }));
}

/**
 * Why an output name cannot be used, or undefined when it can. A name starting with a dot would be
 * hidden (and could be one of briefdeck's own files); `index` would be overwritten by the index page.
 */
export function unusableName(name: string): string | undefined {
  if (name.startsWith(".")) return "its outputs would be hidden files (the name starts with a dot)";
  if (outputFile(name, "deck") === INDEX_FILE) return `its deck would be ${INDEX_FILE}, the index page`;
  return undefined;
}

/**
 * Briefs whose outputs would land on the same files (`a.yaml` and `a.yml`), or on the index page, each
 * with the diagnostic that refuses it. Two briefs never silently overwrite each other's outputs.
 */
export function findNameClashes(
  files: readonly string[],
  variant: string | undefined,
): Map<string, Diagnostic> {
  const byName = new Map<string, string[]>();
  for (const path of files) {
    const name = outputName(slugOf(path), variant);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  const clashes = new Map<string, Diagnostic>();
  for (const [name, paths] of byName) {
    const unusable = unusableName(name);
    for (const path of paths) {
      const others = paths.filter((other) => other !== path);
      const at = { file: path, line: 1, column: 1 };
      if (unusable !== undefined) {
        clashes.set(path, diagnose("output-collision", `this brief cannot be built: ${unusable}`, at));
      } else if (others.length > 0) {
        const message = `this brief and ${others.join(", ")} would both write ${name}.html`;
        clashes.set(path, diagnose("output-collision", message, at));
      }
    }
  }
  return clashes;
}
