import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createProfile, profileFolder, removeStaleProfiles } from "../src/browser/profile.ts";
import { browserAvailable } from "./browser.ts";
import { BIN, type CliChild, ensureBundle, spawnCli } from "./cli-helpers.ts";
import { brief, makeProject, runCli } from "./helpers.ts";
import { longBrief, type Proc, switchValue } from "./pdf-helpers.ts";
import { sleep, waitFor } from "./serve-helpers.ts";

// Ctrl-C during `briefdeck build` must take its Chromium (and Chromium's temporary profile) with it and
// must leave the last good PDFs as they were. The real CLI runs as a child process and gets a real SIGINT.

const SLIDES = 200;

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Every Chromium process the build started, as seen while it ran. */
  started: Proc[];
  /** The temporary profile of the Chromium the build launched. */
  profile: string | undefined;
  /** Live processes of that Chromium still running a few seconds after the CLI exited. */
  leftover: Proc[];
}

/**
 * Runs `briefdeck build --force` in `dir` and sends it SIGINT: as soon as its Chromium process exists
 * ("launching"), or once Chromium is up and the deck is being printed ("printing"). Cleans up after
 * itself whatever the outcome, killing only processes this run started.
 */
async function interruptedBuild(dir: string, when: "launching" | "printing"): Promise<Interrupted> {
  const cli = spawnCli(["build", "--force"], dir);
  const browserProcess = () => browserOf(cli);
  let profile: string | undefined;
  try {
    const deadline = Date.now() + 30_000;
    // The signal goes on a positive sign, never after a fixed delay (a fast machine may have finished by
    // then): a Chromium process for "launching", a renderer for "printing". A renderer runs once Puppeteer
    // has connected and opened pages, and the 200-slide deck then takes seconds to lay out and print.
    while (cli.exited() === undefined && Date.now() < deadline) {
      const browser = browserProcess();
      profile = browser === undefined ? undefined : switchValue(browser.cmdline, "user-data-dir");
      if (when === "launching" && cli.chromium().length > 0) break;
      if (when === "printing" && profile !== undefined && printing(cli)) break;
      await sleep(10);
    }
    if (cli.exited() !== undefined)
      throw new Error(`the build ended before it could be interrupted:\n${cli.stderr()}`);
    if (cli.chromium().length === 0) throw new Error(`no Chromium was seen within 30 s:\n${cli.stderr()}`);
    cli.child.kill("SIGINT");
    const exit = await cli.waitExit(30_000);
    if (exit === undefined) throw new Error(`the build did not exit within 30 s of SIGINT:\n${cli.stderr()}`);
    // A clean exit closes Chromium before the CLI exits; allow a moment for helpers to go.
    for (let i = 0; i < 50 && cli.leftover().length > 0; i++) await sleep(100);
    return { ...exit, stderr: cli.stderr(), started: cli.chromium(), profile, leftover: cli.leftover() };
  } finally {
    await cli.cleanup();
    await sleep(200);
    if (isProfile(profile)) {
      const leftBehind = existsSync(profile);
      // Remember whether it was there before tidying it away, for the assertion.
      if (leftBehind) profilesLeft.add(profile);
      rmSync(profile, { recursive: true, force: true });
    }
  }
}

const profilesLeft = new Set<string>();

/** Whether a path is a temporary Chromium profile: briefdeck's own, or one Puppeteer made. */
function isProfile(path: string | undefined): path is string {
  return /briefdeck-chromium-|puppeteer_dev_chrome_profile/.test(path ?? "");
}

/** Whether the run's Chromium has a renderer: its pages are open. */
function printing(cli: CliChild): boolean {
  return cli.chromium().some((p) => switchValue(p.cmdline, "type") === "renderer");
}

/** The browser process (not a helper) among a run's Chromium processes. */
function browserOf(cli: CliChild): Proc | undefined {
  return cli
    .chromium()
    .find(
      (p) =>
        switchValue(p.cmdline, "user-data-dir") !== undefined && switchValue(p.cmdline, "type") === undefined,
    );
}

