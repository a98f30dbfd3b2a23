import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_REPORTED } from "../src/commands/report.ts";
import { brief, makeProject, ROOT, read, runCli } from "./helpers.ts";

/** `check --no-browser` of one brief, written as briefs/b.yaml in a fresh project. */
async function check(source: string) {
  const dir = makeProject({ "briefs/b.yaml": source });
  return { dir, ...(await runCli(["check", "--no-browser"], dir)) };
}

const STACK = /\n\s+at .*:\d+:\d+\)?\n/;

describe("a brief with thousands of problems", () => {
  it("prints the first hundred per file and counts the rest", async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `bogus${i}: x\n`).join("");
    const { code, stderr } = await check(brief("  - layout: title\n", keys));
    expect(code).toBe(1);
    expect(stderr.match(/error unknown-key/g)).toHaveLength(MAX_REPORTED);
    expect(stderr).toContain("briefs/b.yaml: and 150 more not shown (150 errors, 0 warnings)");
    expect(stderr).toContain("invalid briefs/b.yaml (250 errors, 0 warnings)");
  });

  it("lists a few of many sources in a hint, not all of them", async () => {
    const sources = Array.from({ length: 40 }, (_, i) => `  source${i}:\n    title: T${i}\n`).join("");
    const slide = "  - layout: text\n    title: t\n    body: see [@zzzzzzzz]\n";
    const { stderr } = await check(brief(slide, `sources:\n${sources}`));
    expect(stderr).toContain("hint: the sources are: source0, source1,");
    expect(stderr).toContain("source11, … (40 in all)");
    expect(stderr).not.toContain("source39,");
  });

  it("lists a few of many ids in a variant's hint", async () => {
    const slides = Array.from({ length: 30 }, (_, i) => `  - layout: title\n    id: slide-id-${i}\n`).join(
      "",
    );
    const variants = "variants:\n  short:\n    marking: M\n    omit: [zzzzzzzzzzzz]\n";
    const { stderr } = await check(brief(slides, variants));
    expect(stderr).toContain("error unknown-id");
    expect(stderr).toContain("hint: the ids are: slide-id-0, slide-id-1,");
    expect(stderr).toContain(", … (30 in all)");
  });

  it("still finds each repeated version in a long history", async () => {
    const changes = Array.from(
      { length: 40 },
      (_, i) => `  - version: "1.${i % 20}"\n    date: 2026-01-01\n    summary: s\n`,
    );
    const { stderr } = await check(brief("  - layout: title\n", `changes:\n${changes.join("")}`));
    expect(stderr.match(/error duplicate-version/g)).toHaveLength(20);
    expect(stderr).toContain('version "1.0" is already in the history (as "1.0")');
  });

  it("still points at each of many citations in one field", async () => {
    const body = Array.from({ length: 30 }, (_, i) => `      [@a] [@n${i}] [@a]\n`).join("");
    const slide = `  - layout: text\n    title: t\n    body: |\n${body}`;
    const { stderr } = await check(brief(slide, "sources:\n  a:\n    title: A\n"));
    // The header takes seven lines, `slides:` and the slide three more; the body's lines follow.
    for (const i of [0, 17, 29])
      expect(stderr).toContain(`briefs/b.yaml:${12 + i}:14 error unknown-citation`);
  });
});

describe("terminal escapes in a brief are shown, never sent", () => {
  it.each([
    ["a double-quoted escape", 'layout: "bogus\\e]0;PWNED\\a\\e[2J"', "an escape in this string makes"],
    ["raw control bytes", "layout: bogus\u001b]0;PWNED\u0007\u001b[2J", "the text holds"],
  ])("%s", async (_, layout, what) => {
    const { code, stderr } = await check(`title: x\nslides:\n  - ${layout}\n`);
    expect(code).toBe(1);
    expect(stderr).toContain(`error control-character  ${what} the control character U+001B (ESC)`);
    // No control character but the newline and tab reach the terminal.
    expect(stderr).not.toMatch(/(?![\n\t])\p{Cc}/u);
  });

  it("escapes the code frame and keeps the caret under the column", async () => {
    const { stderr } = await check("title: x\u0007 [@nope]\nslides:\n  - layout: title\n");
    expect(stderr).toContain("briefs/b.yaml:1:9 error control-character");
    expect(stderr).toContain(`> 1 | title: x\\u0007 [@nope]\n    | ${" ".repeat(8)}^`);
    expect(stderr).not.toContain("\u0007");
  });

  it("escapes a C1 control character in the frame too", async () => {
    const { stderr } = await check("title: x\nsubtitle: a\u009b31m: b\n");
    expect(stderr).toContain("briefs/b.yaml:2:12 error control-character");
    expect(stderr).toContain("> 2 | subtitle: a\\u009b31m: b");
    expect(stderr).not.toContain("\u009b");
  });
});

