import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { type CliChild, ensureBundle, spawnCli } from "./cli-helpers.ts";
import { makeProject } from "./helpers.ts";
import { longBrief, switchValue } from "./pdf-helpers.ts";
import { sleep } from "./serve-helpers.ts";

// A one-shot build stops the Chromium it launched as soon as its pages are done, by killing its process
// group (see stop() in src/browser/session.ts), while Node finishes the PDFs. When briefdeck exits,
// nothing of that Chromium may be running and its profile must be gone: no grace period is allowed here.

describe.runIf(browserAvailable())("the end of a build with PDFs", () => {
  beforeAll(ensureBundle);

  it("leaves no Chromium process and no profile at the moment briefdeck exits, with whole PDFs", async () => {
    const dir = makeProject({ "briefs/long.yaml": longBrief(24) });
    const cli = spawnCli(["build", "--force"], dir);
    try {
      const exit = await cli.waitExit(60_000);
      expect(exit?.code, cli.stderr()).toBe(0);
      // Read at once: an orderly close that left helpers to wind down, or a kill of the browser process
      // alone, shows here as live renderers or a zygote.
      const leftover = cli.leftover().map((p) => `${p.pid} ${switchValue(p.cmdline, "type") ?? "browser"}`);
      expect(leftover).toEqual([]);
      const started = cli.chromium();
      expect(started.length).toBeGreaterThan(0);
      const profile = started.map((p) => switchValue(p.cmdline, "user-data-dir")).find(Boolean);
      expect(profile).toMatch(/briefdeck-chromium-/);
      expect(existsSync(profile as string), `${profile} was left behind`).toBe(false);
      for (const pdf of ["long.pdf", "long.handout.pdf"]) {
        const bytes = readFileSync(join(dir, "dist", pdf));
        expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        expect(bytes.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
      }
    } finally {
      await cli.cleanup();
    }
  });

  it("a Chromium that hangs mid-print: the brief times out, and stopping that Chromium ends the build cleanly", async () => {
    const dir = makeProject({ "briefs/long.yaml": longBrief(200) });
    const cli = spawnCli(["build", "--force", "--timeout", "3"], dir);
    try {
      // Once the brief's pages are loading (a renderer has spent time on its document, so the pages are
      // taken), the browser process stops answering, as a hung Chromium does: what briefdeck sends it from
      // then on (the timed-out pages' closing) stays unread in the pipe.
      await signalWhenLoading(cli, "SIGSTOP", 10);
      const exit = await cli.waitExit(60_000);
      // Killed with that unread, Chromium resets the pipe: unheard, the reset ended briefdeck mid-build
      // with a stack trace, no summary and its profile left behind.
      expect(cli.stderr()).not.toContain("ECONNRESET");
      expect(exit, cli.stderr()).toEqual({ code: 1, signal: null });
      expect(cli.stderr()).toContain("the browser took longer than 3 s and was stopped");
      expect(cli.stderr()).toMatch(/^0 built, 0 unchanged, 1 failed: briefs\/long\.yaml/m);
      expect(cli.leftover().map((p) => `${p.pid} ${switchValue(p.cmdline, "type") ?? "browser"}`)).toEqual(
        [],
      );
      const profile = cli
        .chromium()
        .map((p) => switchValue(p.cmdline, "user-data-dir"))
        .find(Boolean);
      expect(existsSync(profile as string), `${profile} was left behind`).toBe(false);
    } finally {
      await cli.cleanup();
    }
  });
});

/** The CPU time a process has used, in clock ticks (user and system), or 0 when it has gone. */
describe.runIf(browserAvailable())("a Chromium that is killed in the middle of a build", () => {
  beforeAll(ensureBundle);

  it("is the machine's problem, not the briefs': one line, exit 3, new HTML, the last PDFs kept", async () => {
    const dir = makeProject({
      "briefs/a.yaml": longBrief(6, "First"),
      "briefs/b.yaml": longBrief(6, "Second"),
    });
    const first = spawnCli(["build"], dir);
    expect((await first.waitExit(60_000))?.code, first.stderr()).toBe(0);
    await first.cleanup();
    const pdfs = ["a.pdf", "a.handout.pdf", "b.pdf", "b.handout.pdf"];
    const before = pdfs.map((name) => readFileSync(join(dir, "dist", name)));
    writeFileSync(join(dir, "briefs/a.yaml"), longBrief(120, "First, revised"));
    writeFileSync(join(dir, "briefs/b.yaml"), longBrief(120, "Second, revised"));
    // Killed as the out-of-memory killer would, once its renderers are at work on the documents.
    const { exit, stderr } = await killBrowserMidway(["build"], dir);
    expect(exit, stderr).toEqual({ code: 3, signal: null });
    // Not an error in either brief (at its line 1), and no stack trace.
    expect(stderr, stderr).not.toContain("render-failed");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).toMatch(
      /^briefdeck: PDFs were not written: Chrome.* stopped while printing briefs\/a\.yaml, briefs\/b\.yaml \(their HTML was written; their previous PDFs are left as they were\)\. Fix: build again/m,
    );
    expect(readFileSync(join(dir, "dist/a.html"), "utf8")).toContain("First, revised");
    expect(pdfs.map((name) => readFileSync(join(dir, "dist", name)))).toEqual(before);
    // The PDFs are out of date, so the next build prints them, without --force.
    const again = spawnCli(["build"], dir);
    expect((await again.waitExit(60_000))?.code, again.stderr()).toBe(0);
    await again.cleanup();
    expect(readFileSync(join(dir, "dist/a.pdf")).equals(before[0] as Buffer)).toBe(false);
  });

  it("shut down (SIGTERM), it closes its pages before it goes: still the machine's problem, in build and check", async () => {
    const dir = makeProject({
      "briefs/a.yaml": longBrief(120, "First"),
      "briefs/b.yaml": longBrief(120, "Second"),
    });
    // Its pages close (their loads fail) a moment before its connection does: a brief's print that failed
    // then was taken for the brief's own failure (render-failed, net::ERR_ABORTED or Target closed, exit 1).
    for (const command of ["build", "check"]) {
      const { exit, stderr } = await killBrowserMidway([command], dir, "SIGTERM");
      expect(exit, stderr).toEqual({ code: 3, signal: null });
      expect(stderr, stderr).not.toContain("render-failed");
      expect(stderr).toMatch(/briefs\/a\.yaml, briefs\/b\.yaml/);
    }
  });

  it("a page that crashes (its renderer killed) fails its brief at once, saying so, not after the timeout", async () => {
    const dir = makeProject({ "briefs/a.yaml": longBrief(120, "First") });
    const cli = spawnCli(["build", "--timeout", "30"], dir);
    try {
      // The out-of-memory killer picks the biggest process: a renderer busy with a long document.
      await signalWhenLoading(cli, "SIGKILL", 5, "renderer");
      const exit = await cli.waitExit(60_000);
      expect(exit, cli.stderr()).toEqual({ code: 1, signal: null });
      // Its pages answered nothing more: the brief waited for the watchdog, then was blamed on its length.
      expect(cli.stderr()).not.toContain("took longer than");
      expect(cli.stderr()).toContain("the browser failed: its page crashed (out of memory, or killed)");
    } finally {
      await cli.cleanup();
    }
  });

  it("check: the briefs it was measuring are named in one line, exit 3, not reported invalid", async () => {
    const dir = makeProject({
      "briefs/a.yaml": longBrief(120, "First"),
      "briefs/b.yaml": longBrief(120, "Second"),
    });
    const { exit, stderr } = await killBrowserMidway(["check"], dir);
    expect(exit, stderr).toEqual({ code: 3, signal: null });
    expect(stderr, stderr).not.toContain("render-failed");
    expect(stderr).toMatch(
      /^briefdeck: slide layout and accessibility were not checked for briefs\/a\.yaml, briefs\/b\.yaml: the browser stopped while checking them/m,
    );
    // Each brief's own line says so too, not a bare "ok".
    expect(stderr).toMatch(/^ok {6}briefs\/a\.yaml \(.*; layout and accessibility not checked\)$/m);
  });
});

