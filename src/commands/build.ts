import { dirname } from "node:path";
import { VARIANT_NAME } from "../brief/brief-schema.ts";
import { warmBrowser } from "../browser/warm-browser.ts";
import { hasErrors } from "../diagnostics.ts";
import { EXIT, UsageError } from "../errors.ts";
import { countSummary } from "../format-diagnostic.ts";
import type { Io } from "../io.ts";
import { readManifest } from "../output/manifest.ts";
import type { BriefResult } from "../pipeline/brief-outputs.ts";
import { buildBriefs, type ResolvedBuildConfig } from "../pipeline/build.ts";
import { briefSource } from "../pipeline/discover.ts";
import { BUILTIN_TEMPLATES } from "../render/templates.ts";
import { createBuildQueue } from "../serve/build-queue.ts";
import { createWatcher } from "../serve/watcher.ts";
import { toolVersion } from "../version.ts";
import { resolveBrowserOptions } from "./browser-options.ts";
import { BROWSER_OPTIONS, type Command, type ParsedArgs } from "./command.ts";
import { loadProject, PROJECT_OPTIONS } from "./project-options.ts";
import { reportDiagnostics } from "./report.ts";

export const BUILD_USAGE = `Usage: briefdeck build [files...] [options]

Compiles briefs into dist/<slug>.html, dist/<slug>.pdf (slides) and dist/<slug>.handout.pdf, plus
dist/index.html. With no files, builds every briefs/*.yaml in the current folder. A brief whose inputs
have not changed since its outputs were written is skipped.

Options:
  --out DIR                  output folder (default: dist)
  --templates DIR            folder of template overrides; missing files fall back to the built-ins, and
                             its theme.css is added after the built-in theme
  --replace-theme            the templates folder's theme.css replaces the built-in theme
  --brand FILE               brand file in brand.yml format (default: _brand.yml, when there is one)
  --no-pdf                   write the HTML decks only (no browser needed)
  --pptx, --no-pptx          also write (or not) an editable PowerPoint, dist/<slug>.pptx (no browser
                             needed; default: whether briefdeck.yaml's formats name pptx)
  --variant NAME             build the brief's audience variant NAME (see "variants:" in the brief):
                             its marking, without what it omits, as <slug>.NAME.html/.pdf/.handout.pdf
  --no-notes                 circulation copies: no speaker notes in the deck or the handout
  --strict                   treat warnings as errors: a brief with warnings is not written
  --paper a4|letter          handout paper size (default: a4)
  --allow-overflow           build slides whose content does not fit, with a warning
  --browser PATH             Chrome or Chromium to print with (default: PUPPETEER_EXECUTABLE_PATH, then
                             Chrome Headless Shell, then Chrome/Chromium; see briefdeck browser status)
  --browser-ws-endpoint URL  print with a Chrome that is already running (also
                             BRIEFDECK_BROWSER_WS_ENDPOINT), such as a shared pool
  --timeout SECONDS          give up on a brief's PDFs after this long (default: 60)
  --watch                    keep building: rebuild what changes until Ctrl-C (PDFs with a warm browser)
  --force                    rebuild every brief even when nothing changed
  -v, --verbose              also say which browser printed the PDFs
  --clean                    delete outputs of briefs that no longer exist (only in a briefdeck output folder)
  -h, --help                 show this help
`;

