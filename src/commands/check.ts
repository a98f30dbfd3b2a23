import { hasErrors, strictly } from "../diagnostics.ts";
import { EnvironmentError, EXIT } from "../errors.ts";
import { countSummary, escapeControls } from "../format-diagnostic.ts";
import type { Io } from "../io.ts";
import { type CompiledBrief, compileBrief } from "../pipeline/compile-brief.ts";
import { briefSource, discoverBriefs } from "../pipeline/discover.ts";
import { mapPool } from "../pool.ts";
import { loadTemplates } from "../render/templates.ts";
import { listNames } from "../suggest.ts";
import { toolVersion } from "../version.ts";
import { resolveBrowserOptions } from "./browser-options.ts";
import { BROWSER_OPTIONS, type Command, type ParsedArgs } from "./command.ts";
import { loadProject, PROJECT_OPTIONS } from "./project-options.ts";
import { reportDiagnostics } from "./report.ts";
import { checkThemeCoverage } from "./theme-coverage.ts";

export const CHECK_USAGE = `Usage: briefdeck check [files...] [options]

Validates briefs and renders them in memory, writing nothing. Reports every problem with file:line:col.
When a browser is available it also lays every slide out and reports content that overflows its slide,
and runs the accessibility gate: axe-core checks every slide against WCAG 2.x A and AA and best practice.
Serious or critical findings are errors (a11y-violation), moderate or minor ones warnings (a11y-advice).
With no files, checks every briefs/*.yaml in the current folder.

Options:
  --strict                   treat warnings (estimative language, uncited judgments, acronyms, unused
                             sources…) as errors
  --variant NAME             check the brief's audience variant NAME, as build --variant would make it
  --templates DIR            folder of template overrides, checked by rendering with them (a folder
                             whose decks lose their layout is an error)
  --replace-theme            the templates folder's theme.css replaces the built-in theme
  --brand FILE               brand file in brand.yml format (default: _brand.yml, when there is one)
  --no-browser               skip the layout and accessibility pass: validation and lints only (and
                             rendering with --templates)
  --browser PATH             Chrome or Chromium for the layout pass
  --browser-ws-endpoint URL  use a Chrome that is already running (also BRIEFDECK_BROWSER_WS_ENDPOINT)
  --timeout SECONDS          give up on a brief's layout pass after this long (default: 60)
  -h, --help                 show this help
`;

/**
 * `briefdeck check`: exit 0 when every brief is valid, fits and passes the accessibility gate (warnings
 * allowed), 1 otherwise.
 */
export async function runCheck(args: ParsedArgs, io: Io): Promise<number> {
  const { project, brand, failed: projectFailed } = await loadProject(args, io);
  if (projectFailed) return EXIT.invalid;
  const templatesDir = project.templates;
  const templates = loadTemplates({ folder: templatesDir, replaceTheme: project.replaceTheme, brand });
  const files = discoverBriefs(io.cwd, briefSource(io.cwd, args.positionals, project.briefsPattern).find());
  if (files.length === 0) {
    io.stderr("no briefs found: put briefs in briefs/*.yaml or name the files to check\n");
    return EXIT.invalid;
  }
  const browser = resolveBrowserOptions(args, io);
  const strict = args.flag("strict");
  // The deck is rendered for the layout pass, and to try a --templates folder. Without either, rendering
  // could find nothing: the built-in templates render any valid brief.
  const render = !args.flag("no-browser") || templatesDir !== undefined;
  const compiled: CompiledBrief[] = [];
  for (const path of files)
    compiled.push(
      await compileBrief(path, {
        projectRoot: io.cwd,
        templates,
        version: toolVersion(),
        render,
        strict,
        cut: { variant: args.string("variant"), notes: true },
        defaults: project.defaults,
      }),
    );
  if (templatesDir !== undefined) {
    for (const c of compiled)
      c.diagnostics.push(...checkThemeCoverage(c.rendered?.deck, templatesDir, io.cwd));
  }
  // An overflow is named as build names it: for the PowerPoint too when the project makes one.
  const pptx = project.formats.has("pptx");
  const lost = args.flag("no-browser") ? [] : await measureLayouts(compiled, browser, io, pptx);
  if (strict) for (const c of compiled) c.diagnostics = strictly(c.diagnostics);
  let failed = 0;
  for (const result of compiled) {
    reportDiagnostics(io, result);
    const bad = hasErrors(result.diagnostics);
    if (bad) failed++;
    const file = escapeControls(result.file);
    const unmeasured = lost.includes(file) ? "; layout and accessibility not checked" : "";
    io.stderr(`${bad ? "invalid" : "ok     "} ${file} (${countSummary(result.diagnostics)}${unmeasured})\n`);
  }
  io.stderr(`${files.length - failed} ok, ${failed} invalid\n`);
  if (lost.length > 0) {
    io.stderr(
      `briefdeck: slide layout and accessibility were not checked for ${listNames(lost, 3)}: the browser stopped while checking them (it was killed, or it crashed). Fix: check again; if it stops again, check the machine's free memory, or use another browser (--browser PATH)\n`,
    );
    return EXIT.environment;
  }
  return failed > 0 ? EXIT.invalid : EXIT.ok;
}

// The same measurement as build's, plus the accessibility audit, when there is a browser; without one, say
// that neither was done. Returns the briefs the browser was lost under (killed, or it crashed): nothing in
// them is known to be wrong, and they were not measured.
async function measureLayouts(
  compiled: CompiledBrief[],
  options: ReturnType<typeof resolveBrowserOptions>,
  io: Io,
  pptx: boolean,
): Promise<string[]> {
  const measurable = compiled.filter(
    (c) => c.brief !== undefined && c.rendered !== undefined && !hasErrors(c.diagnostics),
  );
  if (measurable.length === 0) return [];
  const { withBrowser } = await import("../browser/session.ts");
  const { checkLayout, failedWithBrowser } = await import("../pdf/export-pdf.ts");
  const { createPagePool } = await import("../pdf/page-pool.ts");
  const lost: string[] = [];
  try {
    await withBrowser(options, async (browser) => {
      const pages = createPagePool(browser);
      await mapPool(measurable, 2, async (c) => {
        if (c.brief === undefined || c.rendered === undefined) return;
        const found = await checkLayout(pages, c.brief, c.rendered, options.protocolTimeout, pptx);
        if (await failedWithBrowser(browser, found)) lost.push(escapeControls(c.file));
        else c.diagnostics.push(...found);
      });
      await pages.close();
    });
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    io.stderr(`note: slide layout and accessibility were not checked: ${error.message.split("\n")[0]}\n`);
  }
  // In the briefs' order, whichever failed first.
  return measurable.map((c) => escapeControls(c.file)).filter((file) => lost.includes(file));
}

/** `briefdeck check`. */
export const command: Command = {
  usage: CHECK_USAGE,
  options: {
    ...BROWSER_OPTIONS,
    ...PROJECT_OPTIONS,
    strict: { type: "boolean" },
    variant: { type: "string" },
    "no-browser": { type: "boolean" },
  },
  run: runCheck,
};
