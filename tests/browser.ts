import { existsSync } from "node:fs";
import type { Browser } from "puppeteer-core";
import { CHROMIUM_ARGS } from "../src/browser/session.ts";

/** The Chromium to test with: PUPPETEER_EXECUTABLE_PATH, or a system Chromium or Chrome. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.PUPPETEER_EXECUTABLE_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/**
 * Whether browser tests run. On a developer's machine without Chromium they skip and say so; in CI
 * (CI=true) a missing Chromium fails the run instead.
 */
export function browserAvailable(): boolean {
  if (findChromium() !== undefined) return true;
  if (process.env.CI)
    throw new Error("CI=true but no Chromium was found: install it (apt-get install -y chromium)");
  console.warn("browser tests skipped: no Chromium found (install it with: apt-get install -y chromium)");
  return false;
}

/**
 * Launches headless Chromium with the flags this machine needs. `fileAccess: false` leaves out
 * --allow-file-access-from-files, so file:// pages are each their own origin, as on a presenter's laptop.
 */
export async function launchChromium({ fileAccess = true } = {}): Promise<Browser> {
  const { default: puppeteer } = await import("puppeteer-core");
  return puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: fileAccess ? [...CHROMIUM_ARGS, "--allow-file-access-from-files"] : CHROMIUM_ARGS,
  });
}
