import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { lazyRequire } from "../lazy-require.ts";

/** Where a browser was found, for messages. */
export type BrowserSource = "--browser" | "PUPPETEER_EXECUTABLE_PATH" | "puppeteer download" | "system";

/** A browser executable briefdeck can launch. */
export interface FoundBrowser {
  path: string;
  source: BrowserSource;
}

const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

/** The one command that installs a browser on this kind of machine. */
export function browserFixCommand(): string {
  if (process.platform === "linux" && existsSync("/usr/bin/apt-get")) {
    const sudo = process.getuid?.() === 0 ? "" : "sudo ";
    return `${sudo}apt-get install -y chromium`;
  }
  return "npx @puppeteer/browsers install chrome-headless-shell@stable (or install Google Chrome)";
}

/**
 * Finds a Chrome or Chromium, in this order: `--browser PATH`, then PUPPETEER_EXECUTABLE_PATH, then a
 * browser Puppeteer downloaded into its cache, then a system Chrome or Chromium.
 */
export async function findBrowser(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<FoundBrowser | undefined> {
  if (explicit !== undefined)
    return existsSync(explicit) ? { path: explicit, source: "--browser" } : undefined;
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv)
    return existsSync(fromEnv) ? { path: fromEnv, source: "PUPPETEER_EXECUTABLE_PATH" } : undefined;
  const downloaded = await findDownloaded(env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer"));
  if (downloaded !== undefined) return { path: downloaded, source: "puppeteer download" };
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  return system === undefined ? undefined : { path: system, source: "system" };
}

async function findDownloaded(cacheDir: string): Promise<string | undefined> {
  if (!existsSync(cacheDir)) return undefined;
  const { Browser, getInstalledBrowsers } = lazyRequire(
    "@puppeteer/browsers",
  ) as typeof import("@puppeteer/browsers");
  const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
  // A headless shell is smaller and starts faster; either prints the same PDF.
  const preferred = [Browser.CHROMEHEADLESSSHELL, Browser.CHROME, Browser.CHROMIUM];
  for (const kind of preferred) {
    const match = installed
      .filter((b) => b.browser === kind)
      .sort((a, b) => b.buildId.localeCompare(a.buildId))[0];
    if (match !== undefined && existsSync(match.executablePath)) return match.executablePath;
  }
  return undefined;
}
