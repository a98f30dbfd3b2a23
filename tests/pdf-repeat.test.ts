import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";

// The same input gives the same PDF bytes, build after build (README, "The PDFs"): here for a branded
// brief, whose handout carries the brand's subset font, its logo in the page header and citations raised
// above the line in the evidence and notes. A handout citation once sat between pixels and Chromium now
// and then printed it snapped to the pixel: one build in a few dozen differed by a fifth of a pixel.
const BUILDS = 4;

describe.runIf(browserAvailable())("a branded brief built again and again", () => {
  it(`prints the same slides and handout bytes in ${BUILDS} builds into fresh folders`, async () => {
    const dir = makeProject();
    cpSync(join(FIXTURES, "brand"), dir, { recursive: true });
    cpSync(join(ROOT, "briefs", "coalition-vs-peacekeeping.yaml"), join(dir, "briefs", "coalition.yaml"));
    const builds: { slides: Buffer; handout: Buffer }[] = [];
    for (let i = 0; i < BUILDS; i++) {
      const out = join(dir, `out-${i}`);
      const { code, stderr } = await runCli(["build", "--force", "--out", out], dir);
      expect(code, stderr).toBe(0);
      builds.push({
        slides: readFileSync(join(out, "coalition.pdf")),
        handout: readFileSync(join(out, "coalition.handout.pdf")),
      });
    }
    const [first, ...rest] = builds;
    rest.forEach((build, i) => {
      expect(Buffer.compare(build.slides, first?.slides ?? Buffer.alloc(0)), `slides, build ${i + 2}`).toBe(
        0,
      );
      expect(
        Buffer.compare(build.handout, first?.handout ?? Buffer.alloc(0)),
        `handout, build ${i + 2}`,
      ).toBe(0);
    });
  }, 120_000);
});
