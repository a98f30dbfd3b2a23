import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import { writeAtomic } from "../output/files.ts";
import { unusableName } from "../output/names.ts";
import { asEnvironmentError } from "../output/write-error.ts";
import { BRIEFS_DIR } from "../pipeline/discover.ts";
import { BUILTIN_TEMPLATES } from "../render/templates.ts";
import type { Command, ParsedArgs } from "./command.ts";

export const NEW_USAGE = `Usage: briefdeck new <slug> [--force]

Creates briefs/<slug>.yaml from a starter brief that uses the main layouts.
The slug names every output (dist/<slug>.html) and may use lowercase letters, digits and '-'.

Options:
  --force       overwrite an existing brief of that name
  -h, --help    show this help
`;

/** `briefdeck new <slug>`: writes a starter brief that validates as it is. */
export function runNew(args: ParsedArgs, io: Io): number {
  const [slug, ...extra] = args.positionals;
  if (slug === undefined)
    throw new UsageError("new needs a slug, for example: briefdeck new ceasefire-options");
  if (extra.length > 0) throw new UsageError("new takes one slug");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
    throw new UsageError(`"${slug}" is not a valid slug: use lowercase letters, digits and '-'`);
  }
  // Windows reserves these device names with any extension: a colleague there could not check the brief out.
  if (/^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/.test(slug))
    throw new UsageError(
      `"${slug}" is a device name on Windows, where no file may have it; choose another slug`,
    );
  const unusable = unusableName(slug);
  if (unusable !== undefined)
    throw new UsageError(`"${slug}" cannot name a brief: ${unusable}; choose another slug`);
  const path = join(io.cwd, BRIEFS_DIR, `${slug}.yaml`);
  const other = join(io.cwd, BRIEFS_DIR, `${slug}.yml`);
  if (existsSync(other))
    throw new UsageError(`${relative(io.cwd, other)} already exists and would build to the same outputs`);
  if (existsSync(path) && !args.flag("force")) {
    throw new UsageError(`${relative(io.cwd, path)} already exists; pass --force to overwrite it`);
  }
  const title = slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
  const date = new Date().toISOString().slice(0, 10);
  // The $schema comment points at the installed package's schema, wherever the brief is.
  const schema = relative(dirname(path), join(BUILTIN_TEMPLATES, "..", "schema"));
  const starter = readFileSync(join(BUILTIN_TEMPLATES, "new-brief.yaml"), "utf8")
    .replace("../schema", schema)
    .replace("{{title}}", JSON.stringify(title))
    .replaceAll("{{date}}", date);
  try {
    writeAtomic(path, starter);
  } catch (error) {
    throw asEnvironmentError(error, relative(io.cwd, path), "create");
  }
  io.stderr(`created ${relative(io.cwd, path)}; build it with: briefdeck build ${relative(io.cwd, path)}\n`);
  return EXIT.ok;
}

/** `briefdeck new`. */
export const command: Command = {
  usage: NEW_USAGE,
  options: { force: { type: "boolean" } },
  run: runNew,
};
