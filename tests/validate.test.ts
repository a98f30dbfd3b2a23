import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUTS } from "../src/brief/brief-schema.ts";
import { parseBrief } from "../src/brief/parse-brief.ts";
import { validateBrief } from "../src/brief/validate-brief.ts";
import { formatDiagnostic } from "../src/format-diagnostic.ts";
import { FIXTURES, ROOT, read, validateSource } from "./helpers.ts";

// Each invalid fixture with the problems it must produce: code, line, column.
const EXPECTED: Record<string, Array<[string, number, number]>> = {
  "alias-bomb.yaml": [["too-many-aliases", 3, 10]],
  "bad-date.yaml": [
    ["bad-date", 2, 7],
    ["bad-value", 3, 9],
  ],
  "bad-url.yaml": [["bad-url", 5, 10]],
  "cell-count.yaml": [["cell-count", 9, 11]],
  "custom-tag.yaml": [
    ["custom-tag", 1, 8],
    ["custom-tag", 4, 12],
  ],
  "deep-nesting.yaml": [["too-deep", 4, 76]],
  "duplicate-anchor.yaml": [
    ["duplicate-id", 9, 5],
    ["duplicate-id", 11, 5],
  ],
  "duplicate-version.yaml": [["duplicate-version", 5, 16]],
  "duplicate-id.yaml": [
    ["duplicate-id", 6, 13],
    ["duplicate-id", 11, 13],
  ],
  "image-no-alt.yaml": [["image-no-alt", 5, 56]],
  "duplicate-key.yaml": [["duplicate-key", 2, 1]],
  "missing-field.yaml": [
    ["missing-field", 1, 1],
    ["missing-field", 3, 5],
  ],
  "proto-key.yaml": [
    ["reserved-key", 3, 3],
    ["reserved-key", 7, 5],
  ],
  "unknown-citation.yaml": [
    ["unknown-citation", 9, 36],
    ["unknown-citation", 15, 32],
  ],
  "unknown-key.yaml": [
    ["unknown-key", 2, 1],
    ["unknown-key", 7, 5],
  ],
  "unknown-id.yaml": [["unknown-id", 5, 20]],
  "unknown-layout.yaml": [["unknown-layout", 5, 13]],
  "unknown-rating.yaml": [["unknown-rating", 10, 23]],
  "unknown-version.yaml": [
    ["version-unlisted", 2, 10],
    ["unknown-version", 12, 12],
  ],
  "unused-source.yaml": [["unused-source", 5, 3]],
  "wrong-type.yaml": [["wrong-type", 2, 10]],
  "yaml-syntax.yaml": [["yaml-syntax", 4, 1]],
};

function check(file: string) {
  const source = read(join(FIXTURES, "invalid", file));
  const result = validateBrief(parseBrief(source, `invalid/${file}`), { projectRoot: ROOT });
  return { source, result };
}

describe("invalid fixtures", () => {
  it("has an expectation for every fixture", () => {
    expect(readdirSync(join(FIXTURES, "invalid")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} reports ${expected.map(([code]) => code).join(", ")} at the right places`, () => {
      const { source, result } = check(file);
      expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual(expected);
      const formatted = result.diagnostics.map((d) =>
        formatDiagnostic(d, source.length < 4000 ? source : undefined, { color: false }),
      );
      expect(formatted.join("\n")).toMatchSnapshot();
    });
  }

  it("gives no brief when there are errors, and a brief when there are only warnings", () => {
    expect(check("unknown-layout.yaml").result.brief).toBeUndefined();
    expect(check("unused-source.yaml").result.brief?.title).toBe("Unused");
  });
});

describe("hints", () => {
  it("suggests the layout, key and citation that were meant", () => {
    const hints = [
      "unknown-layout.yaml",
      "unknown-key.yaml",
      "unknown-citation.yaml",
      "unknown-rating.yaml",
    ].flatMap((f) => check(f).result.diagnostics.map((d) => d.hint));
    expect(hints).toEqual(
      expect.arrayContaining([
        'did you mean "comparison"?',
        'did you mean "subtitle"?',
        'did you mean "points"?',
        'did you mean "leiden"?',
        'did you mean "fails"?',
      ]),
    );
  });

  it("tells the author to quote a version that YAML reads as a number", () => {
    const [d] = check("wrong-type.yaml").result.diagnostics;
    expect(d?.message).toContain("not the number 1.1");
    expect(d?.hint).toBe('quote it to keep it as written: version: "1.10"');
  });
});

describe("the valid fixture", () => {
  it("validates with every layout and no diagnostics", () => {
    const source = read(join(FIXTURES, "valid", "every-layout.yaml"));
    const { brief, diagnostics } = validateBrief(
      parseBrief(source, "tests/fixtures/valid/every-layout.yaml"),
      {
        projectRoot: ROOT,
      },
    );
    expect(diagnostics).toEqual([]);
    expect(new Set(brief?.slides.map((s) => s.layout))).toEqual(new Set(LAYOUTS));
  });
});

describe("other checks", () => {
  it("reports every problem of a file at once", () => {
    const result = validateSource(
      "title: 5\nstatus: finale\nslides:\n  - layout: bulets\n  - layout: text\n    body: x [@nope]\n",
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["wrong-type", "bad-value", "unknown-layout"]);
  });

  it("refuses duplicate slide ids", () => {
    const result = validateSource(
      "title: T\nslides:\n  - layout: title\n    id: a\n  - layout: section\n    title: S\n    id: a\n",
    );
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["duplicate-id", 7, 9]]);
  });

  it("refuses a brief whose slides are all hidden", () => {
    const result = validateSource("title: T\nslides:\n  - layout: title\n    hidden: true\n");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["no-slides"]);
  });

  it("refuses an empty file and a file that is a list", () => {
    expect(validateSource("").diagnostics.map((d) => d.code)).toEqual(["wrong-type"]);
    expect(validateSource("- a\n- b\n").diagnostics.map((d) => d.code)).toEqual(["wrong-type"]);
  });

  it("refuses files over the size cap before parsing them", () => {
    const result = validateSource(`title: big\nnotes: "${"x".repeat(1024 * 1024)}"\n`);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["file-too-large", 1, 1]]);
  });

  it("checks image paths without reading them", () => {
    const result = validateSource(
      "title: T\nslides:\n  - layout: text\n    title: Images\n    body: |\n      ![a](../../etc/passwd.png)\n      ![b](file:///etc/hosts.png)\n      ![c](https://example.org/x.png)\n      ![d](/etc/x.png)\n",
    );
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["image-outside-project", 6, 12],
      ["image-outside-project", 7, 12],
      ["image-remote", 8, 12],
      ["image-outside-project", 9, 12],
    ]);
  });
});
