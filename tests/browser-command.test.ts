import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oldBrowserMessage, tooOldChrome } from "../src/browser/browser-version.ts";
import { BROWSER_INSTALL_COMMAND, findBrowser, unwrapBrowser } from "../src/browser/find-browser.ts";
import { browserAvailable, FULL_CHROMIUM } from "./browser.ts";
import { makeProject, runCli } from "./helpers.ts";

const SHELL = "/usr/bin/chromium-headless-shell";
// What briefdeck launches for it: Debian's script starts the binary as its child, so the binary itself.
const SHELL_BINARY = unwrapBrowser(SHELL);
const hasShell = existsSync(SHELL);
// No Puppeteer downloads: an empty cache, so only the system's browsers are found.
const emptyCache = () => mkdtempSync(join(tmpdir(), "briefdeck-puppeteer-"));
const env = (more: Record<string, string> = {}) => ({ PUPPETEER_CACHE_DIR: emptyCache(), ...more });

describe("browser discovery", () => {
  it.runIf(hasShell && FULL_CHROMIUM !== undefined)(
    "prefers the system's Chrome Headless Shell to full Chromium, whatever the listing order",
    async () => {
      const listed = env({ BRIEFDECK_SYSTEM_BROWSERS: `${FULL_CHROMIUM}:${SHELL}` });
      expect(await findBrowser(undefined, listed)).toEqual({
        path: SHELL_BINARY,
        source: "system",
        kind: "headless-shell",
      });
      const full = env({ BRIEFDECK_SYSTEM_BROWSERS: String(FULL_CHROMIUM) });
      expect(await findBrowser(undefined, full)).toMatchObject({ path: FULL_CHROMIUM, kind: "chrome" });
    },
  );

  it.runIf(hasShell && FULL_CHROMIUM !== undefined)(
    "--browser and PUPPETEER_EXECUTABLE_PATH come first",
    async () => {
      const withEnv = env({ PUPPETEER_EXECUTABLE_PATH: String(FULL_CHROMIUM) });
      expect(await findBrowser(undefined, withEnv)).toMatchObject({
        path: FULL_CHROMIUM,
        source: "PUPPETEER_EXECUTABLE_PATH",
      });
      expect(await findBrowser(String(FULL_CHROMIUM), env())).toMatchObject({
        source: "--browser",
        kind: "chrome",
      });
    },
  );
});

describe("a Chrome too old to print a handout's margins", () => {
  it("is one before 131, the first with CSS page-margin boxes, named by its major version", () => {
    expect(tooOldChrome("HeadlessChrome/130.0.6723.58")).toBe(130);
    expect(tooOldChrome("Chrome/99.0.4844.51")).toBe(99);
    expect(tooOldChrome("Chromium/120.0.6099.0")).toBe(120);
    expect(tooOldChrome("HeadlessChrome/131.0.6778.0")).toBeUndefined();
    expect(tooOldChrome("Chrome/156.0.8078.108")).toBeUndefined();
    // A browser that names no Chrome version is not refused.
    expect(tooOldChrome("")).toBeUndefined();
    expect(tooOldChrome("Lightpanda/0.1")).toBeUndefined();
  });

  it("is refused with the fix: update or install for a launched one, another endpoint for a remote one", () => {
    expect(oldBrowserMessage("HeadlessChrome/130.0.1.2", "/opt/old-shell (--browser)", false)).toBe(
      `/opt/old-shell (--browser) is Chrome 130; briefdeck needs Chrome 131 or later to print the handout's header and footer (its marking). Fix: update it, or run ${BROWSER_INSTALL_COMMAND}`,
    );
    expect(oldBrowserMessage("Chrome/120.0.1.2", "the browser at ws://x", true)).toMatch(
      /Fix: point --browser-ws-endpoint at a newer Chrome$/,
    );
    expect(oldBrowserMessage("HeadlessChrome/156.0.8078.108", "x", false)).toBeUndefined();
  });
});

describe("briefdeck browser", () => {
  it.runIf(hasShell)("status names Chrome Headless Shell, where it came from and its version", async () => {
    const { code, stdout } = await runCli(["browser", "status"], makeProject(), env());
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^PDFs print with Chrome Headless Shell \S*chromium-headless-shell \(system\): \S/,
    );
  });

  it.runIf(FULL_CHROMIUM !== undefined)(
    "status --browser describes that browser and suggests the shell",
    async () => {
      const { code, stdout } = await runCli(
        ["browser", "status", "--browser", String(FULL_CHROMIUM)],
        makeProject(),
        env(),
      );
      expect(code).toBe(0);
      expect(stdout).toContain(`PDFs print with Chrome/Chromium ${FULL_CHROMIUM} (--browser)`);
      expect(stdout).toContain("npx briefdeck browser install");
    },
  );

  it("status with no browser exits 3 with the install command", async () => {
    const { code, stderr } = await runCli(
      ["browser", "status"],
      makeProject(),
      env({ BRIEFDECK_SYSTEM_BROWSERS: "" }),
    );
    expect(code).toBe(3);
    expect(stderr).toBe(
      "briefdeck: no Chrome or Chromium was found; one is needed to print PDFs and to check slide layout. Fix: npx briefdeck browser install\n",
    );
  });

  it.runIf(hasShell)("install finds the shell already there and changes nothing", async () => {
    const { code, stdout } = await runCli(["browser", "install"], makeProject(), env());
    expect(code).toBe(0);
    expect(stdout).toContain("Chrome Headless Shell is already here");
    expect(stdout).toContain(SHELL_BINARY);
  });

  it("an unknown action is a usage error", async () => {
    expect((await runCli(["browser", "fetch"], makeProject())).code).toBe(2);
    expect((await runCli(["browser"], makeProject())).code).toBe(2);
  });

  it("is listed in briefdeck --help", async () => {
    expect((await runCli(["--help"], makeProject())).stdout).toMatch(/browser status/);
  });
});

describe("a team's first build with no browser", () => {
  it("builds the HTML, prints the install command and exits 3", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build"], dir, env({ BRIEFDECK_SYSTEM_BROWSERS: "" }));
    expect(code).toBe(3);
    expect(stderr).toContain(
      "no Chrome or Chromium was found; one is needed to print PDFs and to check slide layout. Fix: npx briefdeck browser install\n",
    );
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
  });
});

describe.runIf(browserAvailable())("build -v", () => {
  it("says which browser printed", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "-v"], dir, env());
    expect(code, stderr).toBe(0);
    const expected = hasShell
      ? `printed with Chrome Headless Shell ${SHELL_BINARY} (system)`
      : "printed with Chrome/Chromium";
    expect(stderr).toContain(expected);
  });
});
