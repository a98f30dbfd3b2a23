import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refreshBundle } from "./bundle-freshness.ts";

/**
 * Runs once before any worker starts: rebuilds lib/ when src/ or templates/ changed since it was bundled,
 * and gives the run a temporary folder of its own (TMPDIR, which the workers, the CLIs they start and
 * their browsers inherit), removed when the run ends. A run makes hundreds of projects and profiles;
 * without it they stayed in the machine's temporary folder, tens of thousands after a few days.
 */
export default function setup(): () => void {
  const stale = refreshBundle(join(import.meta.dirname, ".."));
  if (stale !== undefined) process.stderr.write(`global setup: ${stale}; rebuilt lib/\n`);
  const scratch = mkdtempSync(join(tmpdir(), "briefdeck-tests-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
}
