import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";

/** One command-line option: a string value or a flag. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

/** A command's parsed argv: its positionals and typed access to its options. */
export interface ParsedArgs {
  positionals: string[];
  flag(name: string): boolean;
  string(name: string): string | undefined;
}

/** A briefdeck command: its help text, its options and what it does. Each lives in its own module. */
export interface Command {
  usage: string;
  options: Record<string, OptionSpec>;
  /** Runs the command and returns its exit code; throws UsageError or EnvironmentError to stop. */
  run(args: ParsedArgs, io: Io): number | Promise<number>;
}

/** The browser options that build, check and serve share (see browser-options.ts). */
export const BROWSER_OPTIONS: Record<string, OptionSpec> = {
  browser: { type: "string" },
  "browser-ws-endpoint": { type: "string" },
  timeout: { type: "string" },
};

const COMMON: Record<string, OptionSpec> = { help: { type: "boolean", short: "h" } };

/** Parses a command's argv strictly against its options; a mistake is a UsageError. */
export function parseCommandArgs(argv: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON, ...spec },
      allowPositionals: true,
      strict: true,
    });
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
