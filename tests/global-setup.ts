import { join } from "node:path";
import { refreshBundle } from "./bundle-freshness.ts";

/** Runs once before any worker starts: rebuilds lib/ when src/ or templates/ changed since it was bundled. */
export default function setup(): void {
  const stale = refreshBundle(join(import.meta.dirname, ".."));
  if (stale !== undefined) process.stderr.write(`global setup: ${stale}; rebuilt lib/\n`);
}
