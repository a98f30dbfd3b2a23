import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, read, runCli } from "./helpers.ts";
import { noStack, small } from "./output-helpers.ts";

// What briefdeck may delete or replace in its output folder: only the files it wrote, even when the
// folder was moved, copied or tampered with, and never one another brief's outputs own.

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
    const { code, stderr } = await runCli(["build", "--no-pdf", "--force"], dir);
    // The outputs cannot be proved briefdeck's without a manifest: refused, not hung, not overwritten.
    expect(stderr).toMatch(
      /manifest\.json cannot be read \(this is a named pipe \(FIFO\), not a regular file\)/,
    );
    expect(code).toBe(3);
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
