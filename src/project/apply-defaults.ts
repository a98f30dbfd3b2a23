import type { ParsedBrief } from "../brief/parse-brief.ts";
import { findNode, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import type { ProjectDefaults } from "./settings-schema.ts";

const HEADER_FIELDS = [
  "organisation",
  "author",
  "marking",
  "status",
  "keywords",
  "allow-caps",
  "lang",
] as const;

/**
 * A brief with the project's defaults (briefdeck.yaml) put in where it has none: the header fields it does
 * not set, and the shared glossary entries and sources it uses (an acronym it writes, a source it cites).
 * The brief's own entries win; one that differs from the shared entry of the same key is a warning.
 */
export function applyDefaults(parsed: ParsedBrief, defaults: ProjectDefaults | undefined, source: string) {
  const data = parsed.data;
  if (defaults === undefined || data === null || typeof data !== "object" || Array.isArray(data)) {
    return { parsed, diagnostics: [] as Diagnostic[] };
  }
  const own = data as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...own };
  for (const field of HEADER_FIELDS) {
    if (own[field] === undefined && defaults[field] !== undefined) merged[field] = defaults[field];
  }
  const diagnostics: Diagnostic[] = [];
  const shared = (field: "glossary" | "sources", used: (key: string) => boolean) => {
    const library = defaults[field] ?? {};
    const mine = own[field];
    const entries = typeof mine === "object" && mine !== null ? (mine as Record<string, unknown>) : {};
    const taken = Object.entries(library).filter(([key]) => used(key));
    for (const [key, value] of taken) {
      if (entries[key] !== undefined && JSON.stringify(entries[key]) !== JSON.stringify(value)) {
        const pair = findNode(parsed.root, [field, key]).pair;
        const at = parsed.locator.at(startOf((pair?.key ?? undefined) as never));
        const message = `${field}.${key} differs from the shared entry in briefdeck.yaml; the brief's is used`;
        diagnostics.push(diagnose("default-clash", message, at));
      }
    }
    if (taken.length > 0) merged[field] = { ...Object.fromEntries(taken), ...entries };
  };
  shared("glossary", (key) => new RegExp(`\\b${escapeRegExp(key)}s?\\b`).test(source));
  shared("sources", (key) => new RegExp(`@${escapeRegExp(key)}(?![\\w.-]*[\\w])`).test(source));
  return { parsed: { ...parsed, data: merged }, diagnostics };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
