import { accessSync, constants, statSync } from "node:fs";
import type { Browser, LaunchOptions, Page } from "puppeteer-core";
import { EnvironmentError } from "../errors.ts";
import { oldBrowserMessage } from "./browser-version.ts";
import { BROWSER_INSTALL_COMMAND, describeBrowser, findBrowser } from "./find-browser.ts";
import { createProfile, removeProfile } from "./profile.ts";
import { loadPuppeteer } from "./puppeteer.ts";

/** How to get a browser: launch a local one, or connect to one already running. */
export interface BrowserOptions {
  /** `--browser PATH`. */
  executable: string | undefined;
  /** `--browser-ws-endpoint URL` or BRIEFDECK_BROWSER_WS_ENDPOINT: connect instead of launching. */
  wsEndpoint: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds a single DevTools call may take before it fails. */
  protocolTimeout: number;
}

/**
 * The flags any tool needs to run Chromium here: as root it needs --no-sandbox, and the rest keep it off
 * the network. The benchmark gives exactly these to the peers it races, so the race is fair.
 */
export const BASE_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Chromium's flags for briefdeck: the base set, quiet, with hinting off for stable PDFs, unthrottled. */
export const CHROMIUM_ARGS = [
  ...BASE_CHROMIUM_ARGS,
  "--disable-default-apps",
  "--disable-extensions",
  "--mute-audio",
  "--font-render-hinting=none",
  // Several pages print at once (each in its own window); none may be throttled in the background.
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-renderer-backgrounding",
];

/**
 * The flags of the browser briefdeck launches, whose pages are only its print and layout views: the
 * compositor on the renderer's main thread rather than a thread of its own. Nothing there scrolls or
 * animates, and on two cores that thread only competed for them: a cold build with PDFs is about 8 %
 * sooner (paired runs), its PDFs the same bytes. In this mode headless Chromium runs no animation frames
 * at all, which those pages never wait for (pdf/load-page.ts stands a timer in for requestAnimationFrame);
 * a browser that shows a deck live, as the tests' viewer does, keeps CHROMIUM_ARGS.
 */
export const LAUNCH_ARGS = [...CHROMIUM_ARGS, "--disable-threaded-compositing"];

// The pages briefdeck opened in each browser, as they are being opened. A remote browser's tabs are
// someone else's: those still open when it is let go (Ctrl-C in the middle of a print) are closed first,
// not left running there.
const ownPages = new WeakMap<Browser, Set<Promise<Page>>>();

/** Opens a page in `browser` and records it, for letting go of a remote browser. */
export function openPage(browser: Browser): Promise<Page> {
  const pages = ownPages.get(browser) ?? new Set<Promise<Page>>();
  ownPages.set(browser, pages);
  const page = browser.newPage();
  pages.add(page);
  page.then(
    (opened) => opened.once("close", () => pages.delete(page)),
    () => pages.delete(page),
  );
  return page;
}

async function closeOwnPages(browser: Browser): Promise<void> {
  const pages = [...(ownPages.get(browser) ?? [])];
  await Promise.all(
    pages.map((opening) =>
      opening
        .then(
          (page) => (page.isClosed() ? undefined : page.close()),
          () => undefined,
        )
        .catch(() => undefined),
    ),
  );
}

/** A browser in use, and the one way to let go of it. */
export interface BrowserSession {
  browser: Browser;
  /** What prints, for messages: the launched browser and where it was found, or the remote endpoint. */
  description: string;
  /** Closes a launched browser (its profile folder goes with it) or disconnects from a remote one. */
  release(): Promise<void>;
  /**
   * Whether SIGINT or SIGTERM arrived while the session was held (one-shot commands): the browser is being
   * let go, and the signal then ends the process.
   */
  interrupted(): boolean;
}

interface Launched {
  browser: Browser;
  description: string;
  /** The launched browser's own profile folder, removed once it has closed; none for a remote one. */
  profile?: string;
  /** Other runs' leftover profiles being removed meanwhile (see createProfile). */
  staleRemoved?: Promise<unknown>;
}

/**
 * Launches a local browser, or connects to a running one. With `ownSignals` (one-shot commands), SIGINT
 * and SIGTERM close it until it is released, then end the process, so no Chromium and no temporary
 * profile are left behind. Long-running commands (serve, build --watch) pass false: they stop on the
 * signal themselves, finish the build in progress, and release the browser last.
 */
