import { describe, expect, it } from "vitest";
import { brief, makeProject, runCli } from "./helpers.ts";

// The anchors of continuation slides (`<id>-2`, `-3`…) against the ids a brief writes.

const rows = Array.from(
  { length: 40 },
  (_, i) => `      - label: Criterion ${i}
        cells:
          - { rating: holds, text: "Cell text ${i} that goes on for a while" }
          - { rating: fails, text: "Other ${i}" }`,
).join("\n");
const MATRIX = `  - layout: comparison
    id: matrix
    title: Forty rows
    continue: true
    columns: [A, B]
    rows:
${rows}
`;
const TEXT = `  - layout: text
    id: matrix-2
    title: Collides
    body: Hello.
`;

async function check(slides: string) {
  const { code, stderr } = await runCli(
    ["check", "--no-browser"],
    makeProject({ "briefs/b.yaml": brief(slides) }),
  );
  return { code, stderr };
}

describe("continuation anchors", () => {
  it("an id a continuation slide takes, written after the comparison, is an error at that id", async () => {
    const { code, stderr } = await check(MATRIX + TEXT);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /b\.yaml:\d+:9 error duplicate-id {2}id "matrix-2" of slide 2 is already used by the continuation of slide 1/,
    );
    expect(stderr).toContain("hint: continuation slides take the slide's anchor with -2, -3… added");
  });

  it("written before it, the error is at the comparison's continue", async () => {
    const { code, stderr } = await check(TEXT + MATRIX);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /b\.yaml:13:15 error duplicate-id {2}continuation slide "matrix-2" of slide 2 has the anchor of slide 1/,
    );
    expect(stderr).toMatch(/> 13 \| +continue: true/);
  });

  it("a comparison that fits one slide takes no continuation anchor", async () => {
    const { code, stderr } = await check(`  - layout: comparison
    id: matrix
    continue: true
    columns: [A]
    rows:
      - { label: One, cells: [{ rating: holds }] }
${TEXT}`);
    expect(stderr).not.toMatch(/ error /);
    expect(code).toBe(0);
  });
});
