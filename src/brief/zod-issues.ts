import { isMap, isSeq } from "yaml";
import type { z } from "zod";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { canonicalLang } from "../messages/locale.ts";
import { createDidYouMean, didYouMean } from "../suggest.ts";
import { findNode, type Locator, startOf } from "./yaml-position.ts";

type Path = readonly PropertyKey[];

/** Turns one schema issue into a positioned diagnostic, pointing at the YAML node the issue is about. */
export function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  base: Path,
  schema: z.ZodType,
  root: unknown,
  locator: Locator,
): Diagnostic[] {
  const path = [...base, ...issue.path];
  const { node, pair, complete } = findNode(root, path);
  const field = String(issue.path.at(-1) ?? base.at(-1) ?? "brief");
  const label = fieldName(path);
  const at = locator.at(startOf(node));
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = keysAt(schema, issue.path);
      const hintFor = createDidYouMean(allowed, `allowed here: ${allowed.join(", ")}`);
      return issue.keys.map((key) => {
        const keyPair = findNode(root, [...path, key]).pair;
        const hint = hintFor(key);
        return diagnose(
          "unknown-key",
          `"${key}" is not a known key here`,
          locator.at(startOf(keyPair?.key as never)),
          hint,
        );
      });
    }
    case "invalid_type": {
      if (!complete) {
        return [
          diagnose(
            "missing-field",
            `required field "${field}" is missing`,
            locator.at(startOf(findNode(root, path.slice(0, -1)).node)),
            `add "${field}:" here`,
          ),
        ];
      }
      return [
        diagnose(
          "wrong-type",
          `${label} must be ${article(issue.expected)}, not ${describe(node)}`,
          at,
          typeHint(issue.expected, field, node, locator),
        ),
      ];
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const value = String((node as { value?: unknown } | undefined)?.value ?? "");
      const code = field === "rating" ? "unknown-rating" : "bad-value";
      const hint = didYouMean(value, allowed, `use one of: ${allowed.join(", ")}`);
      // An entry of a list has no name of its own: `"docx" is not allowed in "formats"`.
      const message =
        typeof issue.path.at(-1) === "number"
          ? `"${value}" is not allowed in "${String(path.at(-2) ?? "list")}"`
          : `"${value}" is not a valid ${field}`;
      return [diagnose(code, message, at, hint)];
    }
    case "invalid_format": {
      if (field === "url") return [diagnose("bad-url", `"${scalarText(node)}" is not an http(s) URL`, at)];
      if (issue.format === "date")
        return [diagnose("bad-date", `"${scalarText(node)}" is not a valid date`, at)];
      return [diagnose("bad-value", `"${scalarText(node)}" is not a valid ${field}`, at, formatHint(field))];
    }
    case "custom":
      if (field === "lang") {
        const written = scalarText(node);
        const fixed = canonicalLang(written.replace(/_/g, "-"));
        const hint = fixed === undefined ? undefined : `did you mean "${fixed}"?`;
        return [diagnose("bad-lang", `"${written}" is not a BCP 47 language tag`, at, hint)];
      }
      return [diagnose("wrong-type", `${label} is not valid: ${issue.message}`, at)];
    case "invalid_key":
      return [
        diagnose(
          "bad-value",
          `"${field}" is not a valid key`,
          locator.at(startOf(pair?.key as never)),
          formatHint("key"),
        ),
      ];
    case "too_small":
      if (issue.origin === "array")
        return [
          diagnose(
            "bad-value",
            `${label} needs at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`,
            at,
          ),
        ];
      return [diagnose("bad-value", `${label} must be at least ${issue.minimum}`, at)];
    case "too_big":
      return [diagnose("bad-value", `${label} must be at most ${issue.maximum}`, at)];
    case "invalid_union":
      if (isMap(node) && node.items.length === 1) {
        // `- Point 1: detail` is a map to YAML: the colon and space made a key and a value.
        const raw = sourceText(node, locator).replace(/"/g, '\\"');
        const message = `${label} was read as a key and a value, because of the ": " in it`;
        return [diagnose("wrong-type", message, at, `quote it to keep it as text: "${raw}"`)];
      }
      return [
        diagnose("wrong-type", `${label} must be text or a map with "text", not ${describe(node)}`, at),
      ];
    default:
      return [diagnose("wrong-type", `${label} is not valid: ${issue.message}`, at)];
  }
}

// "points" for a key; `entry 2 of "points"` for a list item, which has no name of its own.
function fieldName(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === "number") return `entry ${last + 1} of "${String(path.at(-2) ?? "list")}"`;
  return `"${String(last ?? "brief")}"`;
}

function sourceText(node: unknown, locator: Locator): string {
  const range = (node as { range?: [number, number] } | undefined)?.range;
  return range ? locator.source.slice(range[0], range[1]).trim() : "";
}

// The keys an object schema allows at a path, unwrapping arrays, optionals, unions and records.
function keysAt(schema: z.ZodType, path: Path): string[] {
  let current: unknown = schema;
  const def = (s: unknown) => (s as { def: Record<string, unknown> }).def;
  const unwrap = () => {
    for (let d = def(current); ; d = def(current)) {
      if (d.type === "optional" || d.type === "default") current = d.innerType;
      else if (d.type === "union")
        current = (d.options as unknown[]).find((o) => def(o).type === "object") ?? current;
      else return;
      if (d.type === "union") return;
    }
  };
  for (const step of path) {
    unwrap();
    const d = def(current);
    if (d.type === "array") current = d.element;
    else if (d.type === "record") current = d.valueType;
    else if (d.type === "object") current = (d.shape as Record<string, unknown>)[String(step)];
    if (current === undefined) return [];
  }
  unwrap();
  const d = def(current);
  return d.type === "object" ? Object.keys(d.shape as object) : [];
}

function scalarText(node: unknown): string {
  return String((node as { value?: unknown } | undefined)?.value ?? "");
}

function describe(node: unknown): string {
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  const value = (node as { value?: unknown } | undefined)?.value;
  if (value === null || value === undefined) return "empty";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  const text = String(value);
  // A whole brief that is one string would otherwise be printed whole.
  return `the ${typeof value} "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;
}

function article(expected: string): string {
  if (expected === "object") return "a map of keys and values";
  if (expected === "array") return "a list";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeHint(expected: string, field: string, node: unknown, locator: Locator): string | undefined {
  const range = (node as { range?: [number, number] } | undefined)?.range;
  const raw = range ? locator.source.slice(range[0], range[1]).trim() : "";
  if (expected === "string" && raw !== "" && !/^["'|>]/.test(raw)) {
    return `quote it to keep it as written: ${field}: "${raw}"`;
  }
  if (expected === "array") return `write "${field}" as a list, one "- " entry per line`;
  return undefined;
}

function formatHint(field: string): string | undefined {
  if (field === "id") return "use lowercase letters, digits and '-', for example: consent-slide";
  if (field === "key" || field === "cite")
    return "use letters, digits, '-', '_' and '.', starting with a letter or digit";
  return undefined;
}
