import { createJsonSchema } from "../brief/brief-schema.ts";
import { EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import { createSettingsJsonSchema } from "../project/settings-schema.ts";
import type { Command, ParsedArgs } from "./command.ts";

export const SCHEMA_USAGE = `Usage: briefdeck schema [brief|settings]

Prints the JSON Schema of the brief format (the same file as schema/brief.schema.json), or with
"settings" that of briefdeck.yaml (schema/settings.schema.json). Editors use them to validate as you type.
`;

/** `briefdeck schema`: prints the JSON Schema to stdout. */
export function runSchema(args: ParsedArgs, io: Io): number {
  const [which = "brief", ...extra] = args.positionals;
  if (extra.length > 0 || (which !== "brief" && which !== "settings"))
    throw new UsageError('schema takes "brief" (the default) or "settings"');
  const schema = which === "brief" ? createJsonSchema() : createSettingsJsonSchema();
  io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}

/** `briefdeck schema`. */
export const command: Command = {
  usage: SCHEMA_USAGE,
  options: {},
  run: runSchema,
};