export async function openBrowser(options: BrowserOptions, ownSignals = true): Promise<BrowserSession> {
  const { puppeteer } = loadPuppeteer();
  const remote = options.wsEndpoint !== undefined;
  let browser: Browser | undefined;
  let profile: string | undefined;
  let staleRemoved: Promise<unknown> | undefined;
  let description = "";
  let signalled: NodeJS.Signals | undefined;
  let released: Promise<void> | undefined;
  const removeHandlers = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  const release = () => {
    const letGo =
      browser === undefined
        ? Promise.resolve()
        : remote
          ? closeOwnPages(browser).then(() => browser?.disconnect())
          : stop(browser);
    released ??= letGo
      .catch(() => undefined)
      .finally(async () => {
        if (profile !== undefined) await Promise.all([removeProfile(profile), staleRemoved]);
        removeHandlers();
      });
    return released;
  };
  // Registered before the launch: Chromium runs in its own process group, so a signal that arrives while
  // it starts must still close it. Until the launch settles, the signal only marks the session.
  function onSignal(signal: NodeJS.Signals) {
    signalled = signal;
    if (browser !== undefined) void release().finally(() => process.kill(process.pid, signal));
  }
  if (ownSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  try {
    ({ browser, profile, staleRemoved, description } = remote
      ? await connect(puppeteer, options)
      : await launch(puppeteer, options));
  } catch (error) {
    removeHandlers();
    if (signalled !== undefined) process.kill(process.pid, signalled);
    throw error;
  }
  if (signalled !== undefined) {
    await release();
    process.kill(process.pid, signalled);
    // The signal's default action ends the process; nothing more may start meanwhile.
    await new Promise(() => {});
  }
  const tooOld = oldBrowserMessage(await browser.version().catch(() => ""), description, remote);
  if (tooOld !== undefined) {
    await release();
    throw new EnvironmentError(tooOld);
  }
  return { browser, description, release, interrupted: () => signalled !== undefined };
}

/**
 * Stops a browser briefdeck launched: its process group is killed rather than the browser asked to close.
 * Its profile is thrown away and every PDF is already out, so an orderly shutdown keeps nothing, and it
 * costs about 40 ms; worse, Puppeteer sees each tab detach while it is still connected during one, and
 * starts a 100 ms timer per tab (waiting for a replacement frame) that keeps Node from exiting. Killed,
 * the pipe closes first and nothing waits. On Windows, where there are no process groups to kill, it is
 * closed as usual.
 */
async function stop(browser: Browser): Promise<void> {
  const child = browser.process();
  if (child === null || child.pid === undefined || process.platform === "win32") return browser.close();
  // Dead or killed with a command still unread (a busy or hung Chromium), Chromium's end of the DevTools
  // pipe resets ours: the ECONNRESET may come after disconnect() has taken Puppeteer's listeners off, and
  // unheard it would end Node.
  for (const stream of child.stdio) stream?.on("error", () => undefined);
  // A browser that has exited (crashed, killed) was reaped by Node: its pid, and so its group's id, may
  // be another process's by now (a warm browser is found dead at the next save). Its helpers end with it.
  if (child.exitCode !== null || child.signalCode !== null) return browser.disconnect();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    // Puppeteer starts Chromium as the leader of a process group of its own, helpers included.
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
  await Promise.all([browser.disconnect().catch(() => undefined), exited]);
}

/** Runs `use` with a browser and always releases it, on success and on failure. */
export async function withBrowser<T>(
  options: BrowserOptions,
  use: (browser: Browser) => Promise<T>,
): Promise<T> {
  const session = await openBrowser(options);
  try {
    return await use(session.browser);
  } finally {
    await session.release();
  }
}

type Puppeteer = typeof import("puppeteer-core");

async function connect(puppeteer: Puppeteer, options: BrowserOptions): Promise<Launched> {
  try {
    const browser = await puppeteer.connect({
      browserWSEndpoint: options.wsEndpoint,
      protocolTimeout: options.protocolTimeout,
    });
    return { browser, description: `the browser at ${options.wsEndpoint}` };
  } catch (error) {
    throw new EnvironmentError(
      `cannot connect to the browser at ${options.wsEndpoint}: ${(error as Error).message}`,
    );
  }
}

async function launch(puppeteer: Puppeteer, options: BrowserOptions): Promise<Launched> {
  const found = await findBrowser(options.executable, options.env);
  if (found === undefined) {
    const named = options.executable ?? options.env.PUPPETEER_EXECUTABLE_PATH;
    const what = named ? `the browser ${named} does not exist` : "no Chrome or Chromium was found";
    // A browser that was named is looked for there alone: installing one helps only once the name is gone.
    const fix =
      options.executable !== undefined
        ? `correct --browser, or leave it out and run ${BROWSER_INSTALL_COMMAND}`
        : named
          ? `correct PUPPETEER_EXECUTABLE_PATH, or unset it and run ${BROWSER_INSTALL_COMMAND}`
          : BROWSER_INSTALL_COMMAND;
    throw new EnvironmentError(
      `${what}; one is needed to print PDFs and to check slide layout. Fix: ${fix}
(HTML decks still build with --no-pdf.)`,
    );
  }
  // Spawning a folder or a file that is not executable fails with an error event Puppeteer leaves unheard.
  const unrunnable = whyNotRunnable(found.path);
  if (unrunnable !== undefined) {
    throw new EnvironmentError(
      `cannot start ${found.path} (${found.source}): ${unrunnable}. Fix: name the Chrome or Chromium program itself, or run ${BROWSER_INSTALL_COMMAND}`,
    );
  }
  const { path: profile, staleRemoved } = createProfile();
  const launchOptions: LaunchOptions = {
    executablePath: found.path,
    // Chrome Headless Shell has one headless mode; Puppeteer documents 'shell' for it (it ignores =new).
    headless: found.kind === "headless-shell" ? "shell" : true,
    // DevTools over a pipe: Chromium exits when the pipe closes, so a briefdeck killed with SIGKILL takes
    // it along (it runs in a process group of its own), and no debugging port is opened on the machine.
    pipe: true,
    userDataDir: profile,
    args: LAUNCH_ARGS,
    protocolTimeout: options.protocolTimeout,
    // openBrowser's own handlers close the browser first, then let the signal end the process.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  };
  try {
    const browser = await puppeteer.launch(launchOptions);
    return { browser, profile, staleRemoved, description: describeBrowser(found) };
  } catch (error) {
    await Promise.all([removeProfile(profile), staleRemoved]);
    throw new EnvironmentError(
      `cannot start ${found.path} (${found.source}): ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

// Why a browser path cannot be run, if it cannot.
function whyNotRunnable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return "it is a folder, not a program";
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "EACCES" ? "it is not executable" : (error as Error).message;
  }
}
