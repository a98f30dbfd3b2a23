import { execFile } from "node:child_process";
import { lazyRequire } from "../lazy-require.ts";
import {
  browserFixCommand,
  type FoundBrowser,
  findBrowser,
  hasApt,
  puppeteerCacheDir,
} from "./find-browser.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** How `installBrowser` went: the browser PDFs will use afterwards (if any), and whether it is new. */
export interface InstallOutcome {
  found: FoundBrowser | undefined;
  installed: boolean;
}

/**
 * Gets Chrome Headless Shell, the browser briefdeck prints with best: nothing when one is already there;
 * else Puppeteer's download into its cache; else, as root on Debian or Ubuntu, `apt-get install -y
 * chromium-headless-shell`. `say` hears each step. Never throws: what could not be done is in the outcome.
 */
export async function installBrowser(env: Env, say: (text: string) => void): Promise<InstallOutcome> {
  const before = await findBrowser(undefined, env);
  if (before?.kind === "headless-shell") return { found: before, installed: false };
  const downloaded = await downloadShell(env, say);
  if (downloaded !== undefined) return { found: await findBrowser(undefined, env), installed: true };
  if (hasApt() && process.getuid?.() === 0) {
    say("installing Debian's chromium-headless-shell package (apt-get install -y chromium-headless-shell)");
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () => run("apt-get", ["install", "-y", "-qq", "chromium-headless-shell"], aptEnv);
    // The package lists may be missing or stale (a fresh container): update once, then try again.
    const ok = (await install()) || ((await run("apt-get", ["update", "-qq"], aptEnv)) && (await install()));
    if (!ok)
      say(`apt-get could not install chromium-headless-shell; to try yourself: ${browserFixCommand()}`);
  }
  const after = await findBrowser(undefined, env);
  return { found: after, installed: after?.kind === "headless-shell" };
}

// Puppeteer's download of Chrome Headless Shell (stable), bounded in time; its path, or undefined.
// @puppeteer/browsers as installed, not lib/puppeteer.cjs (src/browser/puppeteer.ts): a one-off download
// gains nothing from the code cache, and this way runs as Puppeteer ships and tests it.
async function downloadShell(env: Env, say: (text: string) => void): Promise<string | undefined> {
  const { Browser, detectBrowserPlatform, install, resolveBuildId } = lazyRequire(
    "@puppeteer/browsers",
  ) as typeof import("@puppeteer/browsers");
  const platform = detectBrowserPlatform();
  if (platform === undefined) return undefined;
  try {
    const buildId = await withTimeout(
      resolveBuildId(Browser.CHROMEHEADLESSSHELL, platform, "stable"),
      20_000,
    );
    say(`downloading Chrome Headless Shell ${buildId} with Puppeteer`);
    const cacheDir = puppeteerCacheDir(env);
    const done = await withTimeout(
      install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, platform }),
      300_000,
    );
    return done.executablePath;
  } catch (error) {
    say(
      `Puppeteer could not download Chrome Headless Shell (${String((error as Error).message).split("\n")[0]})`,
    );
    return undefined;
  }
}

/** The browser's own version line (`Chromium 131.0.6778.85`), or undefined when it does not answer. */
export function browserVersion(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(path, ["--version"], { timeout: 10_000 }, (error, stdout) =>
      resolve(error ? undefined : String(stdout).trim() || undefined),
    );
  });
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 600_000 }, (error) => resolve(error === null));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
