import type { BrowserOptions, BrowserSession } from "../browser/session.ts";
import { startBrowser, type WarmBrowser } from "../browser/warm-browser.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { EnvironmentError } from "../errors.ts";
import type { PdfOptions, PrintedBrief } from "../pdf/export-pdf.ts";
import type { PagePool } from "../pdf/page-pool.ts";
import { createLimiter } from "../pool.ts";
import { listNames } from "../suggest.ts";
import type { CompiledBrief } from "./compile-brief.ts";

/** What the printer tells its caller: a brief started printing. */
export interface PrintEvents {
  onPrinting?(file: string, index: number, total: number, pages: number): void;
}

/**
 * The build's browser: the warm one, or one of its own, launched now. One turn of the event loop lets the
 * launch reach Chromium's spawn, so it starts while the briefs compile. `letGo` releases one of its own
 * (a warm browser stays) and says which browser it was.
 */
export async function startPrinting(options: BrowserOptions, warm: WarmBrowser | undefined) {
  const session = warm?.get() ?? startBrowser(options);
  await new Promise((resolve) => setImmediate(resolve));
  const letGo = async (): Promise<string | undefined> => {
    const opened = await session;
    if (opened instanceof EnvironmentError) return undefined;
    if (warm === undefined) await opened.release();
    return opened.description;
  };
  return { session, letGo };
}

// The pages of a warm browser (build --watch), kept for its next build: opening them again would cost
// as much as printing a short deck. They go when their browser goes.
const warmPools = new WeakMap<BrowserSession, PagePool>();

/**
 * Prints briefs as they are added, a few at a time, with one pool of pages in the session's browser; the
 * PDF code is loaded only when the first brief arrives. `pagesDone` resolves once every brief added so
 * far has finished with its pages (the PDFs may still be being finished in Node), so a browser of the
 * build's own can close meanwhile; `finish` waits for all. Pages are closed at the end only in a remote
 * browser (they are someone else's tabs, warm or not). With `keepPages` (a warm browser briefdeck
 * launched) they are kept for the next printer in the same session instead. A browser briefdeck launched
 * takes its pages with it when it closes, and closing each first would only cost time.
 */
export function createPrinter<K extends Pick<CompiledBrief, "file" | "brief" | "rendered">>(
  session: Promise<BrowserSession | EnvironmentError>,
  pdf: PdfOptions & { concurrency: number },
  events: PrintEvents,
  keepPages = false,
) {
  const printed = new Map<K, PrintedBrief>();
  const tasks: Promise<void>[] = [];
  const pagesFreed: Promise<void>[] = [];
  const limit = createLimiter(pdf.concurrency);
  let environmentError: EnvironmentError | undefined;
  // By the order the briefs were added, whichever failed first.
  const lostBriefs: string[] = [];
  let ready: Promise<
    | {
        pages: PagePool;
        printBrief: typeof import("../pdf/export-pdf.ts").printBrief;
        failedWithBrowser: typeof import("../pdf/export-pdf.ts").failedWithBrowser;
        launched: boolean;
        session: BrowserSession;
      }
    | undefined
  >;
  const open = async (total: number) => {
    const opened = await session;
    if (opened instanceof EnvironmentError) {
      environmentError = opened;
      return undefined;
    }
    const launched = opened.browser.process() !== null;
    // A remote browser's tabs are someone else's: closed after every build, never kept (not even warm,
    // where nothing would close them when the watch ends).
    const keep = keepPages && launched;
    const kept = keep ? warmPools.get(opened) : undefined;
    // The first pages open in Chromium while Node loads the printing code.
    const { createPagePool } = await import("../pdf/page-pool.ts");
    const pages = kept ?? createPagePool(opened.browser);
    // As many pairs as will print at once.
    if (kept === undefined) pages.prepare(Math.max(1, Math.min(pdf.concurrency, total)));
    if (keep) warmPools.set(opened, pages);
    const { printBrief, failedWithBrowser } = await import("../pdf/export-pdf.ts");
    return { pages, printBrief, failedWithBrowser, launched, session: opened };
  };
  const closePages = async () => {
    const printer = await ready?.catch(() => undefined);
    if (printer !== undefined && !printer.launched) await printer.pages.close();
  };
  return {
    add(result: K, total: number) {
      ready ??= open(total);
      const index = tasks.length;
      let freed = () => {};
      pagesFreed.push(new Promise<void>((resolve) => (freed = resolve)));
      const task = limit(async () => {
        const printer = await ready;
        if (printer === undefined || result.brief === undefined || result.rendered === undefined) return;
        events.onPrinting?.(result.file, index, total, result.rendered.titles.length);
        // Whether a failed print failed only because the browser went away, known before the pages
        // count as freed: the build lets its own browser go only after every brief is done with them.
        let lost = Promise.resolve(false);
        const pagesDone = (failure: readonly Diagnostic[] | undefined) => {
          if (failure !== undefined) lost = printer.failedWithBrowser(printer.session.browser, failure);
          void lost.then(freed);
        };
        const outcome = await printer.printBrief(
          printer.pages,
          result.brief,
          result.rendered,
          pdf,
          pagesDone,
        );
        if (await lost) {
          // Nothing in the brief is wrong: the machine took the browser away (killed, or it crashed).
          // Like a build without a browser, its HTML is written and its PDFs are not.
          lostBriefs[index] = result.file;
          environmentError = browserLost(printer.session, lostBriefs.filter(Boolean));
          return;
        }
        printed.set(result, outcome);
      });
      // However the task ends, its pages are no longer in use.
      tasks.push(task.finally(freed));
    },
    /** Resolves once every brief added so far is done with its pages, and pages that go are closed. */
    async pagesDone() {
      await Promise.all(pagesFreed);
      await closePages();
    },
    async finish() {
      try {
        await Promise.all(tasks);
      } finally {
        await closePages();
      }
      return { printed, environmentError };
    },
  };
}

function browserLost(session: BrowserSession, files: readonly string[]): EnvironmentError {
  const launched = session.browser.process() !== null;
  const what = launched ? `${session.description} stopped` : `${session.description} went away`;
  const fix = launched
    ? "build again; if it stops again, check the machine's free memory, or print with another browser (--browser PATH)"
    : "check that the browser is still running, then build again";
  return new EnvironmentError(
    `${what} while printing ${listNames(files, 3)} (their HTML was written; their previous PDFs are left as they were). Fix: ${fix}`,
  );
}
