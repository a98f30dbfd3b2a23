import { createJsonSchema } from "../brief/brief-schema.ts";
import { EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import type { Command, ParsedArgs } from "./command.ts";

export const SCHEMA_USAGE = `Usage: briefdeck schema

Prints the JSON Schema of the brief format (the same file as schema/brief.schema.json).
Editors use it to validate briefs as you type.
`;

/** `briefdeck schema`: prints the JSON Schema to stdout. */
export function runSchema(args: ParsedArgs, io: Io): number {
  if (args.positionals.length > 0) throw new UsageError("schema takes no arguments");
  io.stdout(`${JSON.stringify(createJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

/** `briefdeck schema`. */
export const command: Command = {
  usage: SCHEMA_USAGE,
  options: {},
  run: runSchema,
};
