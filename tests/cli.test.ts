import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeProject, read, runCli } from "./helpers.ts";

const GOOD = "fixture:valid/every-layout.yaml";

function project() {
  return makeProject({
    "briefs/good.yaml": GOOD,
    "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
    "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
  });
}

describe("briefdeck build", () => {
  it("builds every brief in briefs/ into dist/ with an index, exit 0", async () => {
    const dir = project();
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(0);
    expect(stderr).toContain("built  briefs/good.yaml -> dist/good.html");
    expect(stderr).toMatch(/1 built, 0 unchanged, 0 failed \(\d+\.\d\d s\)/);
    expect(read(join(dir, "dist/index.html"))).toContain('href="good.html"');
    expect(existsSync(join(dir, "dist/.briefdeck-output"))).toBe(true);
  });

  it("writes to --out", async () => {
    const dir = project();
    const { code } = await runCli(["build", "--out", "site/decks", "--no-pdf"], dir);
    expect(code).toBe(0);
    expect(existsSync(join(dir, "site/decks/good.html"))).toBe(true);
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it("builds only the files named", async () => {
    const dir = makeProject({
      "briefs/a.yaml": GOOD,
      "briefs/b.yaml": GOOD,
      "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
      "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
    });
    expect((await runCli(["build", "briefs/b.yaml", "--no-pdf"], dir)).code).toBe(0);
    expect(existsSync(join(dir, "dist/a.html"))).toBe(false);
    expect(existsSync(join(dir, "dist/b.html"))).toBe(true);
  });

  it("exits 1 on an invalid brief, keeps its previous output and still builds the others", async () => {
    const dir = project();
    await runCli(["build", "--no-pdf"], dir);
    const before = read(join(dir, "dist/good.html"));
    writeFileSync(join(dir, "briefs/good.yaml"), read(join(FIXTURES, "invalid/unknown-layout.yaml")));
    writeFileSync(join(dir, "briefs/other.yaml"), read(join(FIXTURES, "invalid/unused-source.yaml")));
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'briefs/good.yaml:5:13 error unknown-layout  layout "comparsion" is not a layout',
    );
    expect(stderr).toContain("failed briefs/good.yaml");
    expect(stderr).toContain("1 built, 0 unchanged, 1 failed: briefs/good.yaml");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(read(join(dir, "dist/good.html"))).toBe(before);
    expect(existsSync(join(dir, "dist/other.html"))).toBe(true);
    const index = read(join(dir, "dist/index.html"));
    expect(index).toContain('href="good.html"');
    expect(index).toContain('href="other.html"');
  });

  it("leaves no temporary files behind", async () => {
    const dir = project();
    await runCli(["build", "--no-pdf"], dir);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("exits 1 when there are no briefs", async () => {
    const { code, stderr } = await runCli(["build"], makeProject());
    expect(code).toBe(1);
    expect(stderr).toContain("no briefs found");
  });

  it("exits 1 naming the file when a named brief does not exist", async () => {
    const { code, stderr } = await runCli(["build", "briefs/nope.yaml"], makeProject());
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/nope.yaml:1:1 error file-unreadable  the file does not exist");
  });

  it("--clean removes the outputs of deleted briefs, only in a marked folder", async () => {
    const dir = makeProject({
      "briefs/a.yaml": GOOD,
      "briefs/b.yaml": GOOD,
      "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
      "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
    });
    await runCli(["build"], dir);
    const { rmSync } = await import("node:fs");
    rmSync(join(dir, "briefs/b.yaml"));
    const { code, stderr } = await runCli(["build", "--clean"], dir);
    expect(code).toBe(0);
    expect(stderr).toContain("removed b.html");
    expect(existsSync(join(dir, "dist/b.html"))).toBe(false);
    expect(read(join(dir, "dist/index.html"))).not.toContain("b.html");

    writeFileSync(join(dir, "precious.txt"), "keep me");
    const refused = await runCli(["build", "--clean", "--out", "."], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--out . is the project folder");
    expect(read(join(dir, "precious.txt"))).toBe("keep me");
  });

  it("skips a brief whose inputs are unchanged, and rebuilds on --force or any input change", async () => {
    const dir = project();
    expect((await runCli(["build", "--no-pdf"], dir)).code).toBe(0);
    const deck = join(dir, "dist/good.html");
    const mtime = () => statSync(deck).mtimeMs;
    const first = mtime();

    const again = await runCli(["build", "--no-pdf"], dir);
    expect(again.stderr).toContain("unchanged briefs/good.yaml");
    expect(again.stderr).toContain("0 built, 1 unchanged, 0 failed");
    expect(mtime()).toBe(first);

    expect((await runCli(["build", "--no-pdf", "--force"], dir)).stderr).toContain("1 built, 0 unchanged");
    // The image the deck inlines changed: rebuild.
    writeFileSync(join(dir, "briefs/assets/lines.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("1 built, 0 unchanged");
    // A template override changes the environment: rebuild.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "tpl"));
    writeFileSync(join(dir, "tpl/theme.css"), "body { color: black; }");
    expect((await runCli(["build", "--no-pdf", "--templates", "tpl"], dir)).stderr).toContain(
      "1 built, 0 unchanged",
    );
    // The deck was deleted: rebuild.
    const { rmSync } = await import("node:fs");
    rmSync(deck);
    expect((await runCli(["build", "--no-pdf", "--templates", "tpl"], dir)).stderr).toContain(
      "1 built, 0 unchanged",
    );
    expect(existsSync(deck)).toBe(true);
  });

  it("uses --templates overrides", async () => {
    const dir = project();
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "tpl/partials"), { recursive: true });
    writeFileSync(
      join(dir, "tpl/partials/footer.hbs"),
      '<footer class="bd-footer">Custom footer {{number}}</footer>',
    );
    expect((await runCli(["build", "--templates", "tpl"], dir)).code).toBe(0);
    expect(read(join(dir, "dist/good.html"))).toContain("Custom footer 3");
  });
});

describe("usage errors exit 2", () => {
  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["build", "--bogus"], "Unknown option '--bogus'"],
    [["build", "--out"], "Option '--out <value>' argument missing"],
    [["new"], "new needs a slug"],
    [["new", "Bad Slug"], "is not a valid slug"],
    [["new", "con"], "is a device name on Windows"],
    [["new", "lpt1"], "is a device name on Windows"],
    [["build", "--templates", "missing-folder"], "the templates folder missing-folder does not exist"],
    [[], "Usage: briefdeck <command>"],
  ])("%j", async (args, message) => {
    const { code, stderr } = await runCli(args, makeProject());
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe("other commands", () => {
  it("--help prints each command's usage to stdout, exit 0", async () => {
    for (const command of ["build", "check", "new", "schema"]) {
      const { code, stdout } = await runCli([command, "--help"], makeProject());
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: briefdeck ${command}`);
    }
    expect((await runCli(["--help"], makeProject())).stdout).toContain("Commands:");
  });

  it("check reports problems without writing anything", async () => {
    const dir = makeProject({
      "briefs/bad.yaml": "fixture:invalid/unknown-citation.yaml",
      "briefs/warn.yaml": "fixture:invalid/unused-source.yaml",
    });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/bad.yaml:9:36 error unknown-citation");
    expect(stderr).toContain("briefs/warn.yaml:5:3 warning unused-source");
    expect(stderr).toContain("1 ok, 1 invalid");
    expect(existsSync(join(dir, "dist"))).toBe(false);
    expect((await runCli(["check", "briefs/warn.yaml"], dir)).code).toBe(0);
  });

  it("check --no-browser still tries a --templates folder by rendering with it", async () => {
    const dir = makeProject({
      "briefs/good.yaml": GOOD,
      "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
      "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
    });
    mkdirSync(join(dir, "tpl", "layouts"), { recursive: true });
    writeFileSync(join(dir, "tpl", "layouts", "section.hbs"), "<h2>{{titel}}</h2>");
    const plain = await runCli(["check", "--no-browser"], dir);
    expect(plain.code, plain.stderr).toBe(0);
    const broken = await runCli(["check", "--no-browser", "--templates", "tpl"], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("error template-error");
    expect(broken.stderr).toContain('"titel" not defined');
  });

  it("new scaffolds a brief that builds, and will not overwrite one", async () => {
    const dir = makeProject();
    expect((await runCli(["new", "ceasefire-options"], dir)).code).toBe(0);
    const path = join(dir, "briefs/ceasefire-options.yaml");
    expect(read(path)).toMatch(/^# yaml-language-server: \$schema=/);
    expect(read(path)).toContain('title: "Ceasefire options"');
    // Its one warning says where the archive goes; with the archive there, nothing is left to warn about.
    const check = await runCli(["check"], dir);
    expect(check.stderr).toContain("warning quote-unverified");
    expect(check.stderr).toContain("(0 errors, 1 warning)");
    expect(check.code).toBe(0);
    mkdirSync(join(dir, "briefs/sources"));
    writeFileSync(
      join(dir, "briefs/sources/example.html"),
      "<p>Before. <em>The exact words</em> of the source,\ncopied from the archive.</p>",
    );
    writeFileSync(
      path,
      read(path).replace("# archive: sources/example.html", "archive: sources/example.html"),
    );
    const archived = await runCli(["check"], dir);
    expect(archived.stderr).toContain("(0 errors, 0 warnings)");
    expect(archived.code).toBe(0);
    const again = await runCli(["new", "ceasefire-options"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it("schema prints the JSON Schema, the same as schema/brief.schema.json", async () => {
    const { code, stdout } = await runCli(["schema"], makeProject());
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.required).toEqual(["title", "slides"]);
    expect(stdout).toBe(readFileSync(join(import.meta.dirname, "../schema/brief.schema.json"), "utf8"));
  });
});
