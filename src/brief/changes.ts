import { localeFor } from "../messages/locale.ts";
import { compareText } from "../text-order.ts";
import type { Brief, Slide } from "./brief.ts";
import type { ChangeInput } from "./brief-schema.ts";

/**
 * The version a changes slide counts from: its `since`, or the one before the latest. Undefined when
 * the history has a single entry: the slide then shows that one.
 */
export function changesSince(slide: Slide & { layout: "changes" }, brief: Brief): string | undefined {
  if (slide.since !== undefined) return slide.since;
  const sorted = [...brief.changes].sort((a, b) => compareVersions(a.version, b.version));
  return sorted.at(-2)?.version;
}

/** The entries newer than `since` (all of them without one), newest first. */
export function changesAfter(changes: readonly ChangeInput[], since: string | undefined): ChangeInput[] {
  const newer =
    since === undefined ? [...changes] : changes.filter((c) => compareVersions(c.version, since) > 0);
  return newer.sort((a, b) => compareVersions(b.version, a.version));
}

/** A changes slide's default title. */
export function changesTitle(slide: Slide & { layout: "changes" }, brief: Brief): string {
  const { t } = localeFor(brief.lang);
  const since = changesSince(slide, brief);
  if (since !== undefined) return t("changes.since", { version: since });
  const latest = changesAfter(brief.changes, undefined)[0]?.version;
  return latest === undefined ? t("changes.all") : t("changes.new", { version: latest });
}

/**
 * Compares versions the way people number documents: dot-separated parts compared as numbers where
 * they start with digits ("1.10" > "1.9", "1.2a" < "1.10"), missing parts as zero ("1" = "1.0"), and a
 * pre-release after "-" before its release ("1.0-rc1" < "1.0").
 */
export function compareVersions(a: string, b: string): number {
  const [mainA = "", preA] = splitOnce(a, "-");
  const [mainB = "", preB] = splitOnce(b, "-");
  const main = compareParts(mainA.split("."), mainB.split("."));
  if (main !== 0) return main;
  if (preA === undefined || preB === undefined)
    return (preA === undefined ? 1 : 0) - (preB === undefined ? 1 : 0);
  return compareParts(preA.split(/[.-]/), preB.split(/[.-]/));
}

function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [, digitsA = "", restA = ""] = /^(\d*)(.*)$/.exec(a[i] ?? "0") ?? [];
    const [, digitsB = "", restB = ""] = /^(\d*)(.*)$/.exec(b[i] ?? "0") ?? [];
    const order = Number(digitsA || -1) - Number(digitsB || -1) || compareText(restA, restB);
    if (order !== 0) return order;
  }
  return 0;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
