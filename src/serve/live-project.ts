import { dirname, resolve } from "node:path";
import type { Brief } from "../brief/brief.ts";
import { type Diagnostic, hasErrors } from "../diagnostics.ts";
import { cacheKey } from "../output/cache.ts";
import { findNameClashes, slugOf } from "../output/names.ts";
import { compileBrief, displayPath, readBrief } from "../pipeline/compile-brief.ts";
import { type BriefSource, briefSource } from "../pipeline/discover.ts";
import { loadBrand } from "../project/load-brand.ts";
import type { ProjectDefaults } from "../project/settings-schema.ts";
import type { RenderedBrief } from "../render/render-deck.ts";
import { BUILTIN_TEMPLATES, loadTemplates, type Templates } from "../render/templates.ts";
import { compareText } from "../text-order.ts";
import { toolVersion } from "../version.ts";

/** One brief as the live preview knows it: its last good output and its latest diagnostics. */
export interface LiveBrief {
  slug: string;
  path: string;
  file: string;
  /** The last output that built without errors; kept while the brief is broken. */
  good: { brief: Brief; rendered: RenderedBrief; images: string[] } | undefined;
  /** The latest build's problems (empty when it built cleanly). */
  diagnostics: Diagnostic[];
  source: string | undefined;
  /** Counts changes of the good output, so pages know when to reload. */
  revision: number;
  inputs: string;
}

/** What one rebuild changed. */
export interface RebuildResult {
  /** Briefs whose good output changed: their pages reload. */
  reloaded: LiveBrief[];
  /** Briefs that are now broken: their pages show the diagnostics. */
  broken: LiveBrief[];
  /** Briefs that were broken and are fixed without a change of output: their overlay goes. */
  fixed: LiveBrief[];
  removed: string[];
}

/** The brand file, the theme setting and the shared defaults (briefdeck.yaml, _brand.yml). */
export interface LiveTheme {
  brandFile?: string | undefined;
  replaceTheme?: boolean;
  defaults?: ProjectDefaults | undefined;
}

/** The project's briefs and templates, kept in memory between builds. */
export interface LiveProject {
  /** The project's language (briefdeck.yaml's `defaults.lang`, else English): the index page's. */
  lang: string;
  briefs(): LiveBrief[];
  get(slug: string): LiveBrief | undefined;
  /**
   * Rebuilds what the changed paths affect; `undefined` rebuilds everything. It lets the event loop run
   * between briefs, so the server answers requests (with each brief's last good output) while it works.
   */
  rebuild(changed?: Set<string>): Promise<RebuildResult>;
  /** The folders to watch: briefs, the templates in use, and the folders of the images in use. */
  folders(): Array<{ path: string; recursive: boolean }>;
  templates(): Templates;
}

