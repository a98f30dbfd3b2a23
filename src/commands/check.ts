import { resolve } from "node:path";
import type { ParsedArgs } from "../cli.ts";
import { compileBrief } from "../compile-brief.ts";
import { hasErrors } from "../diagnostics.ts";
import { discoverBriefs } from "../discover.ts";
import { EXIT } from "../errors.ts";
import { countSummary } from "../format-diagnostic.ts";
import type { Io } from "../io.ts";
import { reportDiagnostics } from "../report.ts";
import { loadTemplates } from "../templates.ts";
import { toolVersion } from "../version.ts";

export const CHECK_USAGE = `Usage: briefdeck check [files...] [options]

Validates briefs and renders them in memory, writing nothing. Reports every problem with file:line:col.
With no files, checks every briefs/*.yaml in the current folder.

Options:
  --templates DIR   folder of template overrides, checked by rendering with them
  -h, --help        show this help
`;

/** `briefdeck check`: exit 0 when every brief is valid (warnings allowed), 1 otherwise. */
export function runCheck(args: ParsedArgs, io: Io): number {
  const templatesDir = args.string("templates");
  const templates = loadTemplates(templatesDir === undefined ? undefined : resolve(io.cwd, templatesDir));
  const files = discoverBriefs(io.cwd, args.positionals);
  if (files.length === 0) {
    io.stderr("no briefs found: put briefs in briefs/*.yaml or name the files to check\n");
    return EXIT.invalid;
  }
  let failed = 0;
  for (const path of files) {
    const compiled = compileBrief(path, {
      projectRoot: io.cwd,
      templates,
      version: toolVersion(),
      render: true,
    });
    reportDiagnostics(io, compiled);
    const bad = hasErrors(compiled.diagnostics);
    if (bad) failed++;
    io.stderr(`${bad ? "invalid" : "ok     "} ${compiled.file} (${countSummary(compiled.diagnostics)})\n`);
  }
  io.stderr(`${files.length - failed} ok, ${failed} invalid\n`);
  return failed > 0 ? EXIT.invalid : EXIT.ok;
}
