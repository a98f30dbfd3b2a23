import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { loadPuppeteer } from "./puppeteer.ts";

/** Where a browser was found, for messages. */
export type BrowserSource = "--browser" | "PUPPETEER_EXECUTABLE_PATH" | "puppeteer download" | "system";

/** A browser executable briefdeck can launch. */
export interface FoundBrowser {
  path: string;
  source: BrowserSource;
  /** Chrome Headless Shell (launched in its own headless mode) or a full Chrome or Chromium. */
  kind: "headless-shell" | "chrome";
}

/** Chrome Headless Shell: made for printing, it starts in about a third of full Chromium's time. */
const SYSTEM_SHELLS = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/headless_shell"];

/**
 * Launcher scripts that start the browser without `exec`: Debian's /usr/bin/chromium-headless-shell is
 * `sh -e` running the binary as its child, so the browser would not be briefdeck's own child process and
 * a shell would sit in between. The binary itself is launched instead.
 */
const WRAPPERS: Record<string, string> = {
  "/usr/bin/chromium-headless-shell": "/usr/lib/chromium/chromium-headless-shell",
};

/** The executable to launch for `path`: the binary behind a known launcher script, else `path`. */
export function unwrapBrowser(path: string): string {
  const binary = Object.hasOwn(WRAPPERS, path) ? WRAPPERS[path] : undefined;
  return binary !== undefined && existsSync(binary) ? binary : path;
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

/** The command that gets briefdeck a browser anywhere (`briefdeck browser install`). */
export const BROWSER_INSTALL_COMMAND = "npx briefdeck browser install";

/** Whether apt-get can install Debian's or Ubuntu's packages here. */
export function hasApt(): boolean {
  return process.platform === "linux" && existsSync("/usr/bin/apt-get");
}

/** The one command that installs Chrome Headless Shell on this kind of machine, without briefdeck. */
export function browserFixCommand(): string {
  if (hasApt()) {
    const sudo = process.getuid?.() === 0 ? "" : "sudo ";
    return `${sudo}apt-get install -y chromium-headless-shell`;
  }
  return "npx @puppeteer/browsers install chrome-headless-shell@stable";
}

/** Whether the executable at `path` is Chrome Headless Shell (by its file name). */
export function isHeadlessShell(path: string): boolean {
  return /headless[-_]shell/.test(basename(path));
}

/** Puppeteer's browser cache: PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer. */
export function puppeteerCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.PUPPETEER_CACHE_DIR || join(homedir(), ".cache", "puppeteer");
}

/**
 * Finds a browser to print with, in this order: `--browser PATH`, PUPPETEER_EXECUTABLE_PATH, a Chrome
 * Headless Shell Puppeteer downloaded, the system's `chromium-headless-shell`, then a full Chrome or
 * Chromium (Puppeteer's download, then the system's). BRIEFDECK_SYSTEM_BROWSERS, a `:`-separated list
 * (empty for none), replaces the system paths searched.
 */
export async function findBrowser(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<FoundBrowser | undefined> {
  const found = (path: string, source: BrowserSource): FoundBrowser => ({
    path: unwrapBrowser(path),
    source,
    kind: isHeadlessShell(path) ? "headless-shell" : "chrome",
  });
  if (explicit !== undefined) return existsSync(explicit) ? found(explicit, "--browser") : undefined;
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return existsSync(fromEnv) ? found(fromEnv, "PUPPETEER_EXECUTABLE_PATH") : undefined;
  const downloaded = await findDownloaded(puppeteerCacheDir(env));
  const listed = env.BRIEFDECK_SYSTEM_BROWSERS;
  const system = (listed === undefined ? [...SYSTEM_SHELLS, ...SYSTEM_BROWSERS] : listed.split(":"))
    .filter((path) => path !== "" && existsSync(path))
    .sort((a, b) => Number(isHeadlessShell(b)) - Number(isHeadlessShell(a)));
  const shell = downloaded.shell ?? system.find(isHeadlessShell);
  if (shell !== undefined) return found(shell, shell === downloaded.shell ? "puppeteer download" : "system");
  if (downloaded.chrome !== undefined) return found(downloaded.chrome, "puppeteer download");
  return system[0] === undefined ? undefined : found(system[0], "system");
}

/** The newest Chrome Headless Shell, and the newest full Chrome or Chromium, Puppeteer downloaded. */
async function findDownloaded(cacheDir: string): Promise<{ shell?: string; chrome?: string }> {
  if (!existsSync(cacheDir)) return {};
  const { Browser, getInstalledBrowsers } = loadPuppeteer().browsers;
  const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
  const newest = (kinds: string[]) =>
    installed
      .filter((b) => kinds.includes(b.browser) && existsSync(b.executablePath))
      .sort((a, b) => compareBuilds(b.buildId, a.buildId))[0]?.executablePath;
  return {
    shell: newest([Browser.CHROMEHEADLESSSHELL]),
    chrome: newest([Browser.CHROME, Browser.CHROMIUM]),
  };
}

// Build ids are dotted numbers ("131.0.6778.85"): compared part by part, as numbers.
function compareBuilds(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Number.isNaN(d) ? 0 : d;
  }
  return 0;
}

/** How a found browser is described to the user: what it is and where it came from. */
export function describeBrowser(found: FoundBrowser): string {
  const what = found.kind === "headless-shell" ? "Chrome Headless Shell" : "Chrome/Chromium";
  return `${what} ${found.path} (${found.source})`;
}
