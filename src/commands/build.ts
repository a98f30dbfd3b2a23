import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { buildBriefs } from "../build.ts";
import type { ParsedArgs } from "../cli.ts";
import { hasErrors } from "../diagnostics.ts";
import { EXIT, UsageError } from "../errors.ts";
import { countSummary } from "../format-diagnostic.ts";
import type { Io } from "../io.ts";
import { reportDiagnostics } from "../report.ts";
import { isOutputFolder } from "../write-output.ts";

export const BUILD_USAGE = `Usage: briefdeck build [files...] [options]

Compiles briefs into dist/<slug>.html (and PDFs, from a later release) plus dist/index.html.
With no files, builds every briefs/*.yaml in the current folder.

Options:
  --out DIR         output folder (default: dist)
  --templates DIR   folder of template overrides; missing files fall back to the built-ins
  --no-pdf          write the HTML decks only
  --force           rebuild every brief even when nothing changed
  --clean           delete outputs of briefs that no longer exist (only in a briefdeck output folder)
  -h, --help        show this help
`;

/** `briefdeck build`: exit 0 when every brief built, 1 when any failed. */
export function runBuild(args: ParsedArgs, io: Io): number {
  const outDir = resolve(io.cwd, args.string("out") ?? "dist");
  const clean = args.flag("clean");
  if (clean && existsSync(outDir) && readdirSync(outDir).length > 0 && !isOutputFolder(outDir)) {
    throw new UsageError(
      `refusing to clean ${outDir}: it is not a briefdeck output folder (no .briefdeck-output marker)`,
    );
  }
  const templatesDir = args.string("templates");
  if (templatesDir !== undefined && !existsSync(resolve(io.cwd, templatesDir))) {
    throw new UsageError(`the templates folder ${templatesDir} does not exist`);
  }
  const summary = buildBriefs(
    {
      projectRoot: io.cwd,
      outDir,
      files: args.positionals,
      templatesDir: templatesDir === undefined ? undefined : resolve(io.cwd, templatesDir),
      pdf: !args.flag("no-pdf"),
      force: args.flag("force"),
      clean,
    },
    (result) => {
      reportDiagnostics(io, result);
      if (result.skipped) io.stderr(`unchanged ${result.file} (use --force to rebuild)\n`);
      else if (result.output !== undefined)
        io.stderr(`built  ${result.file} -> ${relativeOut(io.cwd, result.output)}\n`);
      else
        io.stderr(
          `failed ${result.file} (${countSummary(result.diagnostics)}; previous output left as it was)\n`,
        );
    },
  );
  if (summary.results.length === 0) {
    io.stderr(
      "no briefs found: put briefs in briefs/*.yaml or name the files to build (see briefdeck new)\n",
    );
    return EXIT.invalid;
  }
  const failed = summary.results.filter((r) => r.output === undefined);
  const skipped = summary.results.filter((r) => r.skipped).length;
  const builtCount = summary.results.length - failed.length - skipped;
  for (const name of summary.pruned) io.stderr(`removed ${name} (its brief no longer exists)\n`);
  const failedList = failed.length > 0 ? `: ${failed.map((r) => r.file).join(", ")}` : "";
  const seconds = summary.seconds.toFixed(2);
  io.stderr(
    `${builtCount} built, ${skipped} unchanged, ${failed.length} failed${failedList} (${seconds} s)\n`,
  );
  return failed.length > 0 || summary.results.some((r) => hasErrors(r.diagnostics)) ? EXIT.invalid : EXIT.ok;
}

function relativeOut(cwd: string, path: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