/** Builds every brief once, then keeps parsed briefs and compiled templates for incremental rebuilds. */
export function createLiveProject(
  projectRoot: string,
  templatesDir: string | undefined,
  theme: LiveTheme = {},
  source: BriefSource = briefSource(projectRoot, [], undefined),
): LiveProject {
  const briefs = new Map<string, LiveBrief>();
  // The brand is read again with the templates, so a change to _brand.yml or a logo shows at once.
  const load = () =>
    loadTemplates({
      folder: templatesDir,
      replaceTheme: theme.replaceTheme,
      brand: theme.brandFile === undefined ? undefined : loadBrand(theme.brandFile, theme.brandFile).theme,
    });
  let templates = load();
  const defaults = theme.defaults;
  const templateRoots = [
    templatesDir,
    BUILTIN_TEMPLATES,
    ...(templates.brand === undefined && theme.brandFile === undefined
      ? []
      : [dirname(theme.brandFile ?? "")]),
  ]
    .filter((d): d is string => d !== undefined)
    .map((d) => resolve(d));
  const version = toolVersion();

  const rebuildOne = async (live: LiveBrief, force: boolean, result: RebuildResult) => {
    const read = readBrief(live.path);
    const source = "source" in read ? read.source : undefined;
    const inputs = fingerprint(source, live.good?.images ?? []);
    if (!force && inputs === live.inputs) return;
    live.inputs = inputs;
    const wasBroken = hasErrors(live.diagnostics);
    const compiled = await compileBrief(
      live.path,
      { projectRoot, templates, version, render: true, defaults },
      source,
    );
    live.source = compiled.source;
    live.diagnostics = compiled.diagnostics;
    if (compiled.rendered === undefined || compiled.brief === undefined || hasErrors(compiled.diagnostics)) {
      result.broken.push(live);
      return;
    }
    const deckChanged = compiled.rendered.deck !== live.good?.rendered.deck;
    live.good = { brief: compiled.brief, rendered: compiled.rendered, images: compiled.images };
    live.inputs = fingerprint(source, compiled.images);
    if (deckChanged) {
      live.revision++;
      result.reloaded.push(live);
    } else if (wasBroken) {
      result.fixed.push(live);
    }
  };

  const project: LiveProject = {
    lang: defaults?.lang ?? "en",
    briefs: () => [...briefs.values()].sort((a, b) => compareText(a.slug, b.slug)),
    get: (slug) => briefs.get(slug),
    templates: () => templates,
    async rebuild(changed) {
      const result: RebuildResult = { reloaded: [], broken: [], fixed: [], removed: [] };
      const all = changed === undefined;
      const templatesChanged =
        all || [...changed].some((p) => templateRoots.some((root) => p.startsWith(`${root}/`)));
      if (templatesChanged && !all) templates = load();
      const present = new Set(source.find());
      for (const slug of [...briefs.keys()]) {
        const live = briefs.get(slug);
        if (live !== undefined && !present.has(live.path)) {
          briefs.delete(slug);
          result.removed.push(slug);
        }
      }
      // Two briefs with one slug (a.yaml, a.yml) are refused as build refuses them, not one of them hidden.
      const clashes = findNameClashes([...present], undefined);
      const clashed = new Set<string>();
      for (const path of present) {
        const slug = slugOf(path);
        let live = briefs.get(slug);
        const isNew = live === undefined;
        if (live === undefined) {
          live = {
            slug,
            path,
            file: displayPath(path, projectRoot),
            good: undefined,
            diagnostics: [],
            source: undefined,
            revision: 0,
            inputs: "",
          };
          briefs.set(slug, live);
        }
        if (clashes.has(path)) {
          if (!clashed.has(slug)) reportClash(live, [...present], clashes, projectRoot, result);
          clashed.add(slug);
          continue;
        }
        const wasClash = live.diagnostics.some((d) => d.code === "output-collision");
        const touched =
          changed === undefined || changed.has(path) || (live.good?.images ?? []).some((i) => changed.has(i));
        if (isNew || templatesChanged || touched || wasClash) {
          await rebuildOne(live, isNew || templatesChanged || wasClash, result);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      return result;
    },
    folders() {
      const folders = source.folders().map((path) => ({ path, recursive: false }));
      for (const root of templateRoots) folders.push({ path: root, recursive: true });
      for (const live of briefs.values()) {
        for (const image of live.good?.images ?? []) folders.push({ path: dirname(image), recursive: false });
      }
      return folders;
    },
  };
  return project;
}

// What a brief's output depends on besides the templates: its text and its images' bytes.
function fingerprint(source: string | undefined, images: readonly string[]): string {
  return cacheKey("live", source ?? "\0missing", images);
}

// The briefs that share this one's slug, each refused at its file; its page shows them over the last good deck.
function reportClash(
  live: LiveBrief,
  present: readonly string[],
  clashes: ReadonlyMap<string, Diagnostic>,
  projectRoot: string,
  result: RebuildResult,
): void {
  const diagnostics = present.flatMap((path) => {
    const clash = slugOf(path) === live.slug ? clashes.get(path) : undefined;
    return clash === undefined ? [] : [{ ...clash, file: displayPath(path, projectRoot) }];
  });
  // Reported once, not again at every rebuild while it lasts.
  if (JSON.stringify(diagnostics) === JSON.stringify(live.diagnostics)) return;
  live.diagnostics = diagnostics;
  result.broken.push(live);
}
