import { EnvironmentError } from "../errors.ts";
import type { BrowserOptions, BrowserSession } from "./session.ts";

/** A browser that outlives one build (build --watch, serve): started on first use, released by its owner. */
export interface WarmBrowser {
  /** The warm session, or the EnvironmentError that says why there is none (never rejects with it). */
  get(): Promise<BrowserSession | EnvironmentError>;
  release(): Promise<void>;
}

/** How long a warm browser may take to answer before it is taken for dead, ms. */
const ANSWER_MS = 2000;

/**
 * A browser started on first use and kept for every later use until released. A browser that has gone
 * (Chromium crashed or was killed, a remote one hung up) is let go and a new one started on the next
 * `get`; so is a launch that failed, in case what it lacked has since been installed. Node may not yet
 * have seen a killed Chromium exit, and its helpers can hold the DevTools pipe open meanwhile, so a kept
 * browser must also answer (one round trip) before it is handed out again.
 */
export function warmBrowser(options: BrowserOptions): WarmBrowser {
  let pending: Promise<BrowserSession | EnvironmentError> | undefined;
  // What `pending` settled to, once it has: read synchronously so that callers at the same moment share
  // one launch.
  let settled: BrowserSession | EnvironmentError | undefined;
  const forget = (gone: BrowserSession | EnvironmentError) => {
    if (settled !== gone) return;
    if (!(gone instanceof EnvironmentError)) void gone.release();
    pending = undefined;
    settled = undefined;
  };
  const get = (): Promise<BrowserSession | EnvironmentError> => {
    if (settled instanceof EnvironmentError || (settled !== undefined && !isAlive(settled.browser)))
      forget(settled);
    if (settled !== undefined && !(settled instanceof EnvironmentError)) {
      const kept = settled;
      return answers(kept).then((alive) => {
        if (alive) return kept;
        forget(kept);
        return get();
      });
    }
    if (pending === undefined) {
      const started = startBrowser(options, false);
      pending = started;
      started.then(
        (session) => {
          if (pending === started) settled = session;
        },
        () => {
          if (pending === started) pending = undefined;
        },
      );
    }
    return pending;
  };
  return {
    get,
    async release() {
      const opened = await pending;
      pending = undefined;
      settled = undefined;
      if (opened !== undefined && !(opened instanceof EnvironmentError)) await opened.release();
    },
  };
}

/** Whether a kept browser still answers over DevTools within ANSWER_MS. */
async function answers(session: BrowserSession): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ANSWER_MS);
  });
  try {
    return await Promise.race([session.browser.version().then(() => true as const), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens a browser session, resolving to the EnvironmentError that says why there is none instead of
 * rejecting with it. `ownSignals` as for openBrowser.
 */
export async function startBrowser(
  options: BrowserOptions,
  ownSignals = true,
): Promise<BrowserSession | EnvironmentError> {
  const { openBrowser } = await import("./session.ts");
  try {
    return await openBrowser(options, ownSignals);
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
}

/**
 * Whether a browser can still be used: connected, and (when briefdeck launched it) its process has not
 * exited. Chromium's helper processes can hold the DevTools pipe open for a while after the browser
 * process was killed, so the connection alone notices its death late.
 */
export function isAlive(browser: BrowserSession["browser"]): boolean {
  const process = browser.process();
  const exited = process !== null && (process.exitCode !== null || process.signalCode !== null);
  return browser.connected && !exited;
}

/**
 * Whether a browser has gone, now or within `ms`. A browser that is shut down (SIGTERM, a remote one
 * closed) closes its pages first: what failed with them fails a moment before the browser is seen gone.
 */
export async function goneWithin(browser: BrowserSession["browser"], ms: number): Promise<boolean> {
  for (let waited = 0; isAlive(browser) && waited < ms; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return !isAlive(browser);
}
