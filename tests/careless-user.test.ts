import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ensureBundle } from "./cli-helpers.ts";
import { makeProject, runCli } from "./helpers.ts";
import { noStack, small } from "./output-helpers.ts";

// What a careless user or a hostile repository does to the command line, found by trying to break it.

describe("a brand that names files outside its folder", () => {
  const SECRET = "TOP-SECRET-KEY-MATERIAL";
  const outside = (brand: (secret: string) => string) => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const elsewhere = makeProject();
    writeFileSync(join(elsewhere, "id_rsa"), SECRET);
    writeFileSync(join(dir, "_brand.yml"), brand(join(elsewhere, "id_rsa")));
    return dir;
  };
  const inDeck = (dir: string) =>
    readFileSync(join(dir, "dist", "good.html"), "utf8").includes(Buffer.from(SECRET).toString("base64"));

  it("refuses a logo outside the brand's folder at its position, and inlines nothing", async () => {
    const dir = outside((secret) => `logo:\n  small: ${secret}\n`);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(
      /_brand\.yml:2:10 error brand-file-outside {2}.*id_rsa is outside the brand's folder/,
    );
    expect(code).toBe(1);
    expect(() => inDeck(dir)).toThrow();
  });

  it("refuses a font reached with ../ the same way", async () => {
    const dir = outside(
      (secret) =>
        `typography:\n  fonts:\n    - family: X\n      source: file\n      files: [{ path: ../${join("..", secret)}, weight: 400 }]\n  base: X\n`,
    );
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(/_brand\.yml:5:\d+ error brand-file-outside/);
    expect(code).toBe(1);
  });
});

describe("the command line", () => {
  it("a --timeout too long for a timer is a usage error, not every PDF failing at once", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const { code, stderr } = await runCli(["build", "--timeout", "3000000"], dir);
    expect(stderr).toContain("--timeout must be a number of seconds above 0 and at most 2147483");
    expect(code).toBe(2);
    expect((await runCli(["check", "--timeout", "1e9"], dir)).code).toBe(2);
  });

  it("a brief named on the command line that is not there, or not a file, says what to do", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const { code, stderr } = await runCli(["check", "--no-browser", "briefs/god.yaml", "briefs"], dir);
    expect(stderr).toContain("briefs/god.yaml:1:1 error file-unreadable  the file does not exist");
    expect(stderr).toContain("briefs:1:1 error file-unreadable  this is a folder, not a file");
    expect(stderr.match(/hint: name a file that exists and can be read/g)).toHaveLength(2);
    expect(code).toBe(1);
  });

  it("a brief named twice, however it is spelled, is built once", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const twice = ["briefs/good.yaml", "./briefs/good.yaml", join(dir, "briefs/good.yaml")];
    const { code, stderr } = await runCli(["build", "--no-pdf", ...twice], dir);
    expect(code).toBe(0);
    expect(stderr).toContain("1 built, 0 unchanged, 0 failed");
    expect((await runCli(["check", "--no-browser", ...twice], dir)).stderr).toContain("1 ok, 0 invalid");
  });
});

describe("settings mistakes read as the user wrote them", () => {
  it("a format that does not exist is named with the list it belongs to", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    writeFileSync(join(dir, "briefdeck.yaml"), "formats: [html, docx]\n");
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toContain('briefdeck.yaml:1:17 error bad-value  "docx" is not allowed in "formats"');
    expect(stderr).toContain("hint: use one of: html, pdf, handout, pptx");
    expect(code).toBe(1);
  });

  it("a brief that is one long string is quoted in part, not printed whole", async () => {
    const dir = makeProject({ "briefs/long.yaml": "word ".repeat(20_000) });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(
      /briefs\/long\.yaml:1:1 error wrong-type {2}"brief" must be a map of keys and values, not the string "word word .*…"/,
    );
    expect(stderr.length).toBeLessThan(1000);
    expect(code).toBe(1);
  });
});

describe("the output folder's manifest", () => {
  it("a manifest that is not JSON (a merge conflict) is named with its line, and kept as it is", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    expect((await runCli(["build", "--no-pdf"], dir)).code).toBe(0);
    const manifest = join(dir, "dist", ".briefdeck-manifest.json");
    const conflict = `{\n<<<<<<< HEAD\n  "format": 2,\n=======\n>>>>>>> theirs\n}\n`;
    writeFileSync(manifest, conflict);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--force"], dir);
    expect(stderr).toMatch(
      /briefdeck: .*dist\/\.briefdeck-manifest\.json is not valid JSON \(line 2, column 1\), so briefdeck cannot tell which files in .*dist it wrote: repair it/,
    );
    expect(stderr).not.toContain("output-not-ours");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(code).toBe(3);
    expect(readFileSync(manifest, "utf8")).toBe(conflict);
    expect(readFileSync(join(dir, "dist", "good.html"), "utf8")).toContain("Good");
  });
});

