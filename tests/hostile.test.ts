import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeProject, read, runCli } from "./helpers.ts";

/** Builds a good brief, replaces it with hostile text, builds again, and returns what happened. */
async function rebuildWith(hostile: string, extra: (dir: string) => void = () => {}) {
  const dir = makeProject({
    "briefs/b.yaml": "fixture:valid/every-layout.yaml",
    "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
    "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
  });
  expect((await runCli(["build", "--no-pdf"], dir)).code).toBe(0);
  const before = read(join(dir, "dist/b.html"));
  extra(dir);
  writeFileSync(join(dir, "briefs/b.yaml"), hostile);
  const result = await runCli(["build", "--no-pdf"], dir);
  return { ...result, unchanged: read(join(dir, "dist/b.html")) === before };
}

const fixture = (name: string) => read(join(FIXTURES, "invalid", name));

describe("hostile input fails fast and cleanly, leaving the last good output", () => {
  it.each([
    ["an alias bomb", fixture("alias-bomb.yaml"), "briefs/b.yaml:3:10 error too-many-aliases"],
    ["nesting 5,000 deep", fixture("deep-nesting.yaml"), "briefs/b.yaml:4:76 error too-deep"],
    ["__proto__ keys", fixture("proto-key.yaml"), "briefs/b.yaml:3:3 error reserved-key"],
    ["custom tags", fixture("custom-tag.yaml"), "briefs/b.yaml:1:8 error custom-tag"],
    [
      "a file over the size cap",
      `title: x\nnotes: "${"a".repeat(2 * 1024 * 1024)}"\n`,
      "briefs/b.yaml:1:1 error file-too-large",
    ],
    [
      "an image path that climbs out of the project",
      "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](../../../etc/passwd.png)'\n",
      "briefs/b.yaml:5:17 error image-outside-project",
    ],
    [
      "a file:// image",
      "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](file:///etc/hosts.png)'\n",
      "briefs/b.yaml:5:17 error image-outside-project",
    ],
    [
      "a remote image",
      "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](http://127.0.0.1:9/x.png)'\n",
      "briefs/b.yaml:5:17 error image-remote",
    ],
  ])("%s", async (_, hostile, expected) => {
    const { code, stderr, unchanged } = await rebuildWith(hostile);
    expect(code).toBe(1);
    expect(stderr).toContain(expected);
    expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    expect(unchanged).toBe(true);
  });

  it("refuses a symbolic link that points out of the project", async () => {
    const { code, stderr, unchanged } = await rebuildWith(
      "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](assets/escape.png)'\n",
      (dir) => {
        mkdirSync(join(dir, "briefs/assets"), { recursive: true });
        symlinkSync("/etc/hostname", join(dir, "briefs/assets/escape.png"));
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/b.yaml:5:17 error image-outside-project");
    expect(unchanged).toBe(true);
  });

  it("takes an image in the project whose name starts with two dots as inside it", async () => {
    const dir = makeProject({
      "briefs/b.yaml":
        "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](../..lines.svg)'\n",
      "..lines.svg": "fixture:valid/assets/lines.svg",
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).not.toContain("outside");
    expect(code).toBe(0);
    expect(read(join(dir, "dist/b.html"))).toContain("data:image/svg+xml");
  });

  it("reports a missing image with the line", async () => {
    const { code, stderr } = await rebuildWith(
      "title: x\nslides:\n  - layout: text\n    title: t\n    body: '![x](nope.png)'\n",
    );
    expect(code).toBe(1);
    expect(stderr).toContain("briefs/b.yaml:5:17 error image-not-found");
  });
});
