import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_INSTALL_COMMAND } from "../src/browser/find-browser.ts";
import { browserAvailable } from "./browser.ts";
import { FIXTURES, makeProject, runCli } from "./helpers.ts";
import { loadBrief, pageCount } from "./pdf-helpers.ts";

// When no PDF may be made: a slide that does not fit (the build and check refuse it), or no browser.

describe.runIf(browserAvailable())("a slide that overflows", () => {
  const fixture = join(FIXTURES, "pdf/overflow.yaml");
  const overflowing = loadBrief(fixture).slides[1];

  it("fails the build with the file, slide number, title and size, leaving the old PDFs", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    // A previous good build of the same slug: the failed build must leave it alone.
    const good = readFileSync(fixture, "utf8").replace(/^( {6}- Point (?:[3-9]|\d\d),.*\n)/gm, "");
    writeFileSync(join(dir, "briefs/overflow.yaml"), good);
    const before = await runCli(["build"], dir);
    expect(before.code, before.stderr).toBe(0);
    const old = readFileSync(join(dir, "dist/overflow.pdf"));
    const oldHandout = readFileSync(join(dir, "dist/overflow.handout.pdf"));
    const oldHtml = readFileSync(join(dir, "dist/overflow.html"));

    cpSync(fixture, join(dir, "briefs/overflow.yaml"));
    const { code, stderr } = await runCli(["build"], dir);
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/overflow.yaml");
    expect(stderr).toContain("slide 2");
    expect(stderr).toContain(overflowing?.title ?? "(no title)");
    expect(stderr).toMatch(/\d+\s?px/);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ error slide-overflow/);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.pdf")), old)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.handout.pdf")), oldHandout)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "dist/overflow.html")), oldHtml)).toBe(0);
    expect(readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes no PDFs at all when there were none before", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code } = await runCli(["build"], dir);
    expect(code).toBe(1);
    expect(existsSync(join(dir, "dist/overflow.pdf"))).toBe(false);
    expect(existsSync(join(dir, "dist/overflow.handout.pdf"))).toBe(false);
  });

  it("builds with --allow-overflow, warning about the slide", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code, stderr } = await runCli(["build", "--allow-overflow"], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ warning slide-overflow/);
    expect(stderr).toContain("slide 2");
    expect(pageCount(join(dir, "dist/overflow.pdf"))).toBe(3);
    expect(pageCount(join(dir, "dist/overflow.handout.pdf"))).toBeGreaterThan(0);
  });

  it("is reported by check, which exits 1", async () => {
    const dir = makeProject({ "briefs/overflow.yaml": "fixture:pdf/overflow.yaml" });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/briefs\/overflow\.yaml:\d+:\d+ error slide-overflow/);
    expect(stderr).toContain("slide 2");
    expect(stderr).toContain(overflowing?.title ?? "(no title)");
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it("check passes a brief that fits", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["check"], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("slide-overflow");
  });
});

describe("without a browser", () => {
  it("exits 3 with the command that installs one, and still writes the HTML deck", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "--browser", "/nonexistent/chrome"], dir);
    expect(code).toBe(3);
    expect(stderr).toContain("/nonexistent/chrome");
    expect(stderr).toContain(`Fix: correct --browser, or leave it out and run ${BROWSER_INSTALL_COMMAND}`);
    expect(stderr).toContain("--no-pdf");
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
    expect(existsSync(join(dir, "dist/cyrillic.handout.pdf"))).toBe(false);
  });

  it("--no-pdf builds the HTML with exit 0 and never looks for a browser", async () => {
    const dir = makeProject({ "briefs/cyrillic.yaml": "fixture:pdf/cyrillic.yaml" });
    const { code, stderr } = await runCli(["build", "--no-pdf", "--browser", "/nonexistent/chrome"], dir);
    expect(code, stderr).toBe(0);
    expect(existsSync(join(dir, "dist/cyrillic.html"))).toBe(true);
    expect(existsSync(join(dir, "dist/cyrillic.pdf"))).toBe(false);
  });

  it("check without a browser notes that layout was not checked and goes on to report every brief", async () => {
    const dir = makeProject({
      "briefs/good.yaml": "fixture:pdf/cyrillic.yaml",
      "briefs/bad.yaml":
        "title: Bad\nslides:\n  - layout: text\n    title: T\n    body: B\n    layuot: text\n",
    });
    const { code, stderr } = await runCli(["check", "--browser", "/nonexistent/chrome"], dir);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain("note: slide layout and accessibility were not checked: ");
    expect(stderr).toContain("/nonexistent/chrome");
    expect(stderr).toMatch(/briefs\/bad\.yaml:6:5 error unknown-key/);
    expect(stderr).toContain("ok      briefs/good.yaml");
    expect(stderr).toContain("invalid briefs/bad.yaml");
    expect(stderr).toContain("1 ok, 1 invalid");
    expect(stderr).not.toMatch(/^\s+at /m);

    const alone = makeProject({ "briefs/good.yaml": "fixture:pdf/cyrillic.yaml" });
    const fine = await runCli(["check", "--browser", "/nonexistent/chrome"], alone);
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stderr).toContain("1 ok, 0 invalid");
  });
});
