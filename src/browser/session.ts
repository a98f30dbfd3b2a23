import type { Browser, LaunchOptions } from "puppeteer-core";
import { EnvironmentError } from "../errors.ts";
import { lazyRequire } from "../lazy-require.ts";
import { browserFixCommand, findBrowser } from "./find-browser.ts";

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

// As root Chromium needs --no-sandbox; the rest keep it from reaching the network on its own.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-extensions",
  "--mute-audio",
  "--font-render-hinting=none",
];

/**
 * Runs `use` with a browser and always lets go of it: a launched browser is closed (its temporary profile
 * goes with it) on success, on failure and on SIGINT or SIGTERM; a remote one is disconnected.
 */
export async function withBrowser<T>(
  options: BrowserOptions,
  use: (browser: Browser) => Promise<T>,
): Promise<T> {
  const puppeteer = lazyRequire("puppeteer-core") as typeof import("puppeteer-core");
  let browser: Browser;
  if (options.wsEndpoint !== undefined) {
    try {
      browser = await puppeteer.connect({
        browserWSEndpoint: options.wsEndpoint,
        protocolTimeout: options.protocolTimeout,
      });
    } catch (error) {
      throw new EnvironmentError(
        `cannot connect to the browser at ${options.wsEndpoint}: ${(error as Error).message}`,
      );
    }
  } else {
    const found = await findBrowser(options.executable, options.env);
    if (found === undefined) {
      const named = options.executable ?? options.env.PUPPETEER_EXECUTABLE_PATH;
      const what = named ? `the browser ${named} does not exist` : "no Chrome or Chromium was found";
      throw new EnvironmentError(
        `${what}; PDF export needs one. Fix: ${browserFixCommand()}\n(HTML decks still build with --no-pdf.)`,
      );
    }
    const launch: LaunchOptions = {
      executablePath: found.path,
      headless: true,
      args: ARGS,
      protocolTimeout: options.protocolTimeout,
      // Our own handlers close the browser first, then let the signal end the process.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    };
    try {
      browser = await puppeteer.launch(launch);
    } catch (error) {
      throw new EnvironmentError(
        `cannot start ${found.path} (${found.source}): ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  const remote = options.wsEndpoint !== undefined;
  const release = () => (remote ? browser.disconnect() : browser.close()).catch(() => undefined);
  const onSignal = (signal: NodeJS.Signals) => {
    void release().finally(() => {
      removeHandlers();
      process.kill(process.pid, signal);
    });
  };
  const removeHandlers = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await use(browser);
  } finally {
    removeHandlers();
    await release();
  }
}
