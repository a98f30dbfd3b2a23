import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { BIN } from "./cli-helpers.ts";
import { brief, makeProject, read, runCli } from "./helpers.ts";
import { noStack, small } from "./output-helpers.ts";
import { pdfText } from "./pdf-helpers.ts";

// How the output folder is written: a brief counts as unchanged only when all its outputs are current,
// builds at once keep one manifest and index, and a full or read-only disk fails cleanly.

const run = promisify(execFile);
const manifest = (dir: string, out = "dist") =>
  JSON.parse(read(join(dir, out, ".briefdeck-manifest.json"))) as { briefs: Record<string, unknown> };
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

describe("a brief is unchanged only when every output was written from its current input", () => {
  it.skipIf(!browserAvailable() && process.env.CI !== "true")(
    "a failed PDF step is rebuilt on the next build, and the index never links the old PDF",
    async () => {
      const dir = makeProject({ "briefs/alpha.yaml": small("First title") });
      expect((await runCli(["build"], dir)).code).toBe(0);
      writeFileSync(join(dir, "briefs/alpha.yaml"), small("Second title"));
      const failed = await runCli(["build", "--browser", "/nonexistent"], dir);
      expect(failed.code).toBe(3);
      expect(read(join(dir, "dist/alpha.html"))).toContain("Second title");
      // The deck is new and the PDFs are not: the index must not offer them as the brief.
      const index = read(join(dir, "dist/index.html"));
      expect(index).toContain('href="alpha.html"');
      expect(index).not.toContain('href="alpha.pdf"');
      expect(index).toContain("earlier version");

      const again = await runCli(["build"], dir);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain("1 built, 0 unchanged");
      expect(pdfText(join(dir, "dist/alpha.pdf"))).toContain("Second title");
      expect(read(join(dir, "dist/index.html"))).toContain('href="alpha.pdf"');
      expect((await runCli(["build"], dir)).stderr).toContain("0 built, 1 unchanged");
    },
  );

  it("an HTML-only build does not make a build with PDFs think the brief is unchanged", async () => {
    const dir = makeProject({ "briefs/alpha.yaml": small("First title") });
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("1 built");
    // A PDF build must not count the HTML-only build as current.
    const withPdf = await runCli(["build", "--browser", "/nonexistent"], dir);
    expect(withPdf.stderr).not.toContain("1 unchanged");
    expect(withPdf.code).toBe(3);
  });
});

describe("builds that run at once", () => {
  it("keep every brief in the manifest and the index", async () => {
    const names = ["a", "b", "c", "d"];
    const dir = makeProject(
      Object.fromEntries(names.map((n) => [`briefs/${n}.yaml`, small(n.toUpperCase())])),
    );
    for (let round = 0; round < 3; round++) {
      rmSync(join(dir, "out"), { recursive: true, force: true });
      await Promise.all(
        names.map((n) =>
          run(process.execPath, [BIN, "build", `briefs/${n}.yaml`, "--no-pdf", "--out", "out"], { cwd: dir }),
        ),
      );
      expect(Object.keys(manifest(dir, "out").briefs).sort()).toEqual(names);
      const index = read(join(dir, "out/index.html"));
      for (const n of names) expect(index).toContain(`href="${n}.html"`);
      expect(leftovers(join(dir, "out"))).toEqual([]);
      expect(existsSync(join(dir, "out/.briefdeck-lock"))).toBe(false);
    }
  });

  it("a lock left by a killed build is taken over", async () => {
    const dir = makeProject({ "briefs/a.yaml": small("A") });
    await runCli(["build", "--no-pdf"], dir);
    // A pid that is not running (pid_max is far below this), as a build killed mid-write leaves it.
    writeFileSync(join(dir, "dist/.briefdeck-lock"), "99999999\n");
    writeFileSync(join(dir, "dist/.a.html.99999999.1.tmp"), "half a deck");
    const { code } = await runCli(["build", "--no-pdf", "--force"], dir);
    expect(code).toBe(0);
    expect(existsSync(join(dir, "dist/.briefdeck-lock"))).toBe(false);
    expect(leftovers(join(dir, "dist"))).toEqual([]);
  });
});

const root = process.getuid?.() === 0;

describe.skipIf(!root)("a disk that is full or read-only (needs root to mount a small tmpfs)", () => {
  const mount = (args: string[]) => promisify(execFile)("mount", args);

  it("a full disk fails the brief that does not fit, and the others are still written", async () => {
    const big = brief(
      `  - layout: text\n    title: Long\n    body: |\n${`      ${"words ".repeat(60)}\n\n`.repeat(2000)}`,
    );
    const dir = makeProject({ "briefs/a.yaml": small("Small"), "briefs/b.yaml": big });
    // Measure the small deck, then give the output folder room for it (and the index) but not for b.
    const probe = await runCli(["build", "--no-pdf", "--out", "probe"], dir);
    expect(probe.code).toBe(0);
    const room = readFileSync(join(dir, "probe/a.html")).length + 64 * 1024;
    const out = join(dir, "dist");
    mkdirSync(out);
    await mount(["-t", "tmpfs", "-o", `size=${room}`, "tmpfs", out]);
    try {
      const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
      expect(stderr).toContain("built  briefs/a.yaml");
      expect(stderr).toContain("failed briefs/b.yaml");
      expect(stderr).toContain("1 built, 0 unchanged, 1 failed: briefs/b.yaml");
      expect(stderr).toMatch(/cannot write .*b\.html: no space left on the device.*\(ENOSPC\)/);
      expect(stderr).not.toMatch(noStack);
      expect(code).toBe(3);
      expect(Object.keys(manifest(dir).briefs)).toEqual(["a"]);
      expect(read(join(out, "index.html"))).toContain('href="a.html"');
      expect(existsSync(join(out, "b.html"))).toBe(false);
      expect(leftovers(out)).toEqual([]);
    } finally {
      await promisify(execFile)("umount", ["-l", out]).catch(() => undefined);
    }
  });

  it("a read-only output folder is one line, exit 3, and the old outputs stay", async () => {
    const dir = makeProject({ "briefs/a.yaml": small("Before") });
    await runCli(["build", "--no-pdf"], dir);
    const out = join(dir, "dist");
    const before = read(join(out, "a.html"));
    await mount(["--bind", out, out]);
    try {
      await mount(["-o", "remount,ro,bind", out]);
      writeFileSync(join(dir, "briefs/a.yaml"), small("After"));
      const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
      expect(code).toBe(3);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/cannot write .*dist: the file system is read-only.*\(EROFS\)/);
      expect(read(join(out, "a.html"))).toBe(before);
    } finally {
      await promisify(execFile)("umount", ["-l", out]).catch(() => undefined);
    }
  });
});
