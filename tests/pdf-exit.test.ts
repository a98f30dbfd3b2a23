import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { ensureBundle, spawnCli } from "./cli-helpers.ts";
import { makeProject } from "./helpers.ts";
import { longBrief, switchValue } from "./pdf-helpers.ts";

// A one-shot build stops the Chromium it launched as soon as its pages are done, by killing its process
// group (see stop() in src/browser/session.ts), while Node finishes the PDFs. When briefdeck exits,
// nothing of that Chromium may be running and its profile must be gone: no grace period is allowed here.

describe.runIf(browserAvailable())("the end of a build with PDFs", () => {
  beforeAll(ensureBundle);

  it("leaves no Chromium process and no profile at the moment briefdeck exits, with whole PDFs", async () => {
    const dir = makeProject({ "briefs/long.yaml": longBrief(24) });
    const cli = spawnCli(["build", "--force"], dir);
    try {
      const exit = await cli.waitExit(60_000);
      expect(exit?.code, cli.stderr()).toBe(0);
      // Read at once: an orderly close that left helpers to wind down, or a kill of the browser process
      // alone, shows here as live renderers or a zygote.
      const leftover = cli.leftover().map((p) => `${p.pid} ${switchValue(p.cmdline, "type") ?? "browser"}`);
      expect(leftover).toEqual([]);
      const started = cli.chromium();
      expect(started.length).toBeGreaterThan(0);
      const profile = started.map((p) => switchValue(p.cmdline, "user-data-dir")).find(Boolean);
      expect(profile).toMatch(/briefdeck-chromium-/);
      expect(existsSync(profile as string), `${profile} was left behind`).toBe(false);
      for (const pdf of ["long.pdf", "long.handout.pdf"]) {
        const bytes = readFileSync(join(dir, "dist", pdf));
        expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        expect(bytes.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
      }
    } finally {
      await cli.cleanup();
    }
  });
});