/** A project whose one brief (many slides, so printing takes a while) has been built once, fully. */
async function builtProject() {
  const dir = makeProject({ "briefs/long.yaml": longBrief(SLIDES) });
  const first = await runCli(["build"], dir);
  expect(first.code, first.stderr).toBe(0);
  const files = ["long.html", "long.pdf", "long.handout.pdf"];
  const before = new Map(files.map((f) => [f, readFileSync(join(dir, "dist", f))]));
  // Change the brief, so a build that completed would write different bytes.
  writeFileSync(join(dir, "briefs/long.yaml"), longBrief(SLIDES, "Long brief, second edition"));
  return { dir, files, before };
}

function expectUntouched(project: Awaited<ReturnType<typeof builtProject>>) {
  for (const file of project.files) {
    const now = readFileSync(join(project.dir, "dist", file));
    expect(Buffer.compare(now, project.before.get(file) as Buffer), `dist/${file} changed`).toBe(0);
  }
  expect(readdirSync(join(project.dir, "dist")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
}

describe.runIf(browserAvailable())("SIGINT during a build", () => {
  beforeAll(ensureBundle);

  it("while printing: exits on the signal, leaves no Chromium, no profile, and the old PDFs", async () => {
    const project = await builtProject();
    const run = await interruptedBuild(project.dir, "printing");
    expect(run.started.length).toBeGreaterThan(0);
    expect(run.signal === "SIGINT" || run.code === 130, `exit ${run.code}/${run.signal}\n${run.stderr}`).toBe(
      true,
    );
    expect(run.leftover.map((p) => `${p.pid} ${(p.cmdline[0] ?? "").slice(0, 100)}`)).toEqual([]);
    expect(run.profile).toBeDefined();
    expect(profilesLeft.has(run.profile as string), `${run.profile} was left behind`).toBe(false);
    expectUntouched(project);
  });

  it("while Chromium is still starting: the same, nothing left behind", async () => {
    const project = await builtProject();
    const run = await interruptedBuild(project.dir, "launching");
    expect(run.started.length).toBeGreaterThan(0);
    expect(run.signal === "SIGINT" || run.code === 130, `exit ${run.code}/${run.signal}\n${run.stderr}`).toBe(
      true,
    );
    expect(run.leftover.map((p) => `${p.pid} ${(p.cmdline[0] ?? "").slice(0, 100)}`)).toEqual([]);
    if (run.profile !== undefined) {
      expect(profilesLeft.has(run.profile), `${run.profile} was left behind`).toBe(false);
    }
    expectUntouched(project);
  });

  it("SIGKILL while printing: Chromium goes with the build, and the next build removes its profile", async () => {
    const project = await builtProject();
    // A temporary folder of its own: a build in another test file would remove the killed build's profile
    // (its owner is dead) before this one could see it there.
    const env = { TMPDIR: mkdtempSync(join(tmpdir(), "briefdeck-killed-")) };
    const cli = spawnCli(["build", "--force"], project.dir, env);
    let profile: string | undefined;
    try {
      await waitFor("the build to be printing", () => {
        if (cli.exited() !== undefined) throw new Error(`the build ended first:\n${cli.stderr()}`);
        profile = switchValue(browserOf(cli)?.cmdline ?? [], "user-data-dir");
        return profile !== undefined && printing(cli);
      });
      expect(cli.exited(), "the build ended before it could be killed").toBeUndefined();
      cli.child.kill("SIGKILL");
      expect(await cli.waitExit(10_000)).toEqual({ code: null, signal: "SIGKILL" });
      // Nothing can clean up after SIGKILL but Chromium itself: it exits when its DevTools pipe closes.
      await waitFor("the run's Chromium to exit", () => cli.leftover().length === 0, 10_000).catch(() => {
        throw new Error(
          `Chromium outlived the killed build:\n${cli
            .leftover()
            .map((p) => `${p.pid} ${(p.cmdline[0] ?? "").slice(0, 100)}`)
            .join("\n")}`,
        );
      });
      expectUntouched(project);
      // The killed build's profile is left; the next build that starts a browser removes it.
      expect(isProfile(profile), `${profile} is not a temporary profile`).toBe(true);
      expect(existsSync(profile as string), `${profile} should still be there`).toBe(true);
      const next = spawnCli(["build", "--force"], project.dir, env);
      try {
        const exit = await next.waitExit(120_000);
        expect(exit, next.stderr()).toEqual({ code: 0, signal: null });
      } finally {
        await next.cleanup();
      }
      expect(existsSync(profile as string), `${profile} was not removed by the next build`).toBe(false);
    } finally {
      await cli.cleanup();
      if (isProfile(profile)) rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe("where Chromium's profile goes", () => {
  it.runIf(process.platform === "linux" && existsSync("/dev/shm"))(
    "in memory (/dev/shm) unless TMPDIR (or TMP) names a temporary folder, and there when the preferred one refuses",
    async () => {
      expect(profileFolder({})).toBe("/dev/shm");
      expect(profileFolder({ TMPDIR: tmpdir() })).toBe(tmpdir());
      expect(profileFolder({ TMP: tmpdir() })).toBe(tmpdir());
      const made = createProfile(join(tmpdir(), "no-such-folder"));
      try {
        expect(made.path.startsWith(join(tmpdir(), "briefdeck-chromium-"))).toBe(true);
        expect(existsSync(made.path)).toBe(true);
      } finally {
        await made.staleRemoved;
        rmSync(made.path, { recursive: true, force: true });
      }
    },
  );
});

describe("stale Chromium profiles", () => {
  it("removes only briefdeck's profile folders whose owner is dead: no live run's, no link, no other name", () => {
    const folder = mkdtempSync(join(tmpdir(), "briefdeck-profiles-"));
    // A pid that was just in use and is no longer.
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const name = (pid: number) => `briefdeck-chromium-${pid}-Ab12Cd`;
    mkdirSync(join(folder, name(dead)));
    writeFileSync(join(folder, name(dead), "Local State"), "{}");
    mkdirSync(join(folder, name(process.pid)));
    mkdirSync(join(folder, `puppeteer_dev_chrome_profile-${dead}`));
    mkdirSync(join(folder, "target"));
    symlinkSync(join(folder, "target"), join(folder, `briefdeck-chromium-${dead}-LinkXy`));
    writeFileSync(join(folder, `briefdeck-chromium-${dead}-FileXy`), "not a folder");
    // Named with this run's pid namespace, and with another's (a container sharing the folder, whose
    // pids mean nothing here): only the first is this run's to judge.
    const namespace = /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1] ?? "1";
    mkdirSync(join(folder, `briefdeck-chromium-${namespace}.${dead}-Ns12Cd`));
    mkdirSync(join(folder, `briefdeck-chromium-9${namespace}.${dead}-Ot12Cd`));
    expect(removeStaleProfiles(folder).sort()).toEqual(
      [join(folder, name(dead)), join(folder, `briefdeck-chromium-${namespace}.${dead}-Ns12Cd`)].sort(),
    );
    expect(readdirSync(folder).sort()).toEqual(
      [
        `briefdeck-chromium-${dead}-FileXy`,
        `briefdeck-chromium-${dead}-LinkXy`,
        `briefdeck-chromium-9${namespace}.${dead}-Ot12Cd`,
        name(process.pid),
        `puppeteer_dev_chrome_profile-${dead}`,
        "target",
      ].sort(),
    );
  });
});

describe.runIf(browserAvailable())("stale Chromium profiles, in a build", () => {
  it("a build with PDFs removes a dead run's profile (listed while Chromium starts) and its own", () => {
    ensureBundle();
    // The build's temporary folder: only this test's files are in it.
    const temporary = mkdtempSync(join(tmpdir(), "briefdeck-tmp-"));
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const stale = join(temporary, `briefdeck-chromium-${dead}-Ab12Cd`);
    mkdirSync(stale);
    writeFileSync(join(stale, "Local State"), "{}");
    const project = makeProject({ "briefs/a.yaml": brief("  - layout: text\n    title: T\n    body: B\n") });
    const run = spawnSync(process.execPath, [BIN, "build"], {
      cwd: project,
      env: { ...process.env, TMPDIR: temporary },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(project, "dist/a.pdf"))).toBe(true);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
