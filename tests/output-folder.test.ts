import { execFile, execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { BIN } from "./cli-helpers.ts";
import { brief, makeProject, read, runCli } from "./helpers.ts";
import { pdfText } from "./pdf-helpers.ts";

const run = promisify(execFile);
const small = (title: string) =>
  brief(`  - layout: text\n    title: Slide\n    body: Some text.\n`).replace("Test brief", title);
const manifest = (dir: string, out = "dist") =>
  JSON.parse(read(join(dir, out, ".briefdeck-manifest.json"))) as { briefs: Record<string, unknown> };
const noStack = /\n\s+at .*:\d+:\d+\)?\n/;
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

describe("briefdeck deletes or replaces only files it wrote", () => {
  it("--clean keeps the outputs of briefs that exist but were not named, and of dotted slugs", async () => {
    const dir = makeProject({
      "briefs/alpha.yaml": small("Alpha"),
      "briefs/bravo.yaml": small("Bravo"),
      "briefs/delta.v2.yaml": small("Delta"),
    });
    expect((await runCli(["build", "--no-pdf"], dir)).code).toBe(0);
    const clean = await runCli(["build", "briefs/alpha.yaml", "--no-pdf", "--clean"], dir);
    expect(clean.code).toBe(0);
    expect(clean.stderr).not.toContain("removed");
    for (const name of ["alpha", "bravo", "delta.v2"])
      expect(existsSync(join(dir, `dist/${name}.html`))).toBe(true);
    expect(read(join(dir, "dist/index.html"))).toContain("delta.v2.html");

    rmSync(join(dir, "briefs/bravo.yaml"));
    const pruned = await runCli(["build", "--no-pdf", "--clean"], dir);
    expect(pruned.stderr).toContain("removed bravo.html");
    expect(existsSync(join(dir, "dist/bravo.html"))).toBe(false);
    expect(existsSync(join(dir, "dist/delta.v2.html"))).toBe(true);
  });

  it("--clean removes nothing the user put in the folder, nor an output the user changed", async () => {
    const dir = makeProject({ "briefs/alpha.yaml": small("Alpha"), "briefs/bravo.yaml": small("Bravo") });
    await runCli(["build", "--no-pdf"], dir);
    writeFileSync(join(dir, "dist/notes.html"), "mine");
    writeFileSync(join(dir, "dist/report.pdf"), "mine");
    writeFileSync(join(dir, "dist/bravo.html"), "edited by hand");
    rmSync(join(dir, "briefs/bravo.yaml"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--clean"], dir);
    expect(code).toBe(0);
    expect(stderr).toContain("kept bravo.html");
    expect(read(join(dir, "dist/notes.html"))).toBe("mine");
    expect(read(join(dir, "dist/report.pdf"))).toBe("mine");
    expect(read(join(dir, "dist/bravo.html"))).toBe("edited by hand");
  });

  it("never replaces a file it did not write, even in its own folder", async () => {
    const dir = makeProject({ "briefs/alpha.yaml": small("Alpha") });
    await runCli(["build", "--no-pdf"], dir);
    writeFileSync(join(dir, "briefs/bravo.yaml"), small("Bravo"));
    writeFileSync(join(dir, "dist/bravo.html"), "the user's own page");
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/bravo.yaml:1:1 error output-not-ours");
    expect(stderr).toContain("0 built, 1 unchanged, 1 failed");
    expect(read(join(dir, "dist/bravo.html"))).toBe("the user's own page");

    writeFileSync(join(dir, "dist/index.html"), "the user's own index");
    writeFileSync(join(dir, "briefs/alpha.yaml"), small("Alpha 2"));
    const index = await runCli(["build", "--no-pdf", "briefs/alpha.yaml"], dir);
    expect(index.stderr).toContain("index.html in the output folder was not written by briefdeck");
    expect(read(join(dir, "dist/index.html"))).toBe("the user's own index");
  });

  it("a tampered manifest cannot make --clean delete or replace a file outside the folder", async () => {
    const dir = makeProject({ "briefs/alpha.yaml": small("Alpha") });
    await runCli(["build", "--no-pdf"], dir);
    writeFileSync(join(dir, "victim.html"), "the user's page");
    const { createHash } = await import("node:crypto");
    const sha256 = createHash("sha256").update("the user's page").digest("hex");
    const path = join(dir, "dist/.briefdeck-manifest.json");
    const tampered = JSON.parse(read(path));
    tampered.briefs["../victim"] = {
      ...tampered.briefs.alpha,
      name: "../victim",
      source: join(dir, "briefs/gone.yaml"),
      outputs: { "../victim.html": { kind: "deck", key: "k", sha256 } },
    };
    tampered.briefs.alpha.outputs["../victim.html"] = { kind: "deck", key: "k", sha256 };
    writeFileSync(path, JSON.stringify(tampered));
    const { code } = await runCli(["build", "--no-pdf", "--clean", "--force"], dir);
    expect(code).toBe(0);
    expect(read(join(dir, "victim.html"))).toBe("the user's page");
  });

  it.each([
    [".", "is the project folder"],
    ["briefs", "holds briefs"],
    ["..", "is the project folder or holds it"],
    ["site", "already holds files that briefdeck did not write"],
    ["afile", "is a file, not a folder"],
  ])("refuses --out %s with exit 2 and touches nothing", async (out, message) => {
    const dir = makeProject({ "briefs/alpha.yaml": small("Alpha"), "briefs/readme.html": "mine" });
    writeFileSync(join(dir, "notes.html"), "mine");
    writeFileSync(join(dir, "afile"), "mine");
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "site/index.html"), "mine");
    for (const args of [
      ["--out", out],
      ["--out", out, "--clean"],
    ]) {
      const { code, stderr } = await runCli(["build", "--no-pdf", ...args], dir);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(noStack);
    }
    expect(read(join(dir, "notes.html"))).toBe("mine");
    expect(read(join(dir, "afile"))).toBe("mine");
    expect(read(join(dir, "site/index.html"))).toBe("mine");
    expect(read(join(dir, "briefs/readme.html"))).toBe("mine");
    expect(existsSync(join(dir, ".briefdeck-output"))).toBe(false);
    expect(existsSync(join(dir, "site/.briefdeck-output"))).toBe(false);
  });

  it("build --watch --out . is refused instead of never rebuilding", async () => {
    const dir = makeProject({ "briefs/alpha.yaml": small("Alpha") });
    const { code, stderr } = await runCli(["build", "--watch", "--no-pdf", "--out", "."], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("is the project folder");
  });
});

describe("a moved, copied or tampered output folder", () => {
  it("--clean after the project moved keeps the outputs of briefs that are still there", async () => {
    const dir = makeProject({ "briefs/x.yaml": small("X"), "briefs/y.yaml": small("Y") });
    await runCli(["build", "--no-pdf"], dir);
    const moved = `${dir}-moved`;
    renameSync(dir, moved);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--clean", "briefs/x.yaml"], moved);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("removed");
    expect(existsSync(join(moved, "dist/y.html"))).toBe(true);
  });

  it("a copy of the project builds into its copied output folder", async () => {
    const dir = makeProject({ "briefs/x.yaml": small("X") });
    await runCli(["build", "--no-pdf"], dir);
    const copy = `${dir}-copy`;
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, "briefs/x.yaml"), small("X, edited in the copy"));
    const { code, stderr } = await runCli(["build", "--no-pdf"], copy);
    expect(code, stderr).toBe(0);
    expect(read(join(copy, "dist/x.html"))).toContain("X, edited in the copy");
  });

  it("files adopted from an old-format manifest are never deleted by --clean", async () => {
    const dir = makeProject({ "briefs/x.yaml": small("X") });
    await runCli(["build", "--no-pdf"], dir);
    writeFileSync(join(dir, "dist/notes.html"), "my notes");
    writeFileSync(join(dir, "dist/.briefdeck-manifest.json"), '{"notes":{"file":"briefs/gone.yaml"}}');
    const { stderr } = await runCli(["build", "--no-pdf", "--clean"], dir);
    expect(stderr).toContain("kept notes.html");
    expect(read(join(dir, "dist/notes.html"))).toBe("my notes");
  });

  it("a manifest that is a FIFO is no manifest, and does not hang the build", async () => {
    const dir = makeProject({ "briefs/x.yaml": small("X") });
    await runCli(["build", "--no-pdf"], dir);
    rmSync(join(dir, "dist/.briefdeck-manifest.json"));
    execFileSync("mkfifo", [join(dir, "dist/.briefdeck-manifest.json")]);
    const { stderr } = await runCli(["build", "--no-pdf", "--force"], dir);
    // The outputs cannot be proved briefdeck's without a manifest: refused, not hung, not overwritten.
    expect(stderr).toContain("output-not-ours");
  });

  it.each([
    ["a folder where the lock goes", ".briefdeck-lock", "is not briefdeck's lock file"],
    ["a folder named like a temporary file", ".x.html.99999999.1.tmp", "1 built"],
  ])("%s is one line, never a stack trace", async (_, name, expected) => {
    const dir = makeProject({ "briefs/x.yaml": small("X") });
    await runCli(["build", "--no-pdf"], dir);
    mkdirSync(join(dir, "dist", name));
    const { stderr } = await runCli(["build", "--no-pdf", "--force"], dir);
    expect(stderr).toContain(expected);
    expect(stderr).not.toMatch(noStack);
    expect(existsSync(join(dir, "dist", name))).toBe(true);
  });

  it("an --out that is a link to nowhere is one line, exit 3", async () => {
    const dir = makeProject({ "briefs/x.yaml": small("X") });
    symlinkSync(join(dir, "nowhere"), join(dir, "out"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--out", "out"], dir);
    expect(code).toBe(3);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("does not exist");
  });
});

describe("output names never collide silently", () => {
  it("refuses a.yaml and a.yml together, and a brief named index", async () => {
    const dir = makeProject({
      "briefs/a.yaml": small("A yaml"),
      "briefs/a.yml": small("A yml"),
      "briefs/index.yaml": small("Index"),
      "briefs/ok.yaml": small("Fine"),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/a.yaml:1:1 error output-collision");
    expect(stderr).toContain("briefs/a.yml:1:1 error output-collision");
    expect(stderr).toContain("briefs/index.yaml:1:1 error output-collision");
    expect(stderr).toContain("1 built, 0 unchanged, 3 failed");
    expect(existsSync(join(dir, "dist/a.html"))).toBe(false);
    expect(read(join(dir, "dist/index.html"))).toContain("ok.html");
  });

  it("refuses a brief whose outputs another existing brief wrote", async () => {
    const dir = makeProject({ "briefs/a.yml": small("A yml") });
    await runCli(["build", "--no-pdf"], dir);
    writeFileSync(join(dir, "briefs/a.yaml"), small("A yaml"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "briefs/a.yaml"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/a.yaml:1:1 error output-collision");
    expect(stderr).toContain("a.html is already an output of briefs/a.yml");
    expect(read(join(dir, "dist/a.html"))).toContain("A yml");
  });

  it("new refuses a slug that would be the index page, or that a .yml brief already has", async () => {
    const dir = makeProject({ "briefs/taken.yml": small("Taken") });
    const index = await runCli(["new", "index"], dir);
    expect(index.code).toBe(2);
    expect(index.stderr).toContain("index.html, the index page");
    const taken = await runCli(["new", "taken"], dir);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("briefs/taken.yml already exists");
    expect(existsSync(join(dir, "briefs/index.yaml"))).toBe(false);
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

describe("input that is not a regular file, or is huge", () => {
  const hostile = async (setup: (dir: string) => void) => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    setup(dir);
    const started = Date.now();
    const result = await runCli(["build", "--no-pdf"], dir);
    return { ...result, dir, ms: Date.now() - started };
  };

  it("a FIFO is refused without waiting for a writer", async () => {
    const { code, stderr } = await hostile((dir) => {
      execFileSync("mkfifo", [join(dir, "briefs/fifo.yaml")]);
    });
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/fifo.yaml:1:1 error file-unreadable  this is a named pipe (FIFO)");
    expect(stderr).toContain("1 built, 0 unchanged, 1 failed");
  });

  it("a link to a device is refused before a byte is read", async () => {
    const { code, stderr } = await hostile((dir) => symlinkSync("/dev/zero", join(dir, "briefs/zero.yaml")));
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/zero.yaml:1:1 error file-unreadable  this is a device");
  });

  it("a 600 MB file is refused by its size", async () => {
    const { code, stderr } = await hostile((dir) => {
      execFileSync("truncate", ["-s", "600M", join(dir, "briefs/huge.yaml")]);
    });
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/huge.yaml:1:1 error file-too-large  the brief is 629145600 bytes");
  });

  it("an image that is a FIFO or huge is refused at its position", async () => {
    const body = (src: string) =>
      brief(`  - layout: text\n    title: Picture\n    body: "![a picture](${src})"\n`);
    const dir = makeProject({ "briefs/fifo.yaml": body("pipe.png"), "briefs/huge.yaml": body("huge.png") });
    execFileSync("mkfifo", [join(dir, "briefs/pipe.png")]);
    execFileSync("truncate", ["-s", "600M", join(dir, "briefs/huge.png")]);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/briefs\/fifo\.yaml:\d+:\d+ error image-not-found .*named pipe/);
    expect(stderr).toMatch(/briefs\/huge\.yaml:\d+:\d+ error image-unsupported .*larger than 10 MB/);
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
