import { type Command, parseCommandArgs } from "./commands/command.ts";
import { EnvironmentError, EXIT, TemplateError, UsageError } from "./errors.ts";
import { type Io, processIo } from "./io.ts";

const USAGE = `briefdeck: compile structured briefs into Reveal.js decks and PDFs

Usage: briefdeck <command> [options]

Commands:
  build [files...]   compile briefs into dist/ (all of briefs/*.yaml by default)
  check [files...]   validate briefs without writing anything
  serve              live preview: every save re-renders, pages keep their slide
  init [folder]      set up a briefing repository (briefs/, briefdeck.yaml, _brand.yml, scripts)
  new <slug>         create briefs/<slug>.yaml from a starter brief
  schema             print the JSON Schema of the brief format
  browser status     say which browser prints PDFs; "browser install" gets Chrome Headless Shell

Run "briefdeck <command> --help" for a command's options.
Exit codes: 0 success, 1 a brief is invalid, 2 usage error, 3 the environment lacks something.
`;

// Each command is loaded only when it runs, so `briefdeck --version` loads none of them.
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  build: () => import("./commands/build.ts"),
  check: () => import("./commands/check.ts"),
  serve: () => import("./commands/serve.ts"),
  init: () => import("./commands/init.ts"),
  new: () => import("./commands/new.ts"),
  schema: () => import("./commands/schema.ts"),
  browser: () => import("./commands/browser.ts"),
};

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
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (load === undefined) throw new UsageError(`unknown command "${command}"`);
    const { command: chosen } = await load();
    const args = parseCommandArgs(rest, chosen.options);
    if (args.flag("help")) {
      io.stdout(chosen.usage);
      return EXIT.ok;
    }
    return await chosen.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(error.usage ? `briefdeck: ${error.message}\n\n${USAGE}` : `briefdeck: ${error.message}\n`);
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