describe("citations in the brief's own fields are checked like a slide's", () => {
  const header =
    'sources:\n  memo:\n    title: The memo\nchanges:\n  - version: "1.0"\n    date: 2026-01-01\n';
  const slides = "  - layout: title\n  - layout: sources\n";

  it.each([
    ["title", "title: x [@nope]\nslides:\n  - layout: title\n", "briefs/b.yaml:1:12"],
    ["subtitle", brief(slides, `subtitle: y [@nope]\n${header}    summary: z\n`), "briefs/b.yaml:5:15"],
    ["a version's summary", brief(slides, `${header}    summary: z [@nope]\n`), "briefs/b.yaml:11:18"],
    [
      "a source's title",
      brief(slides, "sources:\n  memo:\n    title: After [@nope]\n"),
      "briefs/b.yaml:7:20",
    ],
  ])("an unknown citation in %s is an error", async (_, source, where) => {
    const { code, stderr } = await check(source);
    expect(code).toBe(1);
    expect(stderr).toContain(`${where} error unknown-citation  citation "@nope" names no source`);
  });

  it("a citation in the subtitle is numbered and counts as a use of its source", async () => {
    const dir = makeProject({
      "briefs/b.yaml": brief(slides, `subtitle: y [@memo]\n${header}    summary: z\n`),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).not.toContain("unused-source");
    expect(code).toBe(0);
    expect(read(join(dir, "dist/b.html"))).toMatch(/y <a class="bd-cite" href="#\/sources"[^>]*>\[1\]<\/a>/);
  });
});

describe("YAML errors that are really unquoted text", () => {
  it.each([
    [
      "a flow map's text with a colon",
      "          - { rating: holds, text: Fastest: one buyer }",
      "briefs/b.yaml:12:36 error yaml-syntax",
      'put it in quotes: - { rating: holds, text: "Fastest: one buyer" }',
    ],
    [
      "a citation in a flow list",
      "          - { rating: holds, text: ok }\n    points: [A role [@memo]]",
      "briefs/b.yaml:13:21 error yaml-syntax",
      'the value holds "[@", whose bracket YAML reads as a list; put it in quotes: points: ["A role [@memo]"]',
    ],
    [
      "a plain value with a colon",
      "          - { rating: holds, text: ok }\n    notes: Fastest: one buyer",
      "briefs/b.yaml:13:12 error yaml-syntax",
      'put it in quotes: notes: "Fastest: one buyer"',
    ],
  ])("%s", async (_, line, where, hint) => {
    const slide = `  - layout: comparison\n    title: t\n    columns: [A]\n    rows:\n      - label: r\n        cells:\n${line}\n`;
    const { code, stderr } = await check(brief(slide));
    expect(code).toBe(1);
    expect(stderr).toContain(where);
    expect(stderr).toContain(hint);
    // The two errors yaml gives for `[A role [@memo]]` are one mistake, reported once.
    expect(stderr.match(/error yaml-syntax/g)).toHaveLength(1);
  });

  it("an unclosed [ is reported where it opened", async () => {
    const slide =
      "  - layout: bullets\n    title: t\n    points: [A, B\n  - layout: text\n    title: u\n    body: v\n";
    const { code, stderr } = await check(brief(slide));
    expect(code).toBe(1);
    expect(stderr).toContain(
      'briefs/b.yaml:8:13 error unclosed-bracket  this "[" opens a list that is never closed',
    );
    expect(stderr).toContain('close it with "]" where the list ends');
    // What the parser then says of the lines it swallowed is not reported.
    expect(stderr).not.toContain("yaml-syntax");
  });

  it("an unclosed [ whose text holds a comment sign gets the quoted line", async () => {
    const { stderr } = await check(brief("  - layout: title\n", "keywords: [a #b, c]\n"));
    expect(stderr).toContain("briefs/b.yaml:5:11 error unclosed-bracket");
    expect(stderr).toContain('put it in quotes: keywords: ["a #b", c]');
  });

  it("the starter brief quotes every text in a flow map or list", () => {
    const starter = readFileSync(join(ROOT, "templates/new-brief.yaml"), "utf8");
    expect(starter).toMatch(/text: "Why it holds"/);
    for (const line of starter.split("\n").filter((l) => l.includes("{ rating"))) {
      expect(line).toMatch(/text: "[^"]*" }/);
    }
    for (const line of starter.split("\n").filter((l) => l.includes("points: ["))) {
      expect(line).toMatch(/points: \["/);
    }
  });
});

describe("a key that is a list or a map", () => {
  it("is an error at the key, where yaml would have made it a string with a warning", async () => {
    const { code, stderr } = await check("title: x\n[a]: b\n? {c: d}\n: e\nslides:\n  - layout: title\n");
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/b.yaml:2:1 error complex-key  a key must be text, not a list or map");
    expect(stderr).toContain("briefs/b.yaml:3:3 error complex-key");
    expect(stderr).not.toContain("unknown-key");
  });
});

describe("new with a name the file system refuses", () => {
  it("says so in one line, naming the path and the fix", async () => {
    const dir = makeProject();
    const slug = "a".repeat(300);
    const { code, stderr } = await runCli(["new", slug], dir);
    expect(code).toBe(3);
    expect(stderr).toBe(
      `briefdeck: cannot create briefs/${slug}.yaml: the name is too long for the file system: choose a shorter one (ENAMETOOLONG)\n`,
    );
    expect(stderr).not.toMatch(STACK);
    expect(existsSync(join(dir, "briefs", `${slug}.yaml`))).toBe(false);
  });
});
