import type { z } from "zod";
import { parseBrief } from "../brief/parse-brief.ts";
import type { Locator } from "../brief/yaml-position.ts";
import { issueToDiagnostics } from "../brief/zod-issues.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { decodeText, failurePosition, readInput } from "../read-input.ts";

const MAX_SETTINGS_BYTES = 256 * 1024;

/** A project file (briefdeck.yaml, _brand.yml) read, parsed with positions and checked against its schema. */
export interface CheckedYaml<T> {
  file: string;
  data: T | undefined;
  root: unknown;
  locator: Locator | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Reads a YAML file as briefs are read (a regular file within a cap, the same hostile-input refusals) and
 * validates it with zod, so its problems come with file:line:col, hints and "did you mean".
 */
export function readYamlFile<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
): CheckedYaml<z.infer<S>> {
  const input = readInput(path, MAX_SETTINGS_BYTES);
  const read = "bytes" in input ? decodeText(input.bytes) : input;
  if ("error" in read) {
    const at = { file, ...failurePosition(read) };
    const message = read.tooLarge === undefined ? read.error : `${file} is over ${MAX_SETTINGS_BYTES} bytes`;
    return {
      file,
      data: undefined,
      root: undefined,
      locator: undefined,
      diagnostics: [diagnose(read.notUtf8 === undefined ? "file-unreadable" : "not-utf8", message, at)],
    };
  }
  const parsed = parseBrief(read.text, file);
  const base = { file, root: parsed.root, locator: parsed.locator };
  if (parsed.data === undefined) return { ...base, data: undefined, diagnostics: parsed.diagnostics };
  const result = schema.safeParse(parsed.data ?? {});
  if (result.success) return { ...base, data: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) =>
    issueToDiagnostics(issue, [], schema, parsed.root, parsed.locator),
  );
  return { ...base, data: undefined, diagnostics };
}
