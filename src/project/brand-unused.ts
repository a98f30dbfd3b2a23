import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { Locator } from "../brief/yaml-position.ts";
import { startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { USED_FIELDS } from "./brand-schema.ts";

const PATTERNS = USED_FIELDS.map((field) => field.split("."));

/** A warning for every field of the brand file briefdeck does not read, at its key, naming it. */
export function findUnusedFields(_brand: unknown, root: unknown, locator: Locator): Diagnostic[] {
  const found: Diagnostic[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        const next = [...path, key];
        if (!isKnown(next)) {
          const name = next.join(".").replaceAll(".[]", "[]");
          const message = `${name} is not used by briefdeck`;
          found.push(diagnose("brand-unused", message, locator.at(startOf(pair.key as Node))));
        } else walk(pair.value, next);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, [...path, "[]"]);
    }
  };
  walk(root, []);
  return found;
}

// Known when some used field starts with this path ("*" matching any key).
function isKnown(path: readonly string[]): boolean {
  return PATTERNS.some(
    (pattern) =>
      pattern.length >= path.length && path.every((part, i) => pattern[i] === part || pattern[i] === "*"),
  );
}
