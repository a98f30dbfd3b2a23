import { type ChildProcess, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { type CliChild, readIfThere, useCli } from "./cli-helpers.ts";
import { makeProject, ROOT } from "./helpers.ts";
import { isAlive, killBrowser, longBrief, pdfText, processes, switchValue } from "./pdf-helpers.ts";
import {
  BACKGROUND_TITLE,
  coalitionProject,
  SLUG,
  sleep,
  waitFor,
  withBackgroundTitle,
} from "./serve-helpers.ts";

// `briefdeck build --watch` as a user runs it: the real CLI in a child process, stopped with Ctrl-C.

/** How many build summaries ("N built, M unchanged, K failed") the CLI has printed. */
function builds(cli: CliChild): number {
  return [...cli.stderr().matchAll(/^\d+ built, \d+ unchanged, \d+ failed/gm)].length;
}

async function watching(cli: CliChild, timeout = 60_000): Promise<void> {
  await waitFor(
    "watching for changes",
    () => {
      if (cli.exited() !== undefined)
        throw new Error(`build --watch exited: ${JSON.stringify(cli.exited())}`);
      return cli.stderr().includes("watching for changes");
    },
    timeout,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${cli.stderr()}`);
  });
}

/** A brief of one title slide. */
const titleOnly = (title: string) => `title: ${title}\nslides:\n  - layout: title\n`;

const clis = useCli();

describe("build --watch --no-pdf", () => {
  it("rebuilds the deck on a save, survives a broken save, exits on Ctrl-C", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const html = join(dir, "dist", `${SLUG}.html`);
    const good = readFileSync(brief, "utf8");
    const cli = clis.spawn(["build", "--watch", "--no-pdf"], dir);
    await watching(cli);
    expect(readIfThere(html)).toContain(`>${BACKGROUND_TITLE}</h2>`);
    expect(builds(cli)).toBe(1);

    writeFileSync(brief, withBackgroundTitle(good, "Watched and rebuilt"));
    await waitFor("the rebuilt deck", () => readIfThere(html)?.includes("Watched and rebuilt"));
    await waitFor("the second build's summary", () => builds(cli) === 2);

    // A broken save is reported; the last good deck stays; the watch goes on.
    const before = readFileSync(html);
    writeFileSync(
      brief,
      good.replace(`    title: ${BACKGROUND_TITLE}\n`, `    title: ${BACKGROUND_TITLE}: broken\n`),
    );
    await waitFor("the failed build", () => builds(cli) === 3);
    expect(cli.stderr()).toMatch(new RegExp(`briefs/${SLUG}\\.yaml:\\d+:\\d+`));
    expect(cli.stderr()).toContain(`failed briefs/${SLUG}.yaml`);
    expect(readFileSync(html).equals(before)).toBe(true);
    expect(cli.exited()).toBeUndefined();
    writeFileSync(brief, withBackgroundTitle(good, "Fixed while watching"));
    await waitFor("the fixed deck", () => readIfThere(html)?.includes("Fixed while watching"));

    cli.child.kill("SIGINT");
    const exit = await cli.waitExit(30_000);
    expect(exit, `build --watch did not exit within 30 s of SIGINT:\n${cli.stderr()}`).toEqual({
      code: 0,
      signal: null,
    });
    expect(cli.chromium()).toEqual([]);
  });

  it("ignores its own output folder, even inside a folder it watches (--out inside --templates)", async () => {
    // dist/ is never watched; an output folder inside the (recursively watched) templates folder is, and
    // only the output filter keeps the build's own writes from starting the next build.
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    mkdirSync(join(dir, "tpl"));
    const out = join(dir, "tpl", "out");
    const cli = clis.spawn(["build", "--watch", "--no-pdf", "--templates", "tpl", "--out", "tpl/out"], dir);
    await watching(cli);
    expect(builds(cli)).toBe(1);

    writeFileSync(
      brief,
      withBackgroundTitle(readFileSync(brief, "utf8"), "Written into the templates folder"),
    );
    await waitFor("the rebuilt deck", () =>
      readIfThere(join(out, `${SLUG}.html`))?.includes("Written into the templates folder"),
    );
    await waitFor("the second build's summary", () => builds(cli) === 2);
    // The deck, index and manifest it just wrote, and anything else in the output folder, start no build.
    writeFileSync(join(out, "notes.txt"), "not an input\n");
    writeFileSync(join(out, "index.html"), `${readFileSync(join(out, "index.html"), "utf8")}\n`);
    await sleep(1_000);
    expect(builds(cli), cli.stderr()).toBe(2);

    // The folder is watched all the same: a file beside the output folder starts a build.
    writeFileSync(join(dir, "tpl", "notes.txt"), "beside the templates\n");
    await waitFor("the third build's summary", () => builds(cli) === 3);
  });

  it("watches the briefs briefdeck.yaml names: a save rebuilds, and a brief added to that folder is built", async () => {
    const dir = makeProject({ "briefdeck.yaml": "briefs: docs\n", "docs/one.yaml": titleOnly("One") });
    const cli = clis.spawn(["build", "--watch", "--no-pdf"], dir);
    await watching(cli);
    writeFileSync(join(dir, "docs/one.yaml"), titleOnly("One, saved"));
    await waitFor("the saved brief's deck", () =>
      readIfThere(join(dir, "dist/one.html"))?.includes("One, saved"),
    );
    writeFileSync(join(dir, "docs/two.yaml"), titleOnly("Two"));
    await waitFor("the new brief's deck", () => readIfThere(join(dir, "dist/two.html"))?.includes("Two"));
  });

  it("watches a brief named on its command line, outside briefs/", async () => {
    const dir = makeProject({ "elsewhere/one.yaml": titleOnly("One") });
    const cli = clis.spawn(["build", "elsewhere/one.yaml", "--watch", "--no-pdf"], dir);
    await watching(cli);
    writeFileSync(join(dir, "elsewhere/one.yaml"), titleOnly("One, saved"));
    await waitFor("the saved brief's deck", () =>
      readIfThere(join(dir, "dist/one.html"))?.includes("One, saved"),
    );
  });

  it("keeps watching when an editor drops a lock file into the templates folder", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const html = join(dir, "dist", `${SLUG}.html`);
    const templates = join(dir, "my-templates");
    mkdirSync(join(templates, "partials"), { recursive: true });
    writeFileSync(
      join(templates, "partials", "marking.hbs"),
      readFileSync(join(ROOT, "templates/partials/marking.hbs")),
    );
    const cli = clis.spawn(["build", "--watch", "--no-pdf", "--templates", "my-templates"], dir);
    await watching(cli);
    // Emacs's lock file for partials/marking.hbs: a symbolic link that points nowhere.
    symlinkSync(`analyst@laptop.${process.pid}:1764150000`, join(templates, "partials", ".#marking.hbs"));
    await sleep(1_000);
    expect(cli.exited(), cli.stderr()).toBeUndefined();
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "After the lock file"));
    await waitFor("the rebuilt deck", () => readIfThere(html)?.includes("After the lock file"), 10_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\nexit: ${JSON.stringify(cli.exited())}\n${cli.stderr()}`);
      },
    );
  });
});