/** `briefdeck build`: exit 0 when every brief built, 1 when any failed, 3 when PDFs need a browser. */
export async function runBuild(args: ParsedArgs, io: Io, stop?: Promise<unknown>): Promise<number> {
  const { project, brand, failed } = await loadProject(args, io);
  if (failed) return EXIT.invalid;
  const outDir = project.out;
  const clean = args.flag("clean");
  const templatesDir = project.templates;
  const variant = args.string("variant");
  if (variant !== undefined && !VARIANT_NAME.test(variant)) {
    throw new UsageError(
      `--variant must be a variant name (lowercase letters, digits, '-'), not "${variant}"`,
    );
  }
  const paper = args.string("paper") ?? "a4";
  if (paper !== "a4" && paper !== "letter")
    throw new UsageError(`--paper must be a4 or letter, not "${paper}"`);
  const browser = resolveBrowserOptions(args, io);
  const pdf =
    !project.formats.has("pdf") && !project.formats.has("handout")
      ? undefined
      : ({
          paper,
          allowOverflow: args.flag("allow-overflow"),
          timeout: browser.protocolTimeout,
          producer: `briefdeck ${toolVersion()}`,
          browser,
          concurrency: 2,
        } as const);
  // The briefs named, else the settings' `briefs`, else briefs/*.yaml: listed again at each watched build.
  let briefs = briefSource(io.cwd, args.positionals, project.briefsPattern);
  const config: ResolvedBuildConfig & { verbose: boolean } = {
    projectRoot: io.cwd,
    outDir,
    files: briefs.find(),
    templatesDir,
    theme: { replaceTheme: project.replaceTheme, brand },
    defaults: project.defaults,
    pdf,
    pptx: project.formats.has("pptx"),
    force: args.flag("force"),
    clean,
    strict: args.flag("strict"),
    cut: { variant: args.string("variant"), notes: !args.flag("no-notes") },
    verbose: args.flag("verbose"),
  };
  if (!args.flag("watch")) return buildOnce(config, io);
  // Listening for signals only in watch mode: elsewhere Ctrl-C keeps its default effect.
  // A change to briefdeck.yaml, _brand.yml or a logo reaches the next rebuild; a broken one keeps the last.
  // The briefs too: a brief added to the settings' folder is built, and a changed `briefs` is followed.
  const reload = async (): Promise<Partial<ResolvedBuildConfig>> => {
    const again = await loadProject(args, io);
    if (again.failed) return {};
    briefs = briefSource(io.cwd, args.positionals, again.project.briefsPattern);
    return {
      files: briefs.find(),
      theme: { replaceTheme: again.project.replaceTheme, brand: again.brand },
      defaults: again.project.defaults,
    };
  };
  return watchBuild(config, io, stop ?? signalled(), reload, () => briefs.folders());
}

/** One build with its report; returns the exit code. */
async function buildOnce(config: ResolvedBuildConfig & { verbose?: boolean }, io: Io): Promise<number> {
  const progress = io.interactive ? (text: string) => io.stderr(`\r\u001b[2K${text}`) : () => {};
  const summary = await buildBriefs(config, {
    onPrinting: (file, index, total, pages) =>
      progress(`printing brief ${index + 1}/${total}: ${file} (${pages} pages)`),
    onResult: (result) => {
      progress("");
      reportResult(io, result);
    },
  });
  if (summary.results.length === 0) {
    io.stderr(
      "no briefs found: put briefs in briefs/*.yaml or name the files to build (see briefdeck new)\n",
    );
    return EXIT.invalid;
  }
  const failed = summary.results.filter((r) => !r.skipped && r.outputs.length === 0);
  const skipped = summary.results.filter((r) => r.skipped).length;
  const builtCount = summary.results.length - failed.length - skipped;
  for (const name of summary.pruned) io.stderr(`removed ${name} (its brief no longer exists)\n`);
  for (const name of summary.kept)
    io.stderr(`kept ${name}: its brief no longer exists, but the file changed since briefdeck wrote it\n`);
  const failedList = failed.length > 0 ? `: ${failed.map((r) => r.file).join(", ")}` : "";
  const seconds = summary.seconds.toFixed(2);
  io.stderr(
    `${builtCount} built, ${skipped} unchanged, ${failed.length} failed${failedList} (${seconds} s)\n`,
  );
  const writeErrors = [...new Set(failed.flatMap((r) => (r.writeError === undefined ? [] : [r.writeError])))];
  for (const message of writeErrors) io.stderr(`briefdeck: ${message}\n`);
  if (summary.folderProblem !== undefined) io.stderr(`briefdeck: ${summary.folderProblem}\n`);
  if (config.verbose && summary.browser !== undefined) io.stderr(`printed with ${summary.browser}\n`);
  if (summary.environmentError !== undefined) {
    io.stderr(`briefdeck: PDFs were not written: ${summary.environmentError.message}\n`);
    return EXIT.environment;
  }
  if (writeErrors.length > 0) return EXIT.environment;
  return failed.length > 0 || summary.results.some((r) => hasErrors(r.diagnostics)) ? EXIT.invalid : EXIT.ok;
}