/** Runs the CLI and SIGKILLs (or `signal`s) its Chromium while the pages load; returns how the CLI ended. */
async function killBrowserMidway(args: string[], dir: string, signal: NodeJS.Signals = "SIGKILL") {
  const cli = spawnCli(args, dir);
  try {
    await signalWhenLoading(cli, signal, 5);
    const exit = await cli.waitExit(60_000);
    return { exit, stderr: cli.stderr() };
  } finally {
    await cli.cleanup();
  }
}

/**
 * Sends `signal` to the CLI's Chromium (its browser process, or that renderer) once a renderer has spent
 * `ticks` of CPU on a document: the pages are taken and loading.
 */
async function signalWhenLoading(
  cli: CliChild,
  signal: NodeJS.Signals,
  ticks: number,
  target: "browser" | "renderer" = "browser",
): Promise<void> {
  let browser: number | undefined;
  while (cli.exited() === undefined && browser === undefined) {
    const started = cli.chromium();
    const loading = started.find(
      (p) => switchValue(p.cmdline, "type") === "renderer" && cpuTicks(p.pid) >= ticks,
    );
    const main = started.find(
      (p) => switchValue(p.cmdline, "type") === undefined && switchValue(p.cmdline, "user-data-dir"),
    );
    if (loading !== undefined && main !== undefined) browser = target === "browser" ? main.pid : loading.pid;
    else await sleep(10);
  }
  if (browser === undefined)
    throw new Error(`the CLI ended before Chromium could be sent ${signal}:\n${cli.stderr()}`);
  process.kill(browser, signal);
}

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
