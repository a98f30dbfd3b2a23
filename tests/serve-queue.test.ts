import { describe, expect, it } from "vitest";
import { createBuildQueue } from "../src/serve/build-queue.ts";
import { coalitionProject, httpRequest, sleep, usePreview, waitFor } from "./serve-helpers.ts";

// How the live preview turns saves into builds: one at a time, changes during a build gathered for the next.

describe("build queue", () => {
  /** A queue whose builds wait until the test lets them finish, recording each batch. */
  function gatedQueue() {
    const batches: string[][] = [];
    const gates: Array<() => void> = [];
    let active = 0;
    let mostAtOnce = 0;
    const queue = createBuildQueue(
      async (paths) => {
        active++;
        mostAtOnce = Math.max(mostAtOnce, active);
        batches.push([...paths].sort());
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
      },
      (error) => {
        throw error;
      },
    );
    const finishBuild = async () => {
      const gate = gates.shift();
      if (gate === undefined) throw new Error("no build is running");
      gate();
      await sleep(0);
    };
    return { queue, batches, finishBuild, mostAtOnce: () => mostAtOnce, waiting: () => gates.length };
  }

  it("never runs two builds at once; changes pushed during a build make exactly one next build", async () => {
    const { queue, batches, finishBuild, mostAtOnce, waiting } = gatedQueue();
    let idle = false;
    queue.push(["a"]);
    void queue.idle().then(() => {
      idle = true;
    });
    expect(batches).toEqual([["a"]]);
    queue.push(["b"]);
    queue.push(["c", "b"]);
    queue.push(new Set(["d"]));
    await sleep(10);
    expect(batches).toEqual([["a"]]);
    expect(waiting()).toBe(1);

    await finishBuild();
    await waitFor("the second build", () => batches.length === 2);
    expect(batches[1]).toEqual(["b", "c", "d"]);
    queue.push(["e"]);
    queue.push(["e"]);
    await sleep(10);
    expect(batches.length).toBe(2);
    expect(idle).toBe(false);

    await finishBuild();
    await waitFor("the third build", () => batches.length === 3);
    expect(batches[2]).toEqual(["e"]);
    await finishBuild();
    await queue.idle();
    expect(idle).toBe(true);
    expect(batches).toEqual([["a"], ["b", "c", "d"], ["e"]]);
    expect(mostAtOnce()).toBe(1);

    // Idle again: the next push starts a build at once.
    queue.push(["f"]);
    expect(batches.at(-1)).toEqual(["f"]);
    await finishBuild();
    await queue.idle();
  });

  it("keeps building after a build that throws", async () => {
    const built: string[][] = [];
    const errors: unknown[] = [];
    const queue = createBuildQueue(
      async (paths) => {
        built.push([...paths]);
        if (paths.has("bad")) throw new Error("a build failed unexpectedly");
      },
      (error) => errors.push(error),
    );
    queue.push(["bad"]);
    await queue.idle();
    queue.push(["good"]);
    await waitFor("the build after the failed one", () => built.length === 2, 2_000).catch(() => {});
    expect(built).toEqual([["bad"], ["good"]]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["a build failed unexpectedly"]);
  });
});

describe("the preview while it rebuilds", () => {
  const previews = usePreview();

  it("answers requests between briefs instead of blocking until every brief is rebuilt", async () => {
    const slugs = Array.from({ length: 12 }, (_, i) => `brief-${i}`);
    const run = await previews.start(coalitionProject(slugs));
    const port = Number(new URL(run.preview.url).port);
    const order: string[] = [];
    // Rebuild everything, as a template change does, and ask for the index at the same moment.
    const rebuilt = run.preview.project.rebuild().then(() => order.push("rebuilt"));
    const answered = httpRequest(port, "/").then((response) => {
      order.push(`answered ${response.status}`);
    });
    await Promise.all([rebuilt, answered]);
    expect(order).toEqual(["answered 200", "rebuilt"]);
  });
});
