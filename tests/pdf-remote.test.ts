import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, findChromium } from "./browser.ts";
import { spawnCli } from "./cli-helpers.ts";
import { makeProject, runCli } from "./helpers.ts";
import { longBrief, pageCount, pdfinfo, pdfText, runCliWithEnv } from "./pdf-helpers.ts";
import { waitFor } from "./serve-helpers.ts";

// A Chromium that briefdeck did not start (a shared pool, a container): briefdeck connects, prints, and
// disconnects, leaving it running and as it found it.

describe.runIf(browserAvailable())("printing with a browser that is already running", () => {
  let chromium: ChildProcess;
  let profile: string;
  let endpoint: string;
  let observer: Browser;
  let pagesCreated = 0;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), "briefdeck-remote-profile-"));
    chromium = spawn(
      findChromium() as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        `--user-data-dir=${profile}`,
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe"], detached: true },
    );
    endpoint = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 30_000);
      chromium.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      chromium.on("exit", (code) => reject(new Error(`Chromium exited (${code}):\n${stderr}`)));
    });
    const { default: puppeteer } = await import("puppeteer-core");
    observer = await puppeteer.connect({ browserWSEndpoint: endpoint });
    observer.on("targetcreated", (target) => {
      if (target.type() === "page") pagesCreated++;
    });
  });

  afterAll(async () => {
    await observer?.disconnect();
    if (chromium?.pid !== undefined && chromium.exitCode === null) {
      const exited = new Promise((resolve) => chromium.once("exit", resolve));
      process.kill(-chromium.pid, "SIGKILL");
      await exited;
    }
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Whether the external Chromium still runs and still answers on its endpoint. */
  async function stillRunning(): Promise<boolean> {
    if (chromium.exitCode !== null || chromium.signalCode !== null) return false;
    return (await observer.version()).length > 0;
  }

  it("builds with --browser-ws-endpoint, then leaves the browser running with no pages of ours", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const pagesBefore = (await observer.pages()).length;
    const createdBefore = pagesCreated;
    const { code, stderr } = await runCli(["build", "--browser-ws-endpoint", endpoint], dir);
    expect(code, stderr).toBe(0);
    expect(pageCount(join(dir, "dist/cyrillic.pdf"))).toBe(3);
    expect(pdfinfo(join(dir, "dist/cyrillic.pdf")).get("Page size")).toBe("960 x 540 pts");
    expect(pdfinfo(join(dir, "dist/cyrillic.handout.pdf")).get("Page size")).toBe("595.92 x 841.92 pts (A4)");
    expect(pagesCreated - createdBefore).toBeGreaterThanOrEqual(2);
    expect(await stillRunning()).toBe(true);
    expect((await observer.pages()).length).toBe(pagesBefore);
  });

  it("uses BRIEFDECK_BROWSER_WS_ENDPOINT the same way", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const createdBefore = pagesCreated;
    // No local browser could be launched: the build can only succeed through the endpoint.
    const { code, stderr } = await runCliWithEnv(["build"], dir, {
      BRIEFDECK_BROWSER_WS_ENDPOINT: endpoint,
      PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome",
    });
    expect(code, stderr).toBe(0);
    expect(pageCount(join(dir, "dist/cyrillic.pdf"))).toBe(3);
    expect(pageCount(join(dir, "dist/cyrillic.handout.pdf"))).toBeGreaterThan(0);
    expect(pagesCreated - createdBefore).toBeGreaterThanOrEqual(2);
    expect(await stillRunning()).toBe(true);
  });

  it("build --watch with --browser-ws-endpoint: Ctrl-C leaves the browser running with no pages of ours", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const brief = join(dir, "briefs/cyrillic.yaml");
    const pagesBefore = (await observer.pages()).length;
    const cli = spawnCli(["build", "--watch", "--browser-ws-endpoint", endpoint], dir);
    const summaries = () => [...cli.stderr().matchAll(/^\d+ built, \d+ unchanged, 0 failed/gm)].length;
    try {
      await waitFor("the first build", () => cli.stderr().includes("watching for changes"), 60_000);
      // A save prints again in the same browser.
      writeFileSync(brief, readFileSync(brief, "utf8").replace(/^title: .*$/m, "title: Printed again"));
      await waitFor("the second build", () => summaries() === 2, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}\n${cli.stderr()}`);
      });
      expect(pdfText(join(dir, "dist/cyrillic.pdf"))).toContain("Printed again");
      cli.child.kill("SIGINT");
      const exit = await cli.waitExit(30_000);
      expect(exit, cli.stderr()).toEqual({ code: 0, signal: null });
      expect(await stillRunning()).toBe(true);
      // The remote browser's tabs are someone else's: none of the watch's pages may be left open in it.
      expect((await observer.pages()).map((page) => page.url())).toHaveLength(pagesBefore);
    } finally {
      await cli.cleanup();
    }
  });

  it("Ctrl-C in the middle of a print leaves the browser running with no pages of ours", async () => {
    const dir = makeProject({ "briefs/long.yaml": longBrief(200) });
    const pagesBefore = (await observer.pages()).length;
    const createdBefore = pagesCreated;
    const cli = spawnCli(["build", "--browser-ws-endpoint", endpoint], dir);
    try {
      // Both of the brief's pages are open (the 200-slide deck then takes a while to print).
      await waitFor("the build's pages", () => pagesCreated - createdBefore >= 2 || cli.exited(), 60_000);
      if (cli.exited() !== undefined) throw new Error(`the build ended before Ctrl-C:\n${cli.stderr()}`);
      cli.child.kill("SIGINT");
      const exit = await cli.waitExit(30_000);
      expect(
        exit?.signal === "SIGINT" || exit?.code === 130,
        `${JSON.stringify(exit)}\n${cli.stderr()}`,
      ).toBe(true);
      expect(await stillRunning()).toBe(true);
      expect((await observer.pages()).map((page) => page.url())).toHaveLength(pagesBefore);
    } finally {
      await cli.cleanup();
    }
  });

  it("exits 3 naming an endpoint it cannot reach, and still writes the HTML", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const dead = "ws://127.0.0.1:9/devtools/browser/none";
    const { code, stderr } = await runCli(["build", "--browser-ws-endpoint", dead], dir);
    expect(code).toBe(3);
    expect(stderr).toContain(dead);
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
  });

  it("refuses an endpoint that is not a ws:// URL as a usage error", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "--browser-ws-endpoint", "http://127.0.0.1:9"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("ws://");
  });
});
