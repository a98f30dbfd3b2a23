import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import { writeAtomic } from "../output/files.ts";
import { asEnvironmentError } from "../output/write-error.ts";
import { BUILTIN_TEMPLATES } from "../render/templates.ts";
import type { Command, ParsedArgs } from "./command.ts";

export const INIT_USAGE = `Usage: briefdeck init [folder] [--ci github]

Turns a folder (default: the current one) into a briefing repository: briefs/ with an example brief,
a commented briefdeck.yaml and _brand.yml, a .gitignore for dist/, and build/check/serve scripts in
package.json. Never overwrites a file.

Options:
  --ci github   also write .github/workflows/briefdeck.yml (check, then build the PDFs)
  -h, --help    show this help
`;

const SETTINGS = `# briefdeck project settings. Every key is optional; command-line flags override them.
# yaml-language-server: $schema={{schema}}/settings.schema.json
briefs: briefs          # a folder, or a pattern such as briefs/*.yaml
out: dist               # the output folder
formats: [html, pdf, handout]
# templates: templates  # template overrides; their theme.css is added after the built-in theme
brand: _brand.yml
defaults:               # for every brief that does not set them
  organisation: Your team
  marking: UNCLASSIFIED // FOR DISCUSSION
  # glossary: { UN: United Nations }
  # sources: { key: { title: A shared source, publisher: Someone } }
`;

const BRAND = `# Your brand, in the brand.yml format (https://posit-dev.github.io/brand-yml/), shared with Quarto.
meta:
  name: Your team
# logo:
#   small: logo.svg     # in every slide's footer and the handout's header
#   large: logo.svg     # on the title slide
color:
  palette:
    navy: "#1b4d89"
  foreground: "#15202e"
  background: "#ffffff"
  primary: navy         # headings, links, accents; must meet WCAG AA on the background
# typography:
#   fonts:
#     - family: Your Font
#       source: file
#       files: [{ path: fonts/your-font.woff2, weight: 400 }]
#   base: Your Font
`;

const WORKFLOW = `name: briefs
on: [push, pull_request]
jobs:
  briefs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 22 }
      - run: npm ci --ignore-scripts
      - run: npx briefdeck check --no-browser
      - run: npx briefdeck build
      - uses: actions/upload-artifact@v4
        with: { name: briefs, path: dist }
`;

/** \`briefdeck init [folder]\`: writes what a briefing repository needs, never over an existing file. */
export function runInit(args: ParsedArgs, io: Io): number {
  const [folder = ".", ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError("init takes one folder");
  const ci = args.string("ci");
  if (ci !== undefined && ci !== "github") throw new UsageError(`--ci must be github, not "${ci}"`);
  const root = resolve(io.cwd, folder);
  const schemaFolder = (from: string) => relative(from, join(BUILTIN_TEMPLATES, "..", "schema")) || ".";
  const starter = readFileSync(join(BUILTIN_TEMPLATES, "new-brief.yaml"), "utf8")
    .replace("../schema", schemaFolder(join(root, "briefs")))
    .replace("{{title}}", JSON.stringify("Example brief"))
    .replaceAll("{{date}}", new Date().toISOString().slice(0, 10));
  const files: Record<string, string> = {
    "briefs/example.yaml": starter,
    "briefdeck.yaml": SETTINGS.replace("{{schema}}", schemaFolder(root)),
    "_brand.yml": BRAND,
    ".gitignore": "node_modules/\ndist/\n",
  };
  if (ci === "github") files[".github/workflows/briefdeck.yml"] = WORKFLOW;
  const made: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    if (existsSync(path)) {
      io.stderr(`kept    ${relative(io.cwd, path)} (already there)\n`);
      continue;
    }
    write(path, text, io);
    made.push(name);
  }
  made.push(...addScripts(root, io));
  for (const name of made) io.stderr(`created ${relative(io.cwd, join(root, name)) || name}\n`);
  io.stderr(`next: ${folder === "." ? "" : `cd ${folder} && `}npx briefdeck build   (or npm run build)\n`);
  return EXIT.ok;
}

// build/check/serve scripts in package.json, added beside what is there; a package.json made if none.
function addScripts(root: string, io: Io): string[] {
  const path = join(root, "package.json");
  const existing = existsSync(path)
    ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>)
    : undefined;
  const manifest = existing ?? { name: "briefs", private: true };
  const scripts = { ...((manifest.scripts as Record<string, string> | undefined) ?? {}) };
  const wanted = { build: "briefdeck build", check: "briefdeck check", serve: "briefdeck serve" };
  const added = Object.entries(wanted).filter(([name]) => scripts[name] === undefined);
  if (added.length === 0) return [];
  for (const [name, command] of added) scripts[name] = command;
  write(path, `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`, io);
  return [`package.json (scripts: ${added.map(([name]) => name).join(", ")})`];
}

function write(path: string, text: string, io: Io): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeAtomic(path, text);
  } catch (error) {
    throw asEnvironmentError(error, relative(io.cwd, path), "create");
  }
}

/** \`briefdeck init\`. */
export const command: Command = { usage: INIT_USAGE, options: { ci: { type: "string" } }, run: runInit };
