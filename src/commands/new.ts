import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ParsedArgs } from "../cli.ts";
import { BRIEFS_DIR } from "../discover.ts";
import { EnvironmentError, EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import { BUILTIN_TEMPLATES } from "../templates.ts";
import { writeAtomic } from "../write-output.ts";

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
  const path = join(io.cwd, BRIEFS_DIR, `${slug}.yaml`);
  if (existsSync(path) && !args.flag("force")) {
    throw new UsageError(`${relative(io.cwd, path)} already exists; pass --force to overwrite it`);
  }
  const title = slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
  const date = new Date().toISOString().slice(0, 10);
  const starter = readFileSync(join(BUILTIN_TEMPLATES, "new-brief.yaml"), "utf8")
    .replace("{{title}}", JSON.stringify(title))
    .replaceAll("{{date}}", date);
  try {
    writeAtomic(path, starter);
  } catch (error) {
    throw new EnvironmentError(`cannot create ${relative(io.cwd, path)}: ${writeProblem(error)}`);
  }
  io.stderr(`created ${relative(io.cwd, path)}; build it with: briefdeck build ${relative(io.cwd, path)}\n`);
  return EXIT.ok;
}

// Why the starter brief could not be written, and what to do about it.
function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENAMETOOLONG") return "the name is too long for the file system; choose a shorter slug";
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return "this folder cannot be written to; run briefdeck new in a folder you can write to";
  if (code === "ENOSPC") return "the disk is full; free some space and run it again";
  if (code === "ENOTDIR" || code === "EEXIST") return `"${BRIEFS_DIR}" is not a folder; rename or remove it`;
  return `${(error as Error).message.split("\n")[0]}; check that the folder can be written to`;
}
