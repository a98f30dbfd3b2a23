import type { Brief, Slide } from "./brief.ts";
import { compareVersions } from "./changes.ts";
import { type Diagnostic, diagnose } from "./diagnostics.ts";
import { didYouMean } from "./suggest.ts";
import { findNode, startOf } from "./yaml-position.ts";

// Validation of what ties a brief's parts together beyond citations: the ids that variants omit, and the
// version history that changes slides and the brief's version refer to. Called by validate-brief.ts.

/**
 * A slide's ids with the path (within the slide) of what each names: [] for the slide itself, whose id
 * is its anchor (given, or the default one), so two slides can never share an anchor.
 */
export function idsOf(slide: Slide): Array<[string, (string | number)[]]> {
  const found: Array<[string, (string | number)[]]> = [[slide.anchor, []]];
  const items =
    slide.layout === "judgments"
      ? slide.items.map((item, i) => [item.id, ["items", i]] as const)
      : slide.layout === "bullets"
        ? slide.points.map((p, i) => [typeof p === "string" ? undefined : p.id, ["points", i]] as const)
        : slide.layout === "comparison"
          ? slide.rows.map((row, i) => [row.id, ["rows", i]] as const)
          : [];
  for (const [id, where] of items) if (id !== undefined) found.push([id, [...where]]);
  return found;
}

// Every id a variant leaves out must exist, or the variant would silently keep what it meant to cut.
export function checkVariants(brief: Brief, ids: ReadonlySet<string>, root: unknown): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, variant] of brief.variants) {
    (variant.omit ?? []).forEach((id, i) => {
      if (ids.has(id)) return;
      const at = brief.locator.at(startOf(findNode(root, ["variants", name, "omit", i]).node));
      const fallback =
        ids.size > 0 ? `the ids are: ${[...ids].join(", ")}` : 'give the slide or item an "id:" first';
      const message = `variant "${name}" omits "${id}", which is not the id of any slide or item`;
      diagnostics.push(diagnose("unknown-id", message, at, didYouMean(id, [...ids], fallback)));
    });
  }
  return diagnostics;
}

// A changes slide needs a history, and its `since` must be a version in it.
export function checkChangesSlide(
  brief: Brief,
  slide: Slide & { layout: "changes" },
  root: unknown,
): Diagnostic[] {
  const path = ["slides", slide.index];
  const versions = brief.changes.map((c) => c.version);
  if (versions.length === 0) {
    const at = brief.locator.at(startOf(findNode(root, [...path, "layout"]).node));
    const hint = 'add "changes:" to the brief, one entry (version, date, summary) per version';
    return [diagnose("unknown-version", "a changes slide needs the brief's version history", at, hint)];
  }
  if (slide.since === undefined || versions.includes(slide.since)) return [];
  const at = brief.locator.at(startOf(findNode(root, [...path, "since"]).node));
  const hint = didYouMean(slide.since, versions, `the versions are: ${versions.join(", ")}`);
  return [diagnose("unknown-version", `version "${slide.since}" is not in the brief's changes`, at, hint)];
}

// Each version once in the history, and the brief's version should be in it.
export function checkVersion(brief: Brief, root: unknown): Diagnostic[] {
  const duplicates = brief.changes.flatMap((change, i) => {
    const first = brief.changes.findIndex((c) => compareVersions(c.version, change.version) === 0);
    if (first === i) return [];
    const at = brief.locator.at(startOf(findNode(root, ["changes", i, "version"]).node));
    const earlier = brief.changes[first]?.version;
    const message = `version "${change.version}" is already in the history (as "${earlier}")`;
    return [diagnose("duplicate-version", message, at)];
  });
  if (brief.version === undefined || brief.changes.length === 0) return duplicates;
  if (brief.changes.some((c) => c.version === brief.version)) return duplicates;
  const at = brief.locator.at(startOf(findNode(root, ["version"]).node));
  const message = `version "${brief.version}" has no entry in "changes"`;
  return [...duplicates, diagnose("version-unlisted", message, at)];
}
