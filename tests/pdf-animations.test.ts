import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { EVERY_LAYOUT, makeProject, ROOT, runCli } from "./helpers.ts";

// A project's or a brand's CSS may animate. briefdeck's browser runs no animation frames (LAUNCH_ARGS in
// src/browser/session.ts), so an animation would print as it starts: a fade-in, blank. The pages finish
// every animation before they are measured and printed, and the PDF shows the end.

/** How many pixels of a PDF page are dark, drawn in grey at 20 dpi by poppler. */
function darkPixels(pdf: string, page: number): number {
  const pgm = execFileSync("pdftoppm", ["-r", "20", "-gray", "-f", String(page), "-l", String(page), pdf]);
  // P5, width, height, 255, then a byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString("latin1"));
  expect(header).not.toBeNull();
  const pixels = pgm.subarray((header as RegExpExecArray)[0].length);
  return pixels.filter((value) => value < 128).length;
}

describe.runIf(browserAvailable())("a theme with animations and transitions", () => {
  it("prints each finished: a fade-in's slides as dark as the same slides without it", async () => {
    const project = makeProject(EVERY_LAYOUT);
    const theme = readFileSync(join(ROOT, "templates/theme.css"), "utf8");
    mkdirSync(join(project, "animated"));
    writeFileSync(
      join(project, "animated/theme.css"),
      `${theme}
.bd-section { opacity: 0; animation: test-fade-in 0.2s ease-in forwards; }
@keyframes test-fade-in { to { opacity: 1; } }
.bd-title, .bd-judgment-text { transition: color 0.3s; }
`,
    );
    const plain = await runCli(["build", "--force", "--out", "plain"], project);
    expect(plain.code, plain.stderr).toBe(0);
    const animated = await runCli(
      ["build", "--force", "--out", "animated-out", "--templates", "animated"],
      project,
    );
    expect(animated.code, animated.stderr).toBe(0);
    for (const [file, page] of [
      ["every-layout.pdf", 2],
      ["every-layout.handout.pdf", 1],
    ] as const) {
      const expected = darkPixels(join(project, "plain", file), page);
      expect(expected).toBeGreaterThan(100);
      expect(darkPixels(join(project, "animated-out", file), page), file).toBeGreaterThan(0.9 * expected);
    }
  }, 60_000);
});
