// Part of the install step: makes sure PDF export has a browser. In order: one that is already there
// (PUPPETEER_EXECUTABLE_PATH, a Puppeteer download, a system Chrome/Chromium); else Puppeteer downloads
// Chrome Headless Shell; else, on Debian or Ubuntu as root, apt installs chromium. It never fails the
// install: HTML decks build without a browser, and `briefdeck build` prints the fix when PDFs need one.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { findBrowser, browserFixCommand } = require("../lib/api.cjs");
const say = (text) => console.log(`briefdeck: ${text}`);

if (process.env.BRIEFDECK_SKIP_BROWSER_INSTALL) process.exit(0);
const found = await findBrowser(undefined, process.env);
if (found) {
  say(`PDF export will use ${found.path} (${found.source})`);
  process.exit(0);
}

if (await downloadWithPuppeteer()) process.exit(0);
if (process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0) {
  say("installing Debian's chromium package for PDF export (apt-get install -y chromium)");
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  } catch {
    say("apt-get could not install chromium");
  }
}
const after = await findBrowser(undefined, process.env);
if (after) say(`PDF export will use ${after.path} (${after.source})`);
else say(`no browser for PDF export; HTML still builds (--no-pdf). To fix: ${browserFixCommand()}`);

async function downloadWithPuppeteer() {
  const { Browser, detectBrowserPlatform, install, resolveBuildId } = require("@puppeteer/browsers");
  const platform = detectBrowserPlatform();
  if (platform === undefined) return false;
  const cacheDir = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
  try {
    const buildId = await withTimeout(
      resolveBuildId(Browser.CHROMEHEADLESSSHELL, platform, "stable"),
      20_000,
    );
    say(`downloading Chrome Headless Shell ${buildId} for PDF export`);
    const installed = await withTimeout(
      install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, platform }),
      300_000,
    );
    say(`PDF export will use ${installed.executablePath} (puppeteer download)`);
    return true;
  } catch (error) {
    say(`Puppeteer could not download a browser (${String(error.message ?? error).split("\n")[0]})`);
    return false;
  }
}

function withTimeout(promise, ms) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}
