import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { copyPackage } from "./cli-helpers.ts";
import { brief, ROOT } from "./helpers.ts";

const caches = (pkg: string) => readdirSync(join(pkg, "lib")).filter((name) => name.endsWith(".cache"));

/** Builds a one-slide brief with the copied bin in a fresh project; returns the deck. */
function buildWith(pkg: string, title = "Cache test", args = ["build", "--no-pdf"]): string {
  return readFileSync(join(buildProject(pkg, title, args), "dist/a.html"), "utf8");
}

/** The same, returning the project's folder. */
function buildProject(pkg: string, title: string, args: string[]): string {
  const project = mkdtempSync(join(tmpdir(), "briefdeck-bin-project-"));
  mkdirSync(join(project, "briefs"));
  writeFileSync(
    join(project, "briefs/a.yaml"),
    brief("  - layout: text\n    title: T\n    body: B\n").replace("Test brief", title),
  );
  execFileSync(process.execPath, [join(pkg, "bin/briefdeck.cjs"), ...args], {
    cwd: project,
    env: { ...process.env, XDG_CACHE_HOME: join(pkg, "user-cache") },
    stdio: "pipe",
  });
  return project;
}

describe("the bin's code cache is an optimisation, never a requirement", () => {
  it("runs without a cache, then writes one named by the bundle's build and Node's version", () => {
    const pkg = copyPackage();
    expect(caches(pkg)).toEqual([]);
    expect(buildWith(pkg)).toContain("Cache test");
    const build = /^\/\/ briefdeck build ([0-9a-f]+)/.exec(
      readFileSync(join(pkg, "lib/briefdeck.cjs"), "utf8"),
    )?.[1];
    expect(caches(pkg)).toEqual([`briefdeck.${build}.${process.version}.cache`]);
  });

  it("a corrupt or foreign cache is rejected by V8 and replaced", () => {
    const pkg = copyPackage();
    buildWith(pkg);
    const [name = ""] = caches(pkg);
    writeFileSync(join(pkg, "lib", name), Buffer.alloc(4096, 7));
    expect(buildWith(pkg, "After garbage")).toContain("After garbage");
    expect(readFileSync(join(pkg, "lib", name)).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it("a cache made for another bundle, even of the same length, is never read", () => {
    const pkg = copyPackage();
    buildWith(pkg);
    const bundleFile = join(pkg, "lib/briefdeck.cjs");
    const text = readFileSync(bundleFile, "utf8");
    // The same length, one word changed, and a new build id: the old cache's name no longer matches.
    const changed = text
      .replace("No briefs have been built yet.", "No briefs have been BUILT yet.")
      .replace(/^\/\/ briefdeck build [0-9a-f]+/, "// briefdeck build 0123456789abcdef");
    expect(changed.length).toBe(text.length);
    writeFileSync(bundleFile, changed);
    buildWith(pkg);
    expect(caches(pkg)).toContain(`briefdeck.0123456789abcdef.${process.version}.cache`);
  });

  it("a read-only package folder keeps its cache in the user's cache folder", () => {
    const pkg = copyPackage();
    // A file where lib/'s cache would be written stops the write as a read-only folder would.
    const blocked = join(pkg, "lib");
    const build = /^\/\/ briefdeck build ([0-9a-f]+)/.exec(
      readFileSync(join(blocked, "briefdeck.cjs"), "utf8"),
    )?.[1];
    mkdirSync(join(blocked, `briefdeck.${build}.${process.version}.cache`));
    buildWith(pkg);
    expect(readdirSync(join(pkg, "user-cache", "briefdeck"))).toEqual([
      `briefdeck.${build}.${process.version}.cache`,
    ]);
  });
});

describe.skipIf(!browserAvailable() && process.env.CI !== "true")(
  "Puppeteer's own bundle (lib/puppeteer.cjs) and its code cache",
  () => {
    const build = (pkg: string) =>
      /^\/\/ puppeteer build ([0-9a-f]+)/.exec(readFileSync(join(pkg, "lib/puppeteer.cjs"), "utf8"))?.[1];

    it("prints with it, and its first build with PDFs writes its cache", () => {
      const pkg = copyPackage();
      const project = buildProject(pkg, "Printed", ["build"]);
      expect(existsSync(join(project, "dist/a.pdf"))).toBe(true);
      expect(caches(pkg)).toContain(`puppeteer.${build(pkg)}.${process.version}.cache`);
    });

    it("a run that did not print (check's layout pass) writes none: a small cache would be kept", () => {
      const pkg = copyPackage();
      const project = buildProject(pkg, "Checked", ["check"]);
      expect(caches(pkg).filter((name) => name.startsWith("puppeteer."))).toEqual([]);
      execFileSync(process.execPath, [join(pkg, "bin/briefdeck.cjs"), "build"], {
        cwd: project,
        env: { ...process.env, XDG_CACHE_HOME: join(pkg, "user-cache") },
        stdio: "pipe",
      });
      expect(caches(pkg)).toContain(`puppeteer.${build(pkg)}.${process.version}.cache`);
    });

    it("a corrupt cache of it is rejected and replaced, and the build still prints", () => {
      const pkg = copyPackage();
      buildProject(pkg, "First", ["build"]);
      const name = `puppeteer.${build(pkg)}.${process.version}.cache`;
      writeFileSync(join(pkg, "lib", name), Buffer.alloc(4096, 7));
      const project = buildProject(pkg, "After garbage", ["build"]);
      expect(readFileSync(join(project, "dist/a.html"), "utf8")).toContain("After garbage");
      expect(existsSync(join(project, "dist/a.pdf"))).toBe(true);
      expect(readFileSync(join(pkg, "lib", name)).equals(Buffer.alloc(4096, 7))).toBe(false);
    });
  },
);

describe("a cache that can be written nowhere", () => {
  it("costs only speed: the build finishes and says nothing of it", () => {
    const pkg = copyPackage();
    const build = /^\/\/ briefdeck build ([0-9a-f]+)/.exec(
      readFileSync(join(pkg, "lib/briefdeck.cjs"), "utf8"),
    )?.[1];
    // A folder where lib/'s cache would be written, and a file where the user's cache folder would be.
    mkdirSync(join(pkg, "lib", `briefdeck.${build}.${process.version}.cache`));
    writeFileSync(join(pkg, "user-cache"), "a file, not a folder");
    const project = mkdtempSync(join(tmpdir(), "briefdeck-bin-project-"));
    mkdirSync(join(project, "briefs"));
    writeFileSync(join(project, "briefs/a.yaml"), brief("  - layout: text\n    title: T\n    body: B\n"));
    const run = spawnSync(process.execPath, [join(pkg, "bin/briefdeck.cjs"), "build", "--no-pdf"], {
      cwd: project,
      env: { ...process.env, XDG_CACHE_HOME: join(pkg, "user-cache") },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/ENOTDIR|^\s+at /m);
  });
});

describe("a new build of the code", () => {
  it("rebuilds what an older build of the same version wrote, which it would otherwise call unchanged", () => {
    const pkg = copyPackage();
    const project = mkdtempSync(join(tmpdir(), "briefdeck-bin-project-"));
    mkdirSync(join(project, "briefs"));
    writeFileSync(join(project, "briefs/a.yaml"), brief("  - layout: text\n    title: T\n    body: B\n"));
    // The summary line is on stderr.
    const build = () =>
      spawnSync(process.execPath, [join(pkg, "bin/briefdeck.cjs"), "build", "--no-pdf"], {
        cwd: project,
        env: { ...process.env, XDG_CACHE_HOME: join(pkg, "user-cache") },
        encoding: "utf8",
      }).stderr;
    expect(build()).toContain("1 built");
    expect(build()).toContain("1 unchanged");
    // What scripts/bundle.mjs does to a changed bundle: a new build id on its first line.
    const bundleFile = join(pkg, "lib/briefdeck.cjs");
    const text = readFileSync(bundleFile, "utf8");
    writeFileSync(
      bundleFile,
      text.replace(/^\/\/ briefdeck build [0-9a-f]+/, "// briefdeck build 0123456789abcdef"),
    );
    expect(build()).toContain("1 built");
    // The charts' engine draws outputs too: a new build of it rebuilds as well.
    const engineFile = join(pkg, "lib/chart-engine.cjs");
    const engine = readFileSync(engineFile, "utf8");
    writeFileSync(
      engineFile,
      engine.replace(/^\/\/ chart-engine build [0-9a-f]+/, "// chart-engine build 0123456789abcdef"),
    );
    expect(build()).toContain("1 built");
    expect(build()).toContain("1 unchanged");
  });
});

describe("the bundle", () => {
  it.each(["lib/briefdeck.cjs", "lib/chart-engine.cjs"])(
    "%s is ASCII: its bin reads it as Latin-1, which is only right for ASCII",
    (file) => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const found = /[^\0-\x7f]/.exec(text);
      expect(found === null ? "ASCII" : text.slice(Math.max(0, found.index - 60), found.index + 20)).toBe(
        "ASCII",
      );
    },
  );
});