describe.runIf(browserAvailable())("build --watch with PDFs", () => {
  it("re-prints the PDF on a save with one warm browser, and Ctrl-C leaves no Chromium", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const pdf = join(dir, "dist", `${SLUG}.pdf`);
    const cli = clis.spawn(["build", "--watch"], dir);
    await watching(cli, 120_000);
    expect(existsSync(pdf), cli.stderr()).toBe(true);
    expect(pdfText(pdf)).toContain("three principles are not passivity");
    const printedAt = statSync(pdf).mtimeMs;

    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Reprinted while watching"));
    await waitFor(
      "the re-printed PDF",
      () => {
        if (!existsSync(pdf) || statSync(pdf).mtimeMs === printedAt) return false;
        return pdfText(pdf).includes("Reprinted while watching");
      },
      120_000,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cli.stderr()}`);
    });
    expect(pdfText(join(dir, "dist", `${SLUG}.handout.pdf`))).toContain("Reprinted while watching");

    // One browser served both builds: every Chromium process of the run shares one profile. (Counting
    // processes without --type= is racy: a freshly forked helper briefly carries the browser's command line.)
    const profiles = new Set(
      cli
        .chromium()
        .map((p) => switchValue(p.cmdline, "user-data-dir"))
        .filter(Boolean),
    );
    expect([...profiles].length, [...profiles].join("\n")).toBe(1);

    // Ctrl-C right after a save (most likely mid-rebuild): a rebuild under way finishes, nothing fails,
    // and the watch stops with exit 0.
    writeFileSync(
      brief,
      readFileSync(brief, "utf8").replace("Reprinted while watching", "Saved just before Ctrl-C"),
    );
    await sleep(600);
    cli.child.kill("SIGINT");
    const exit = await cli.waitExit(30_000);
    expect(exit, `build --watch did not exit within 30 s of SIGINT:\n${cli.stderr()}`).toBeDefined();
    const { code, signal } = exit as { code: number | null; signal: NodeJS.Signals | null };
    expect({ code, signal }, cli.stderr()).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).not.toMatch(/\bfailed [a-z]/);
    expect(pdfText(pdf)).toMatch(/Reprinted while watching|Saved just before Ctrl-C/);
    for (let i = 0; i < 50 && cli.leftover().length > 0; i++) await sleep(100);
    expect(cli.leftover().map((p) => `${p.pid} ${(p.cmdline[0] ?? "").slice(0, 100)}`)).toEqual([]);
  });

  it("replaces the warm browser when it has died: the next save prints again", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const pdf = join(dir, "dist", `${SLUG}.pdf`);
    const cli = clis.spawn(["build", "--watch"], dir);
    await watching(cli, 120_000);
    expect(existsSync(pdf), cli.stderr()).toBe(true);

    const killed = killBrowser(cli);
    await waitFor("the killed Chromium to be gone", () => !isAlive(killed));
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Printed by a new browser"));
    await waitFor("the second build's summary", () => builds(cli) === 2, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${cli.stderr()}`);
    });
    expect(cli.stderr()).not.toMatch(/\bfailed [a-z]|Connection closed/);
    expect(pdfText(pdf)).toContain("Printed by a new browser");
    expect(cli.exited()).toBeUndefined();
  });

  it("replaces a warm browser that no longer answers: the next save prints again, not a timeout", async () => {
    // A Chromium that is stopped (or killed, but not yet seen to exit by Node while its helpers hold the
    // DevTools pipe open) still looks connected. It must be asked before it is used again.
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const pdf = join(dir, "dist", `${SLUG}.pdf`);
    const cli = clis.spawn(["build", "--watch", "--timeout", "8"], dir);
    await watching(cli, 120_000);
    const browser = cli.chromium().find((p) => p.ppid === cli.pid && isAlive(p.pid));
    expect(browser, cli.stderr()).toBeDefined();
    process.kill((browser as { pid: number }).pid, "SIGSTOP");
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Printed after a hang"));
    await waitFor("the second build's summary", () => builds(cli) === 2, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${cli.stderr()}`);
    });
    expect(cli.stderr()).not.toMatch(/\bfailed [a-z]|took longer than/);
    expect(pdfText(pdf)).toContain("Printed after a hang");
    // The stopped browser was let go (its group killed), not left behind.
    await waitFor("the stopped Chromium to be gone", () => !isAlive((browser as { pid: number }).pid));
  });

  // The dead browser's pid is made the next one given out (ns_last_pid, root only), as a busy machine's
  // wrapping pid counter does in time: a process that takes it must never be signalled for the browser.
  it.runIf(canChooseNextPid())(
    "never kills a process that took a dead browser's pid: the next save only starts a new browser",
    async (context) => {
      const dir = makeProject({ "briefs/short.yaml": longBrief(3) });
      const cli = clis.spawn(["build", "--watch"], dir);
      await watching(cli, 120_000);
      const dead = killBrowser(cli);
      await waitFor(
        "the dead browser's process group to be gone",
        () => !processes().some((p) => p.pid === dead || p.pgid === dead),
        30_000,
      );
      const stranger = spawnWithPid(dead);
      if (stranger === undefined) return context.skip("another process took the pid first");
      try {
        writeFileSync(join(dir, "briefs/short.yaml"), longBrief(3, "Saved after the crash"));
        await waitFor("the second build's summary", () => builds(cli) === 2, 120_000).catch(
          (error: Error) => {
            throw new Error(`${error.message}\n${cli.stderr()}`);
          },
        );
        expect(cli.stderr()).not.toMatch(/\bfailed [a-z]/);
        expect(isAlive(dead), `process ${dead}, leader of its own group, was killed`).toBe(true);
      } finally {
        stranger.kill("SIGKILL");
      }
    },
  );
});

function canChooseNextPid(): boolean {
  try {
    accessSync("/proc/sys/kernel/ns_last_pid", constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A process (leader of its own group) with the given pid, or undefined when another process took it. */
function spawnWithPid(pid: number): ChildProcess | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    writeFileSync("/proc/sys/kernel/ns_last_pid", String(pid - 1));
    const child = spawn("sleep", ["1000"], { detached: true, stdio: "ignore" });
    if (child.pid === pid) return child;
    child.kill("SIGKILL");
  }
  return undefined;
}