describe("the environment", () => {
  const run = (script: string, dir: string) => {
    ensureBundle();
    return spawnSync("bash", ["-o", "pipefail", "-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", BIN },
    });
  };

  it("a --browser that is a folder or not a program is one line and exit 3, not a crash", () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    mkdirSync(join(dir, "chrome"));
    writeFileSync(join(dir, "chrome.txt"), "not a program");
    chmodSync(join(dir, "chrome.txt"), 0o644);
    for (const [how, what] of [
      ['node "$BIN" build --browser chrome', "it is a folder"],
      ['node "$BIN" build --browser chrome.txt', "it is not executable"],
      ['PUPPETEER_EXECUTABLE_PATH="$PWD/chrome" node "$BIN" build', "it is a folder"],
    ] as const) {
      const { status, stderr } = run(how, dir);
      expect(stderr).toMatch(new RegExp(`briefdeck: .*cannot start .*chrome.* ${what}`));
      expect(stderr).not.toMatch(noStack);
      expect(stderr).not.toContain("Unhandled");
      expect(status).toBe(3);
    }
  });

  it("a reader that goes away (| head -c 0) ends output quietly, and the build still finishes", () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const schema = run('node "$BIN" schema | head -c 0', dir);
    expect(schema.stderr).toBe("");
    expect(schema.status).toBe(0);
    const build = run('node "$BIN" build --no-pdf 2>&1 | head -c 0', dir);
    expect(build.status).toBe(0);
    expect(readFileSync(join(dir, "dist", "good.html"), "utf8")).toContain("Good");
  });
});

// A read-only bind mount (root only: chmod does not stop root), or undefined where mounting is not allowed.
function mountReadOnly(): string | undefined {
  const source = mkdtempSync(join(tmpdir(), "briefdeck-rosrc-"));
  const target = mkdtempSync(join(tmpdir(), "briefdeck-ro-"));
  const mount = (...args: string[]) => spawnSync("mount", args, { stdio: "ignore" }).status === 0;
  if (!mount("--bind", source, target)) return undefined;
  if (mount("-o", "remount,bind,ro", target)) return target;
  spawnSync("umount", [target]);
  return undefined;
}

describe("an --out the file system refuses", () => {
  // Mounted only when the test runs (a filtered run would never unmount one made while collecting).
  let readOnly: string | undefined;
  afterAll(() => {
    if (readOnly !== undefined) spawnSync("umount", [readOnly]);
  });

  it("a new folder on a read-only mount names the read-only folder, not a missing path", async (context) => {
    readOnly = mountReadOnly();
    if (readOnly === undefined) return context.skip("mounting is not allowed here (needs root)");
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const out = join(readOnly, "new", "deeper");
    const { code, stderr } = await runCli(["build", "--no-pdf", "--out", out], dir);
    expect(stderr).toBe(
      `briefdeck: cannot create a folder in ${readOnly}: the file system is read-only: build into a writable folder with --out (EROFS)\n`,
    );
    expect(code).toBe(3);
  });

  it("--out / is shown as the user gave it, not as a path relative to the project", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--out", "/"], dir);
    expect(stderr).toContain("briefdeck: --out / is the project folder or holds it");
    expect(code).toBe(2);
  });
});

describe("a templates folder that links outside itself", () => {
  it("refuses a template that is a symlink to a file outside the folder, and inlines nothing", async () => {
    // A repository's templates folder whose footer partial links to a key elsewhere: the build used to
    // copy the key into the deck, to be published with it.
    const SECRET = "TOP-SECRET-KEY-MATERIAL";
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const elsewhere = makeProject();
    writeFileSync(join(elsewhere, "id_rsa"), SECRET);
    mkdirSync(join(dir, "tpl", "partials"), { recursive: true });
    symlinkSync(join(elsewhere, "id_rsa"), join(dir, "tpl", "partials", "footer.hbs"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "tpl"], dir);
    expect(stderr).toMatch(
      /the template .*tpl\/partials\/footer\.hbs links to .*id_rsa, outside the templates folder .*tpl: copy the file into the folder/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(1);
    expect(existsSync(join(dir, "dist", "good.html"))).toBe(false);
    // A link that stays inside the folder is followed as before.
    writeFileSync(join(dir, "tpl", "shared-footer.hbs"), "<footer>{{@root.footerText}} LINKED</footer>\n");
    rmSync(join(dir, "tpl", "partials", "footer.hbs"));
    symlinkSync(join("..", "shared-footer.hbs"), join(dir, "tpl", "partials", "footer.hbs"));
    const inside = await runCli(["build", "--no-pdf", "--templates", "tpl"], dir);
    expect(inside.code, inside.stderr).toBe(0);
    expect(readFileSync(join(dir, "dist", "good.html"), "utf8")).toContain("LINKED");
  });

  it("a template that is a link to nowhere is named, not silently replaced by the built-in one", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    mkdirSync(join(dir, "tpl", "partials"), { recursive: true });
    symlinkSync(join(dir, "gone.hbs"), join(dir, "tpl", "partials", "footer.hbs"));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "tpl"], dir);
    expect(stderr).toMatch(
      /the template .*tpl\/partials\/footer\.hbs is a link to .*gone\.hbs, which does not exist/,
    );
    expect(code).toBe(1);
    expect(existsSync(join(dir, "dist", "good.html"))).toBe(false);
  });
});

describe("a browser named where there is none", () => {
  it("says to correct the path it was given, not to install a browser the path would still override", async () => {
    // `browser install` was the whole fix; a user who ran it was told the same again, since --browser
    // (or PUPPETEER_EXECUTABLE_PATH) still named the missing program.
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const flag = await runCli(["check", "--browser", "/nonexistent/chrome"], dir);
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stderr).toMatch(
      /^note: slide layout and accessibility were not checked: the browser \/nonexistent\/chrome does not exist; .*Fix: correct --browser, or leave it out and run npx briefdeck browser install$/m,
    );
    const variable = await runCli(["build"], dir, { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" });
    expect(variable.code).toBe(3);
    expect(variable.stderr).toMatch(
      /the browser \/nonexistent\/chrome does not exist; .*Fix: correct PUPPETEER_EXECUTABLE_PATH, or unset it and run npx briefdeck browser install$/m,
    );
    expect(variable.stderr).not.toMatch(/^\s+at /m);
  });
});
