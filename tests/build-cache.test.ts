import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { brief, makeProject, read, runCli } from "./helpers.ts";
import { pdfinfo } from "./pdf-helpers.ts";

// Every setting that changes an output is part of the build cache's key: a build with a different setting
// must not skip the brief as unchanged and leave the other setting's outputs in place.

const WITH_NOTES = brief(`  - layout: text
    title: A slide
    body: Some text.
    notes: Speaker notes sentinel.
`);

describe("the build cache key", () => {
  it("includes --no-notes: a circulation copy built over a full one has no notes", async () => {
    const dir = makeProject({ "briefs/a.yaml": WITH_NOTES });
    expect((await runCli(["build", "--no-pdf"], dir)).code).toBe(0);
    expect(read(join(dir, "dist/a.html"))).toContain("Speaker notes sentinel");
    const circulation = await runCli(["build", "--no-pdf", "--no-notes"], dir);
    expect(circulation.code, circulation.stderr).toBe(0);
    expect(circulation.stderr).toContain("1 built, 0 unchanged");
    expect(read(join(dir, "dist/a.html")).includes("Speaker notes sentinel")).toBe(false);
  });

  it("includes --strict: a brief with warnings is not skipped as unchanged, and fails", async () => {
    const dir = makeProject({ "briefs/uncited.yaml": "fixture:lint/judgment-uncited.yaml" });
    const lenient = await runCli(["build", "--no-pdf"], dir);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toContain("warning");
    const strict = await runCli(["build", "--no-pdf", "--strict"], dir);
    expect(strict.stderr).not.toContain("unchanged briefs/uncited.yaml");
    expect(strict.code, strict.stderr).toBe(1);
    expect(strict.stderr).toContain("0 built, 0 unchanged, 1 failed");
  });

  it.runIf(browserAvailable())(
    "includes --paper: the handout is printed again on the new paper",
    async () => {
      const dir = makeProject({ "briefs/a.yaml": WITH_NOTES });
      expect((await runCli(["build"], dir)).code).toBe(0);
      const paper = () => pdfinfo(join(dir, "dist/a.handout.pdf")).get("Page size");
      expect(paper()).toMatch(/\(A4\)/);
      const letter = await runCli(["build", "--paper", "letter"], dir);
      expect(letter.code, letter.stderr).toBe(0);
      expect(letter.stderr).toContain("1 built, 0 unchanged");
      expect(paper()).toBe("612 x 792 pts (letter)");
    },
  );
});
