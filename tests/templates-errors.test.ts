import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ensureBundle } from "./cli-helpers.ts";
import { makeProject, ROOT, runCli } from "./helpers.ts";

// A mistake in a --templates override is reported where it is: the template's file:line:col, a code frame
// of the template, and Handlebars' whole message, not the brief's line 1 and a message cut short.

const BULLETS = readFileSync(join(ROOT, "templates/layouts/bullets.hbs"), "utf8");

/** A project with the first brief and an override of layouts/bullets.hbs with `line` inserted as line 2. */
function projectWithBullets(line: string): string {
  // Its source's archive named where it is, so the template's error is the only thing reported.
  const brief = readFileSync(join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"), "utf8").replace(
    "archive: ../../shared/source/",
    `archive: ${join(ROOT, "../shared/source/")}`,
  );
  const dir = makeProject({ "briefs/coalition.yaml": brief });
  mkdirSync(join(dir, "my-templates", "layouts"), { recursive: true });
  const lines = BULLETS.split("\n");
  lines.splice(1, 0, line);
  writeFileSync(join(dir, "my-templates", "layouts", "bullets.hbs"), lines.join("\n"));
  return dir;
}

describe("template errors", () => {
  it("a syntax error is reported at the template's line and column, with its frame and whole message", async () => {
    const dir = projectWithBullets('<p class="oops">{{#if title}}x{{/if}</p>');
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "my-templates"], dir);
    expect(code, stderr).toBe(1);
    // The template's error, whatever the brief says besides (its quotes unverified without ../shared).
    const first = stderr.split("\n").find((l) => l.includes(" error template-error")) ?? "";
    // The lone "}" that should have been "}}" is at column 36 of line 2.
    expect(first).toMatch(/^my-templates\/layouts\/bullets\.hbs:2:36 error template-error {2}/);
    expect(first).toContain("syntax error: expecting ");
    expect(first).toContain("got 'INVALID'");
    expect(stderr).toContain(`> 2 | <p class="oops">{{#if title}}x{{/if}</p>\n    |${" ".repeat(36)}^`);
    expect(stderr).not.toContain("coalition.yaml:1:1");
    expect(stderr).not.toContain("Parse error on line");
  });

  it("a missing partial names the template that asked for it, at the call", async () => {
    const dir = projectWithBullets("  <p>{{> signature-block}}</p>");
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "my-templates"], dir);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(
      'my-templates/layouts/bullets.hbs:2:6 error template-error  a template failed: the partial "signature-block" does not exist',
    );
    expect(stderr).toContain("> 2 |   <p>{{> signature-block}}</p>");
    expect(stderr).not.toContain("coalition.yaml:1:1");
  });

  it("a missing field in a partial of the override is placed in the partial, not in the layout", async () => {
    const dir = projectWithBullets("  {{> marking}}");
    mkdirSync(join(dir, "my-templates", "partials"), { recursive: true });
    writeFileSync(join(dir, "my-templates", "partials", "marking.hbs"), "<p>\n  {{markng}}\n</p>\n");
    const { code, stderr } = await runCli(["check", "--no-browser", "--templates", "my-templates"], dir);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(
      /my-templates\/partials\/marking\.hbs:2:5 error template-error {2}a template failed: "markng" not defined: no field or helper of that name here\n/,
    );
    expect(stderr).toContain("> 2 |   {{markng}}");
    expect(stderr).not.toMatch(/not defined.* - \d+:\d+/);
  });
});

describe("a template naming something that does not exist", () => {
  it("an unknown helper or field says so in words, not Handlebars' [object Object]", async () => {
    // A user who wrote {{frobnicate title}} in an override read: "frobnicate" not defined in [object Object].
    const dir = projectWithBullets("  {{frobnicate title}}");
    const { code, stderr } = await runCli(["check", "--no-browser", "--templates", "my-templates"], dir);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(
      /my-templates\/layouts\/bullets\.hbs:2:5 error template-error {2}a template failed: "frobnicate" not defined: no field or helper of that name here\n/,
    );
    expect(stderr).not.toContain("[object Object]");
  });
});

describe("the bundled command line", () => {
  // The bundle renders the built-in templates with Handlebars' runtime alone and sets the compiler up only
  // for an override without a precompiled form, or to place a template's error (handlebars-compiler.ts).
  const build = (project: string) =>
    spawnSync(process.execPath, [BIN, "build", "--no-pdf", "--templates", "my-templates"], {
      cwd: project,
      env: { ...process.env, NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("compiles an override and places its syntax error with the compiler it bundles", () => {
    ensureBundle();
    const good = projectWithBullets('  <p class="own">{{#if title}}{{title}}{{/if}}</p>');
    const built = build(good);
    expect(built.status, built.stderr).toBe(0);
    expect(readFileSync(join(good, "dist", "coalition.html"), "utf8")).toContain('<p class="own">');

    const failed = build(projectWithBullets('<p class="oops">{{#if title}}x{{/if}</p>'));
    expect(failed.status, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(/^my-templates\/layouts\/bullets\.hbs:2:36 error template-error {2}/m);
  });
});
