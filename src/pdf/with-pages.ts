import type { Brief } from "../brief/brief.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import type { PagePair, PagePool } from "./page-pool.ts";
import { briefStart } from "./print-view.ts";

/** How a brief's print or check reports that the browser itself failed under it. */
export const BROWSER_FAILED = "the browser failed: ";

/**
 * Runs `work` with a pair of pages from the pool under a watchdog: past `timeout` the work is abandoned
 * and reported, and a browser failure becomes a diagnostic instead of an exception. Pages that timed out
 * or failed are closed, never reused.
 */
export async function withPages<T>(
  pool: PagePool,
  brief: Brief,
  timeout: number,
  failed: (diagnostics: Diagnostic[]) => T,
  work: (pair: PagePair) => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let healthy = false;
  let pair: PagePair | undefined;
  const watchdog = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      const message = `the browser took longer than ${Math.round(timeout / 1000)} s and was stopped`;
      const hint = "a very long brief may need more time: --timeout SECONDS";
      resolve(failed([diagnose("render-failed", message, briefStart(brief), hint)]));
    }, timeout);
  });
  let settled = false;
  const run = async () => {
    const taken = await pool.take();
    // Pages that arrive after the watchdog gave up on this brief are closed, not left open and unused.
    if (settled) {
      await pool.give(taken, false);
      throw new Error("abandoned");
    }
    pair = taken;
    // A page whose renderer crashed (out of memory, or killed) answers nothing more: its work would wait
    // for the watchdog, then be blamed on the brief's length.
    let crash = () => {};
    const crashed = new Promise<never>((_, reject) => {
      crash = () => reject(new Error("its page crashed (out of memory, or killed)"));
    });
    taken.deck.page.on("error", crash);
    taken.handout.page.on("error", crash);
    const working = work(taken);
    working.catch(() => undefined);
    try {
      const result = await Promise.race([working, crashed]);
      healthy = true;
      return result;
    } finally {
      taken.deck.page.off("error", crash);
      taken.handout.page.off("error", crash);
    }
  };
  const running = run();
  // After a timeout the abandoned work fails when its pages close; that failure is already reported.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, watchdog]);
  } catch (error) {
    const message = `${BROWSER_FAILED}${(error as Error).message.split("\n")[0]}`;
    return failed([diagnose("render-failed", message, briefStart(brief))]);
  } finally {
    settled = true;
    clearTimeout(timer);
    // Pages that failed or timed out are closed without waiting: a hung browser answers no close (it
    // would hold the build for another timeout), and a browser briefdeck started is stopped anyway as
    // soon as no page is in use.
    if (pair !== undefined && healthy) await pool.give(pair, true);
    else if (pair !== undefined) void pool.give(pair, false);
  }
}
