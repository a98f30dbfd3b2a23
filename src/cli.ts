import { parseArgs } from "node:util";
import { EnvironmentError, EXIT, TemplateError, UsageError } from "./errors.ts";
import { type Io, processIo } from "./io.ts";

const USAGE = `briefdeck: compile structured briefs into Reveal.js decks and PDFs

Usage: briefdeck <command> [options]

Commands:
  build [files...]   compile briefs into dist/ (all of briefs/*.yaml by default)
  check [files...]   validate briefs without writing anything
  serve              live preview: every save re-renders, pages keep their slide
  new <slug>         create briefs/<slug>.yaml from a starter brief
  schema             print the JSON Schema of the brief format

Run "briefdeck <command> --help" for a command's options.
Exit codes: 0 success, 1 a brief is invalid, 2 usage error, 3 the environment lacks something.
`;

// For scripts/ensure-browser.mjs and scripts/screenshot.mjs: the same browser, found and started alike.
export { browserFixCommand, findBrowser } from "./browser/find-browser.ts";
export { CHROMIUM_ARGS } from "./browser/session.ts";
// For bench/craft.mjs: the stages of `check`, to time them one by one in a cold process. Loaded on
// demand, so they cost nothing at start-up.
export async function stages() {
  const [{ compileBrief }, { lintBrief }, { parseBrief }, { loadTemplates }, { validateBrief }] =
    await Promise.all([
      import("./compile-brief.ts"),
      import("./lint-brief.ts"),
      import("./parse-brief.ts"),
      import("./templates.ts"),
      import("./validate-brief.ts"),
    ]);
  return { compileBrief, lintBrief, parseBrief, loadTemplates, validateBrief };
}

type OptionSpec = { type: "string" | "boolean"; short?: string };

const COMMON: Record<string, OptionSpec> = { help: { type: "boolean", short: "h" } };
const OPTIONS: Record<string, Record<string, OptionSpec>> = {
  build: {
    out: { type: "string" },
    templates: { type: "string" },
    "no-pdf": { type: "boolean" },
    paper: { type: "string" },
    "allow-overflow": { type: "boolean" },
    browser: { type: "string" },
    "browser-ws-endpoint": { type: "string" },
    timeout: { type: "string" },
    force: { type: "boolean" },
    clean: { type: "boolean" },
    watch: { type: "boolean" },
    strict: { type: "boolean" },
    variant: { type: "string" },
    "no-notes": { type: "boolean" },
  },
  check: {
    templates: { type: "string" },
    strict: { type: "boolean" },
    variant: { type: "string" },
    "no-browser": { type: "boolean" },
    browser: { type: "string" },
    "browser-ws-endpoint": { type: "string" },
    timeout: { type: "string" },
  },
  new: { force: { type: "boolean" } },
  serve: {
    port: { type: "string" },
    host: { type: "string" },
    templates: { type: "string" },
    browser: { type: "string" },
    "browser-ws-endpoint": { type: "string" },
    timeout: { type: "string" },
  },
  schema: {},
};

/** A command's parsed argv: its positionals and typed access to its options. */
export interface ParsedArgs {
  positionals: string[];
  flag(name: string): boolean;
  string(name: string): string | undefined;
}

/**
 * Runs the briefdeck command line and returns the exit code. The only place that decides exit codes;
 * nothing below it exits the process.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "--version" || command === "-v") {
      const { toolVersion } = await import("./version.ts");
      io.stdout(`${toolVersion()}\n`);
      return EXIT.ok;
    }
    const spec = OPTIONS[command];
    if (spec === undefined) throw new UsageError(`unknown command "${command}"`);
    const args = parse(rest, spec);
    return await dispatch(command, args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`briefdeck: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof TemplateError) {
      io.stderr(`briefdeck: ${error.message}\n`);
      return EXIT.invalid;
    }
    if (error instanceof EnvironmentError) {
      io.stderr(`briefdeck: ${error.message}\n`);
      return EXIT.environment;
    }
    // The file system refused (full, read-only, no permission) somewhere no command expected it.
    const { describeFileSystemError, isEnvironmentCode } = await import("./output/write-error.ts");
    if (isEnvironmentCode(error)) {
      io.stderr(`briefdeck: ${describeFileSystemError(error)}\n`);
      return EXIT.environment;
    }
    throw error;
  }
}

async function dispatch(command: string, args: ParsedArgs, io: Io): Promise<number> {
  switch (command) {
    case "build": {
      const { BUILD_USAGE, runBuild } = await import("./commands/build.ts");
      return args.flag("help") ? help(io, BUILD_USAGE) : runBuild(args, io);
    }
    case "check": {
      const { CHECK_USAGE, runCheck } = await import("./commands/check.ts");
      return args.flag("help") ? help(io, CHECK_USAGE) : runCheck(args, io);
    }
    case "serve": {
      const { SERVE_USAGE, runServe } = await import("./commands/serve.ts");
      return args.flag("help") ? help(io, SERVE_USAGE) : runServe(args, io);
    }
    case "new": {
      const { NEW_USAGE, runNew } = await import("./commands/new.ts");
      return args.flag("help") ? help(io, NEW_USAGE) : runNew(args, io);
    }
    default: {
      const { SCHEMA_USAGE, runSchema } = await import("./commands/schema.ts");
      return args.flag("help") ? help(io, SCHEMA_USAGE) : runSchema(args, io);
    }
  }
}

function help(io: Io, usage: string): number {
  io.stdout(usage);
  return EXIT.ok;
}

function parse(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...spec }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    positionals: parsed.positionals,
    flag: (name) => values[name] === true,
    string: (name) => {
      const value = values[name];
      return typeof value === "string" ? value : undefined;
    },
  };
}
