import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { type CliChild, spawnCli, useCli } from "./cli-helpers.ts";
import { makeProject } from "./helpers.ts";
import { isAlive, killBrowser, squash } from "./pdf-helpers.ts";
import {
  BACKGROUND_TITLE,
  coalitionProject,
  httpRequest,
  portOpen,
  SLUG,
  sleep,
  waitFor,
  withBackgroundTitle,
} from "./serve-helpers.ts";

// `briefdeck serve` as a user runs it: the real CLI in a child process, stopped with a real Ctrl-C.

/** Waits for the "serving N brief(s) at URL" line and returns the port. */
async function servingPort(cli: CliChild): Promise<number> {
  const match = await waitFor("the serving line", () => {
    if (cli.exited() !== undefined) throw new Error(`serve exited early:\n${cli.stderr()}`);
    return /serving (\d+) brief\(s\) at http:\/\/127\.0\.0\.1:(\d+)\/ /.exec(cli.stderr()) ?? undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${cli.stderr()}`);
  });
  expect(match[1]).toBe("1");
  return Number(match[2]);
}

function pdfTextOf(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), "briefdeck-serve-pdf-")), "slides.pdf");
  writeFileSync(file, bytes);
  return squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
}

async function deckContains(port: number, text: string): Promise<boolean> {
  const response = await httpRequest(port, `/${SLUG}.html`);
  return response.status === 200 && response.body.toString().includes(text);
}

const clis = useCli();

describe.runIf(browserAvailable())("briefdeck serve, the real CLI, with a browser", () => {
  it("survives a broken save, prints a PDF on demand, and Ctrl-C leaves no Chromium and no listener", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const good = readFileSync(brief, "utf8");
    const cli = clis.spawn(["serve", "--port", "0"], dir);
    const port = await servingPort(cli);
    expect((await httpRequest(port, "/")).status).toBe(200);

    // A broken save: reported, served as the last good deck, the same process keeps serving.
    writeFileSync(
      brief,
      good.replace(`    title: ${BACKGROUND_TITLE}\n`, `    title: ${BACKGROUND_TITLE}: broken\n`),
    );
    await waitFor("the error on the index", async () =>
      (await httpRequest(port, "/")).body.toString().includes("1 error"),
    );
    // The terminal's copy arrives through a pipe, possibly after the index already shows the error.
    await waitFor("the error on the terminal", () =>
      new RegExp(`briefs/${SLUG}\\.yaml:\\d+:\\d+`).test(cli.stderr()),
    );
    // The terminal shows the problem once for the change, not once per request or per page.
    await httpRequest(port, `/${SLUG}.html`);
    await sleep(300);
    const reports = cli.stderr().match(new RegExp(`briefs/${SLUG}\\.yaml:\\d+:\\d+ error`, "g")) ?? [];
    expect(reports.length, cli.stderr()).toBe(1);
    expect(await deckContains(port, `>${BACKGROUND_TITLE}</h2>`)).toBe(true);
    writeFileSync(brief, withBackgroundTitle(good, "Printed after the fix"));
    await waitFor("the fixed deck", () => deckContains(port, "Printed after the fix"));
    expect(cli.exited()).toBeUndefined();

    // The PDF is printed on demand by a browser the server keeps warm, from the current brief.
    const pdf = await httpRequest(port, `/${SLUG}.pdf`);
    expect(pdf.status, pdf.body.toString().slice(0, 500)).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = join(mkdtempSync(join(tmpdir(), "briefdeck-serve-pdf-")), "slides.pdf");
    writeFileSync(file, pdf.body);
    expect(squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }))).toContain(
      "Printed after the fix",
    );
    expect(cli.chromium().length).toBeGreaterThan(0);

    cli.child.kill("SIGINT");
    const exit = await cli.waitExit(30_000);
    expect(exit, `serve did not exit within 30 s of SIGINT:\n${cli.stderr()}`).toBeDefined();
    const { code, signal } = exit as { code: number | null; signal: NodeJS.Signals | null };
    // serve stops itself: server, watcher and the warm browser closed, then a normal exit.
    expect({ code, signal }, cli.stderr()).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toContain("stopped");
    expect(cli.stderr()).not.toMatch(/internal error|Unhandled|TypeError|at .*\.cjs:\d+/);
    expect(await portOpen(port)).toBe(false);
    // Chromium closes before the CLI exits; allow a moment for its helpers to go.
    for (let i = 0; i < 50 && cli.leftover().length > 0; i++) await sleep(100);
    expect(cli.leftover().map((p) => `${p.pid} ${(p.cmdline[0] ?? "").slice(0, 100)}`)).toEqual([]);
  });
  it("replaces a warm browser that died: the next PDF is printed by a new one", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const cli = clis.spawn(["serve", "--port", "0"], dir);
    const port = await servingPort(cli);
    expect((await httpRequest(port, `/${SLUG}.pdf`)).status, cli.stderr()).toBe(200);

    // Chromium dies under the server (a crash, the OOM killer, a stray kill).
    const killed = killBrowser(cli);
    await waitFor("the killed Chromium to be gone", () => !isAlive(killed));

    // A new revision, so the PDF is printed again rather than served from the cache.
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Printed by a new browser"));
    await waitFor("the rebuilt deck", () => deckContains(port, "Printed by a new browser"));
    const pdf = await httpRequest(port, `/${SLUG}.pdf`);
    expect(pdf.status, pdf.body.toString().slice(0, 500)).toBe(200);
    expect(pdfTextOf(pdf.body)).toContain("Printed by a new browser");
    expect(cli.exited()).toBeUndefined();
  });
});

describe.runIf(browserAvailable())("serve's PDFs after a save", () => {
  const clis = useCli();

  it("prints a downloaded brief's PDFs again as soon as it is rebuilt, before anyone asks", async () => {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const cli = clis.spawn(["serve", "--port", "0"], dir);
    const port = await servingPort(cli);
    const printedLines = () =>
      (cli.stderr().match(/^printed \S+\.pdf and \S+\.handout\.pdf \(\d+ ms\)$/gm) ?? []).length;
    expect((await httpRequest(port, `/${SLUG}.pdf`)).status, cli.stderr()).toBe(200);
    expect(printedLines()).toBe(1);

    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Printed before it was asked for"));
    await waitFor("the reprint after the save", () => printedLines() === 2, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${cli.stderr()}`);
    });
    const pdf = await httpRequest(port, `/${SLUG}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdfTextOf(pdf.body)).toContain("Printed before it was asked for");
    // Served from that print: no third one.
    expect(printedLines()).toBe(2);
  });
});

describe("briefdeck serve, the real CLI", () => {
  it("Ctrl-C before any PDF exits cleanly (code 0) and frees the port", async () => {
    const dir = coalitionProject();
    const cli = clis.spawn(["serve", "--port", "0"], dir);
    const port = await servingPort(cli);
    cli.child.kill("SIGINT");
    const exit = await cli.waitExit(30_000);
    expect(exit, cli.stderr()).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toContain("stopped");
    expect(await portOpen(port)).toBe(false);
    expect(cli.chromium()).toEqual([]);
  });

  it("keeps serving when an editor drops a lock file into the templates folder", async () => {
    // Emacs marks a file it is editing with a `.#name` symbolic link that points nowhere; in an override
    // folder's partials/ it ends in .hbs like a partial. The preview must not die of it.
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const templates = join(dir, "my-templates");
    mkdirSync(join(templates, "partials"), { recursive: true });
    writeFileSync(
      join(templates, "partials", "marking.hbs"),
      readFileSync(join(import.meta.dirname, "../templates/partials/marking.hbs")),
    );
    const cli = clis.spawn(["serve", "--port", "0", "--templates", "my-templates"], dir);
    const port = await servingPort(cli);
    const pid = cli.pid;

    symlinkSync(`analyst@laptop.${process.pid}:1764150000`, join(templates, "partials", ".#marking.hbs"));
    await sleep(1_000);
    expect(cli.exited(), cli.stderr()).toBeUndefined();
    expect((await httpRequest(port, "/")).status).toBe(200);

    // And it still rebuilds: the same process picks up the next save of the brief.
    writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "After the lock file"));
    await waitFor("the rebuilt deck", () => deckContains(port, "After the lock file"), 10_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\nexit: ${JSON.stringify(cli.exited())}\n${cli.stderr()}`);
      },
    );
    expect(cli.pid).toBe(pid);
    expect(cli.exited()).toBeUndefined();
  });

  it("serves the briefs briefdeck.yaml names, and a brief added to that folder", async () => {
    const brief = (title: string) => `title: ${title}\nslides:\n  - layout: title\n`;
    const dir = makeProject({ "briefdeck.yaml": "briefs: docs\n", "docs/one.yaml": brief("One") });
    const cli = clis.spawn(["serve", "--port", "0"], dir);
    const port = await servingPort(cli);
    const served = async (path: string, text: string) => {
      const response = await httpRequest(port, path);
      return response.status === 200 && response.body.toString().includes(text);
    };
    expect(await served("/one.html", "One")).toBe(true);
    writeFileSync(join(dir, "docs/one.yaml"), brief("One, saved"));
    await waitFor("the saved brief", () => served("/one.html", "One, saved"), 10_000);
    writeFileSync(join(dir, "docs/two.yaml"), brief("Two"));
    await waitFor("the new brief", () => served("/two.html", "Two"), 10_000);
  });

  it("refuses what it cannot serve: one line, exit 2 for a wrong flag, exit 3 for a taken port", async () => {
    const dir = coalitionProject();
    const blocker = createServer();
    // Held here; if something else already holds it, it is taken all the same.
    await new Promise<void>((resolve) => {
      blocker.once("error", () => resolve());
      blocker.listen(65535, "127.0.0.1", resolve);
    });
    try {
      const cases: Array<[string[], number, RegExp]> = [
        [["--templates", "/nonexistent"], 2, /the templates folder \/nonexistent does not exist/],
        [["--port", "65536"], 2, /--port must be a port number from 0 to 65535, not "65536"/],
        [["--port", "http"], 2, /--port must be a port number/],
        [["--port", "65535"], 3, /port 65535 is taken on 127\.0\.0\.1\. Fix: .*--port/],
        [["--host", "no-such-host.invalid"], 2, /--host no-such-host\.invalid is not an address/],
      ];
      for (const [args, code, message] of cases) {
        const run = spawnCli(["serve", ...args], dir);
        try {
          const exit = await run.waitExit(30_000);
          expect(exit, `serve ${args.join(" ")} did not exit:\n${run.stderr()}`).toEqual({
            code,
            signal: null,
          });
          const errors = run
            .stderr()
            .split("\n")
            // The error line; a usage error adds the general usage, whose first line is the tool's summary.
            .filter((line) => line.startsWith("briefdeck: ") && !line.includes("compile structured briefs"));
          expect(errors.length, run.stderr()).toBe(1);
          expect(errors[0], run.stderr()).toMatch(message);
          expect(run.stderr(), run.stderr()).not.toMatch(/^\s+at |Error:|ERR_/m);
        } finally {
          await run.cleanup();
        }
      }
    } finally {
      blocker.close();
    }
  });
});
