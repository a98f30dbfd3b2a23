import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

// What the worker makes: one of each Intl object a deck uses (its date, its likelihood percentages, the
// messages' plural rules). Nothing is sent back; the point is the tables V8 builds on the way.
const FIRST_USE = `
new Intl.DateTimeFormat("en", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(0);
new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 }).format(0.5);
new Intl.PluralRules("en").select(1);
`;

/**
 * The first Intl object a process makes costs about 10 ms: V8 builds its tables of the locales ICU
 * offers, once for the whole process, on first use. A cold build needs its first one half-way through (a
 * deck's date), on the critical path. This makes that first use on another core, in a worker thread,
 * while this thread reads and parses the briefs: the tables are shared by every thread, so the deck's own
 * first Intl object then costs well under a millisecond. The worker costs about 30 ms of the other
 * core's time, so it is started only where there is one, and only by commands that render briefs.
 */
export function warmIntl(): void {
  if (availableParallelism() < 2) return;
  const worker = new Worker(FIRST_USE, { eval: true, stdout: true, stderr: true });
  // It must never keep briefdeck running, and a failure in it changes nothing but the time.
  worker.unref();
  worker.on("error", () => undefined);
}