/**
 * build --watch: builds, then rebuilds whenever a brief (in `briefFolders`), a template or an image in use
 * changes, until SIGINT or SIGTERM. The build cache decides what a change affects, so only changed briefs
 * are rebuilt.
 * One browser stays warm for every rebuild; saves are gathered for a moment so a burst prints once.
 */
async function watchBuild(
  first: ResolvedBuildConfig,
  io: Io,
  stop: Promise<unknown>,
  reload: () => Promise<Partial<ResolvedBuildConfig>>,
  briefFolders: () => string[],
): Promise<number> {
  const warm = first.pdf === undefined ? undefined : warmBrowser(first.pdf.browser);
  const config = { ...first, pdf: first.pdf === undefined ? undefined : { ...first.pdf, warm } };
  const folders = () => [
    ...briefFolders().map((path) => ({ path, recursive: false })),
    { path: config.templatesDir ?? BUILTIN_TEMPLATES, recursive: true },
    ...(config.theme?.brand?.files ?? []).map((file) => ({ path: dirname(file), recursive: false })),
    ...Object.values(recordedBriefs(config.outDir, config.projectRoot)).flatMap((entry) =>
      entry.images.map((image) => ({ path: dirname(image), recursive: false })),
    ),
  ];
  // Our own writes into the output folder must not trigger builds.
  const outside = (path: string) => path !== config.outDir && !path.startsWith(`${config.outDir}/`);
  const queue = createBuildQueue(
    async () => {
      await buildOnce({ ...config, ...(await reload()), force: false }, io);
      watcher.setFolders(folders());
    },
    (error) => io.stderr(`briefdeck: the build failed: ${(error as Error).message}; still watching\n`),
  );
  // A save that lands while a build runs is built next (the queue), so a short settle loses nothing.
  const watcher = createWatcher(config.pdf === undefined ? 25 : 40, (paths) => {
    const relevant = [...paths].filter(outside);
    if (relevant.length > 0) queue.push(relevant);
  });
  try {
    await buildOnce(config, io);
    watcher.setFolders(folders());
    io.stderr("watching for changes (Ctrl-C to stop)\n");
    await stop;
  } finally {
    watcher.close();
    await queue.idle();
    await warm?.release();
  }
  return EXIT.ok;
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

function reportResult(io: Io, result: BriefResult): void {
  reportDiagnostics(io, result);
  if (result.skipped) {
    io.stderr(`unchanged ${result.file} (use --force to rebuild)\n`);
  } else if (result.writeError !== undefined) {
    io.stderr(
      `failed ${result.file} (its outputs could not be written; previous outputs left as they were)\n`,
    );
  } else if (result.outputs.length > 0) {
    const pages = result.pages > 0 ? ` (${result.pages} pages)` : "";
    io.stderr(
      `built  ${result.file} -> ${result.outputs.map((o) => relativeOut(io.cwd, o)).join(", ")}${pages}\n`,
    );
  } else {
    io.stderr(
      `failed ${result.file} (${countSummary(result.diagnostics)}; previous outputs left as they were)\n`,
    );
  }
}

function relativeOut(cwd: string, path: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/** `briefdeck build`. */
export const command: Command = {
  usage: BUILD_USAGE,
  options: {
    ...BROWSER_OPTIONS,
    ...PROJECT_OPTIONS,
    out: { type: "string" },
    "no-pdf": { type: "boolean" },
    pptx: { type: "boolean" },
    "no-pptx": { type: "boolean" },
    paper: { type: "string" },
    "allow-overflow": { type: "boolean" },
    force: { type: "boolean" },
    clean: { type: "boolean" },
    watch: { type: "boolean" },
    strict: { type: "boolean" },
    variant: { type: "string" },
    "no-notes": { type: "boolean" },
    verbose: { type: "boolean", short: "v" },
  },
  run: runBuild,
};

// The briefs the output folder records (none while its manifest cannot be read: the build says why).
function recordedBriefs(outDir: string, projectRoot: string) {
  const read = readManifest(outDir, projectRoot);
  return "manifest" in read ? read.manifest.briefs : {};
}
