import { existsSync } from "node:fs";
import type { Browser } from "puppeteer-core";
import { isHeadlessShell, unwrapBrowser } from "../src/browser/find-browser.ts";
import { CHROMIUM_ARGS } from "../src/browser/session.ts";

/** Full Chromium or Chrome, for the tests that must print with it as well as with the shell. */
export const FULL_CHROMIUM = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].find((path) => existsSync(path));

/**
 * The browser to test with, in briefdeck's own order: PUPPETEER_EXECUTABLE_PATH, else Chrome Headless
 * Shell where it is installed, else a system Chromium or Chrome.
 */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.PUPPETEER_EXECUTABLE_PATH,
    "/usr/bin/chromium-headless-shell",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
  const found = candidates.find((path): path is string => path !== undefined && existsSync(path));
  // As briefdeck launches it: the binary, not a launcher script that would keep it as its child.
  return found === undefined ? undefined : unwrapBrowser(found);
}

/**
 * Whether browser tests run. On a developer's machine without Chromium they skip and say so; in CI
 * (CI=true) a missing Chromium fails the run instead.
 */
export function browserAvailable(): boolean {
  if (findChromium() !== undefined) return true;
  if (process.env.CI)
    throw new Error(
      "CI=true but no Chromium was found: install it (apt-get install -y chromium-headless-shell)",
    );
  console.warn("browser tests skipped: no Chromium found (install it with: npx briefdeck browser install)");
  return false;
}

/**
 * Launches the test browser headless with the flags this machine needs, in the shell's own mode when it
 * is Chrome Headless Shell. `fileAccess: false` leaves out --allow-file-access-from-files, so file://
 * pages are each their own origin, as on a presenter's laptop.
 */
export async function launchChromium({ fileAccess = true } = {}): Promise<Browser> {
  const { default: puppeteer } = await import("puppeteer-core");
  const executablePath = findChromium();
  return puppeteer.launch({
    executablePath,
    headless: executablePath !== undefined && isHeadlessShell(executablePath) ? "shell" : true,
    args: fileAccess ? [...CHROMIUM_ARGS, "--allow-file-access-from-files"] : CHROMIUM_ARGS,
  });
}
