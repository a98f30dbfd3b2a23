import { realpathSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import type { DiagnosticCode } from "../diagnostics.ts";
import { isWithin } from "../path-within.ts";
import { decodeText, readInput } from "../read-input.ts";
import { safeDecode } from "./assets.ts";

// A chart's data file: relative to the brief's folder, inside the project (links followed, as for
// images), a regular file within the cap (readInput), CSV or JSON.

const MAX_DATA_BYTES = 5 * 1024 * 1024;

/** A data file's text and type, or the problem with it (a code from the catalogue, a message, a hint). */
export type DataFile =
  | { text: string; type: "csv" | "json"; real: string }
  | { code: DiagnosticCode; message: string; hint?: string };

/** Reads the data file `url` names for a brief at `briefFile` (relative to the project). */
export function readDataFile(url: string, format: unknown, briefFile: string, projectRoot: string): DataFile {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) {
    return {
      code: "chart-data-outside-project",
      message: `chart data "${url}" is not a file in the project`,
      hint: "save the data as a CSV or JSON file in the project and give its path relative to the brief",
    };
  }
  const path = resolve(dirname(resolve(projectRoot, briefFile)), safeDecode(url));
  const declared = (format as { type?: unknown } | undefined)?.type;
  const type = declared ?? extname(path).slice(1).toLowerCase();
  if (type !== "csv" && type !== "json") {
    return {
      code: "chart-data-invalid",
      message: `chart data "${url}" is not a CSV or JSON file`,
      hint: "give a .csv or .json file, or set data.format.type to csv or json",
    };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return {
      code: "chart-data-not-found",
      message: `chart data "${url}" does not exist`,
      hint: `looked for ${path}`,
    };
  }
  if (!isWithin(real, realpathSync(projectRoot))) {
    return {
      code: "chart-data-outside-project",
      message: `chart data "${url}" links to a file outside the project`,
      hint: "copy the file into the project and use a relative path",
    };
  }
  const read = readInput(real, MAX_DATA_BYTES);
  if ("error" in read) {
    return read.tooLarge === undefined
      ? {
          code: "chart-data-invalid",
          message: `chart data "${url}" cannot be read: ${read.error}`,
          hint: "name a regular CSV or JSON file in the project (not a folder, a pipe or a device)",
        }
      : {
          code: "chart-data-invalid",
          message: `chart data "${url}" is larger than 5 MB`,
          hint: "aggregate the data to what the chart shows",
        };
  }
  const decoded = decodeText(read.bytes);
  if (!("text" in decoded)) {
    const { line, column, byte } = decoded.notUtf8;
    return {
      code: "chart-data-invalid",
      message: `chart data "${url}" is not UTF-8 text: byte ${byte} at line ${line}, column ${column} is from another encoding`,
      hint: `save ${url} as UTF-8 (in most editors: Save with Encoding, UTF-8)`,
    };
  }
  return { text: decoded.text, type, real };
}

/** The fields a spec's top-level encoding names (`encoding.x.field`…), each with its channel. */
export function encodedFields(spec: Record<string, unknown>): Array<{ channel: string; field: string }> {
  const encoding = spec.encoding;
  if (typeof encoding !== "object" || encoding === null) return [];
  return Object.entries(encoding).flatMap(([channel, def]) => {
    const field = (def as { field?: unknown } | null)?.field;
    return typeof field === "string" ? [{ channel, field }] : [];
  });
}
