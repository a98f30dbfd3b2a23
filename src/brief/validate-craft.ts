import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { createDidYouMean, didYouMean, listNames } from "../suggest.ts";
import type { Brief, Slide } from "./brief.ts";
import { compareVersions } from "./changes.ts";
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
  const names = [...ids];
  // One hint maker for every omission: thousands of unknown ids must not each search every id.
  const hintFor = createDidYouMean(
    names,
    names.length > 0 ? `the ids are: ${listNames(names)}` : 'give the slide or item an "id:" first',
  );
  for (const [name, variant] of brief.variants) {
    (variant.omit ?? []).forEach((id, i) => {
      if (ids.has(id)) return;
      const at = brief.locator.at(startOf(findNode(root, ["variants", name, "omit", i]).node));
      const message = `variant "${name}" omits "${id}", which is not the id of any slide or item`;
      diagnostics.push(diagnose("unknown-id", message, at, hintFor(id)));
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
  const first = firstOfEqualVersions(brief.changes.map((c) => c.version));
  const duplicates = brief.changes.flatMap((change, i) => {
    if (first[i] === i) return [];
    const at = brief.locator.at(startOf(findNode(root, ["changes", i, "version"]).node));
    const earlier = brief.changes[first[i] ?? i]?.version;
    const message = `version "${change.version}" is already in the history (as "${earlier}")`;
    return [diagnose("duplicate-version", message, at)];
  });
  if (brief.version === undefined || brief.changes.length === 0) return duplicates;
  if (brief.changes.some((c) => c.version === brief.version)) return duplicates;
  const at = brief.locator.at(startOf(findNode(root, ["version"]).node));
  const message = `version "${brief.version}" has no entry in "changes"`;
  return [...duplicates, diagnose("version-unlisted", message, at)];
}

// For each version, the index of the first one equal to it ("1" = "1.0"): sorted once, so a long history
// is not compared entry by entry with every other.
function firstOfEqualVersions(versions: readonly string[]): number[] {
  const order = versions.map((_, i) => i);
  order.sort((a, b) => compareVersions(versions[a] ?? "", versions[b] ?? "") || a - b);
  const first: number[] = [];
  let group = order[0] ?? 0;
  order.forEach((i, k) => {
    const before = order[k - 1];
    if (before !== undefined && compareVersions(versions[before] ?? "", versions[i] ?? "") !== 0) group = i;
    first[i] = group;
  });
  return first;
}
