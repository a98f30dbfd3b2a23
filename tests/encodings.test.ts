import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { CHART_SLIDE, GOOD_SPEC } from "./chart-helpers.ts";
import { brief, makeProject, runCli } from "./helpers.ts";
import { small } from "./output-helpers.ts";

// Text in another encoding than UTF-8, and control characters a deck cannot show: named at the byte.

describe("a file that is not UTF-8", () => {
  it("a brief saved as Latin-1 is refused at the first bad byte, not shown with � in the deck", async () => {
    const dir = makeProject();
    const text = small("Good").replace("Some text.", "Caf\u00e9 au lait.");
    writeFileSync(join(dir, "briefs/latin1.yaml"), Buffer.from(text, "latin1"));
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(/briefs\/latin1\.yaml:8:14 error not-utf8 {2}the file is not UTF-8 text/);
    expect(stderr).toContain("hint: save the file as UTF-8");
    expect(code).toBe(1);
  });

  it("its diagnostic is one of the usual shape (what serve sends and the API returns), no stray fields", async () => {
    const dir = makeProject();
    const text = small("Good").replace("Some text.", "Caf\u00e9 au lait.");
    writeFileSync(join(dir, "briefs/latin1.yaml"), Buffer.from(text, "latin1"));
    const options = { projectRoot: dir, templates: loadTemplates(), version: "test", render: false };
    const { diagnostics } = await compileBrief(join(dir, "briefs/latin1.yaml"), options);
    expect(diagnostics).toHaveLength(1);
    expect(Object.keys(diagnostics[0] ?? {}).sort()).toEqual(
      ["code", "column", "file", "hint", "line", "message", "severity"].sort(),
    );
    expect(diagnostics[0]).toMatchObject({ code: "not-utf8", line: 8, column: 14 });
  });

  it("a briefdeck.yaml that is not UTF-8 is refused the same way", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    writeFileSync(
      join(dir, "briefdeck.yaml"),
      Buffer.from("defaults:\n  organisation: Soci\u00e9t\u00e9\n", "latin1"),
    );
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(/briefdeck\.yaml:2:21 error not-utf8/);
    expect(code).toBe(1);
  });
});

describe("other files that are not UTF-8", () => {
  const latin1 = (text: string) => Buffer.from(text, "latin1");

  it("an archive saved as Latin-1 is named with its first bad byte, not searched with � in it", async () => {
    const dir = makeProject({
      "briefs/cafe.yaml": [
        "title: Café",
        "sources:",
        "  h: { title: Report, accessed: 2026-11-30, archive: report.txt }",
        "slides:",
        "  - layout: judgments",
        "    items:",
        "      - text: The café stays shut [@h]",
        "        evidence: [{ source: h, quote: refused to reopen the café }]",
        "  - layout: sources",
        "",
      ].join("\n"),
    });
    writeFileSync(
      join(dir, "briefs/report.txt"),
      latin1("The owner\nhas refused to reopen the caf\u00e9.\n"),
    );
    const { code, stderr } = await runCli(["check", "--no-browser"], dir);
    expect(stderr).toMatch(
      /briefs\/cafe\.yaml:3:54 warning quote-unverified {2}the archive of source "h" is not UTF-8 text \(briefs\/report\.txt:2:30: byte 0xE9 there is from another encoding\)/,
    );
    expect(stderr).toContain("hint: save briefs/report.txt as UTF-8");
    expect(stderr).not.toContain("quote-not-in-source");
    expect(code).toBe(0);
  });

  it("chart data saved as Latin-1 is an error at its url naming the byte", async () => {
    const dir = makeProject({ "briefs/b.yaml": brief(CHART_SLIDE(GOOD_SPEC)) });
    writeFileSync(join(dir, "briefs/pledges.csv"), latin1("country,troops\nAutriche,180\nPolo\u00f1a,610\n"));
    const { code, stderr } = await runCli(["check", "--no-browser"], dir);
    expect(stderr).toMatch(
      /briefs\/b\.yaml:10:15 error chart-data-invalid {2}chart data "pledges\.csv" is not UTF-8 text: byte 0xF1 at line 3, column 5 is from another encoding/,
    );
    expect(stderr).toContain("hint: save pledges.csv as UTF-8");
    expect(code).toBe(1);
  });

  it("a template saved as Latin-1 is refused with its file, line and column", async () => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    mkdirSync(join(dir, "tpl"));
    writeFileSync(join(dir, "tpl/theme.css"), latin1('body {\n  font-family: "Caf\u00e9";\n}\n'));
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "tpl"], dir);
    expect(stderr).toMatch(
      /briefdeck: the template .*tpl\/theme\.css:2:20 is not UTF-8 text \(byte 0xE9 there is from another encoding\): save it as UTF-8/,
    );
    expect(code).toBe(1);
  });
});

describe("control characters in a brief", () => {
  it("a NUL byte inside a quoted string is refused at its position, not copied into the deck", async () => {
    const dir = makeProject();
    const text = small("Good").replace("body: Some text.", 'body: "Some\u0000 text."');
    writeFileSync(join(dir, "briefs/nul.yaml"), text);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(
      /briefs\/nul\.yaml:8:16 error control-character {2}the text holds the control character U\+0000 \(NUL\)/,
    );
    expect(stderr).toContain("hint: delete it");
    expect(code).toBe(1);
    expect(() => readFileSync(join(dir, "dist", "nul.html"))).toThrow();
  });

  it("other control characters, raw or escaped, are refused too; a tab is fine", async () => {
    const dir = makeProject({
      "briefs/bell.yaml": small("Good").replace("Some text.", "Some\u0007 text."),
      "briefs/escape.yaml": small("Good").replace("body: Some text.", 'body: "Some\\x1b text."'),
      "briefs/tab.yaml": small("Good").replace("Some text.", "Some\ttext."),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(/briefs\/bell\.yaml:8:15 error control-character {2}.*U\+0007/);
    expect(stderr).toMatch(/briefs\/escape\.yaml:8:11 error control-character {2}.*U\+001B/);
    expect(stderr).not.toContain("tab.yaml:");
    expect(code).toBe(1);
    expect(readFileSync(join(dir, "dist", "tab.html"), "utf8")).toContain("Some\ttext.");
  });

  it("a raw C1 control (U+0085 from Windows-1252 text read as Latin-1) is named where it is, not as an escape", async () => {
    const dir = makeProject({
      "briefs/nel.yaml": small("Good").replace("Some text.", "Some\u0085 text."),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(
      /briefs\/nel\.yaml:8:15 error control-character {2}the text holds the control character U\+0085/,
    );
    expect(stderr).not.toContain("remove the escape");
    expect(code).toBe(1);
  });
});
