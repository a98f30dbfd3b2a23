import type { Brief, Slide } from "./brief.ts";
import type { ChangeInput } from "./brief-schema.ts";
import { compareText } from "./text-order.ts";

/** The version a changes slide counts from: its `since`, or the one before the latest. */
export function changesSince(slide: Slide & { layout: "changes" }, brief: Brief): string | undefined {
  if (slide.since !== undefined) return slide.since;
  const sorted = [...brief.changes].sort((a, b) => compareVersions(a.version, b.version));
  return sorted.at(-2)?.version ?? sorted.at(-1)?.version;
}

/** The entries newer than `since`, newest first. */
export function changesAfter(changes: readonly ChangeInput[], since: string | undefined): ChangeInput[] {
  const newer =
    since === undefined ? [...changes] : changes.filter((c) => compareVersions(c.version, since) > 0);
  return newer.sort((a, b) => compareVersions(b.version, a.version));
}

/** Compares dotted versions part by part, numerically where both parts are numbers ("1.10" > "1.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const order = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : compareText(x, y);
    if (order !== 0) return order;
  }
  return 0;
}
