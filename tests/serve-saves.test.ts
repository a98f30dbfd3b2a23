import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  coalitionProject,
  httpRequest,
  reloadedSlugs,
  SLUG,
  sleep,
  type TestPreview,
  usePreview,
  waitFor,
  withBackgroundTitle,
} from "./serve-helpers.ts";

// The live preview without a browser: how the ways editors save a file become rebuilds.

describe("briefdeck serve: saves and rebuilds", () => {
  const previews = usePreview();

  async function setUp() {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    const run = await previews.start(dir);
    return { dir, brief, good: readFileSync(brief, "utf8"), run };
  }

  /** Waits for the first rebuild, then for quiet, and returns every rebuild seen. */
  async function rebuildsAfterSave(run: TestPreview) {
    await waitFor("a rebuild", () => run.rebuilds.length > 0);
    await run.settle(300);
    return run.rebuilds;
  }

  async function expectServed(run: TestPreview, text: string) {
    const live = run.preview.project.get(SLUG);
    expect(live?.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(live?.good?.rendered.deck).toContain(text);
    const served = await httpRequest(run.preview.server.port, `/${SLUG}.html`);
    expect(served.status).toBe(200);
    expect(served.body.toString()).toContain(text);
  }

  it("a save written in two chunks ends in a good rebuild with the final content (at most two rebuilds)", async () => {
    const { brief, good, run } = await setUp();
    const next = withBackgroundTitle(good, "Written in two chunks");
    const half = Math.floor(next.length / 2);
    // Synchronous writes, the second about 5 ms after the first. The settle time gathers both into one
    // rebuild when the machine keeps up; under load the first half may get a (broken) rebuild of its own,
    // so the test asks only that no third rebuild follows and that the last one has the final content.
    const fd = openSync(brief, "w");
    writeSync(fd, next.slice(0, half));
    await sleep(5);
    writeSync(fd, next.slice(half));
    closeSync(fd);

    await waitFor("a rebuild with the final content", () =>
      run.preview.project.get(SLUG)?.good?.rendered.deck.includes("Written in two chunks"),
    );
    const rebuilds = await rebuildsAfterSave(run);
    expect(rebuilds.length).toBeGreaterThanOrEqual(1);
    expect(rebuilds.length).toBeLessThanOrEqual(2);
    const last = rebuilds.at(-1) as (typeof rebuilds)[number];
    expect(reloadedSlugs(last)).toEqual([SLUG]);
    expect(last.broken).toEqual([]);
    await expectServed(run, "Written in two chunks");
  });

  it("a save through a hidden temporary file and a rename rebuilds exactly once", async () => {
    const { dir, brief, good, run } = await setUp();
    const temp = join(dir, "briefs", `.${SLUG}.yaml.swp`);
    writeFileSync(temp, withBackgroundTitle(good, "Renamed into place"));
    renameSync(temp, brief);

    const rebuilds = await rebuildsAfterSave(run);
    expect(rebuilds.length).toBe(1);
    expect(reloadedSlugs(rebuilds[0] as (typeof rebuilds)[number])).toEqual([SLUG]);
    await expectServed(run, "Renamed into place");
  });

  it("a save through <brief>.tmpNNNN and a rename rebuilds exactly once", async () => {
    const { brief, good, run } = await setUp();
    const temp = `${brief}.tmp${process.pid}`;
    const fd = openSync(temp, "w");
    writeSync(fd, withBackgroundTitle(good, "Atomic save"));
    closeSync(fd);
    renameSync(temp, brief);

    const rebuilds = await rebuildsAfterSave(run);
    expect(rebuilds.length).toBe(1);
    expect(reloadedSlugs(rebuilds[0] as (typeof rebuilds)[number])).toEqual([SLUG]);
    expect(rebuilds[0]?.removed).toEqual([]);
    await expectServed(run, "Atomic save");
  });

  it("a save that moves the old file away and writes a new one rebuilds once and removes nothing", async () => {
    const { brief, good, run } = await setUp();
    renameSync(brief, `${brief}~`);
    writeFileSync(brief, withBackgroundTitle(good, "Backup then write"));

    const rebuilds = await rebuildsAfterSave(run);
    expect(rebuilds.length).toBe(1);
    expect(reloadedSlugs(rebuilds[0] as (typeof rebuilds)[number])).toEqual([SLUG]);
    expect(rebuilds.flatMap((r) => r.removed)).toEqual([]);
    await expectServed(run, "Backup then write");
  });

  it("a save that changes nothing in the deck reloads nothing", async () => {
    const { brief, good, run } = await setUp();
    writeFileSync(brief, `${good}\n# a comment changes the text, not the deck\n`);
    await waitFor("the brief to be read again", () =>
      run.preview.project.get(SLUG)?.source?.includes("a comment changes the text"),
    );
    await run.settle(300);
    expect(run.rebuilds.flatMap((r) => r.reloaded)).toEqual([]);
  });
});
