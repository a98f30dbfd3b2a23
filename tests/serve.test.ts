import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createBuildQueue } from "../src/serve/build-queue.ts";
import { makeProject } from "./helpers.ts";
import {
  coalitionProject,
  httpRequest,
  rawRequest,
  reloadedSlugs,
  SLUG,
  sleep,
  startTestPreview,
  type TestPreview,
  tokenOf,
  waitFor,
  withBackgroundTitle,
} from "./serve-helpers.ts";

// The live preview without a browser: how saves become rebuilds, and what the server lets through.

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

describe("briefdeck serve: saves and rebuilds", () => {
  let running: TestPreview | undefined;

  afterEach(async () => {
    await running?.preview.close();
    running = undefined;
  });

  async function setUp() {
    const dir = coalitionProject();
    const brief = join(dir, "briefs", `${SLUG}.yaml`);
    running = await startTestPreview(dir);
    return { dir, brief, good: readFileSync(brief, "utf8"), preview: running.preview, run: running };
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

  it("a save written in two chunks rebuilds exactly once, with the final content", async () => {
    const { brief, good, run } = await setUp();
    const next = withBackgroundTitle(good, "Written in two chunks");
    const half = Math.floor(next.length / 2);
    // Synchronous writes: the second chunk lands 5 ms after the first, whatever the event loop does.
    const fd = openSync(brief, "w");
    writeSync(fd, next.slice(0, half));
    await sleep(5);
    writeSync(fd, next.slice(half));
    closeSync(fd);

    const rebuilds = await rebuildsAfterSave(run);
    expect(rebuilds.length).toBe(1);
    expect(reloadedSlugs(rebuilds[0] as (typeof rebuilds)[number])).toEqual([SLUG]);
    expect(rebuilds[0]?.broken).toEqual([]);
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

describe("briefdeck serve: what the server lets through", () => {
  let running: TestPreview | undefined;

  afterEach(async () => {
    await running?.preview.close();
    running = undefined;
  });

  async function setUp() {
    const dir = coalitionProject();
    running = await startTestPreview(dir);
    const port = running.preview.server.port;
    const deck = await httpRequest(port, `/${SLUG}.html`);
    expect(deck.status).toBe(200);
    return { dir, port, run: running, token: tokenOf(deck.body.toString()) };
  }

  it("listens on loopback and answers only requests addressed to it (DNS rebinding gets 403)", async () => {
    const { port, run } = await setUp();
    expect(run.preview.url).toBe(`http://127.0.0.1:${port}/`);
    for (const host of [
      "evil.example",
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `localhost.evil.example:${port}`,
    ]) {
      for (const path of ["/", `/${SLUG}.html`, `/${SLUG}.pdf`]) {
        const response = await httpRequest(port, path, { Host: host });
        expect(response.status, `Host: ${host} ${path}`).toBe(403);
        expect(response.body.toString()).not.toContain("Balancing Act");
      }
    }
    const none = await rawRequest(port, "/", { Host: null });
    expect([400, 403]).toContain(none.status);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await httpRequest(port, "/", { Host: host })).status, host).toBe(200);
    }
  });

  /** Tries to open the reload channel; resolves with whether it opened, or the HTTP status it got. */
  function tryChannel(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}) {
    return new Promise<{
      opened: boolean;
      status?: number;
      headers?: Record<string, unknown>;
      socket?: WebSocket;
    }>((resolve) => {
      const socket = new WebSocket(url, { handshakeTimeout: 10_000, ...options });
      socket.on("open", () => resolve({ opened: true, socket }));
      socket.on("unexpected-response", (_request, response) => {
        resolve({ opened: false, status: response.statusCode, headers: response.headers });
        response.resume();
        socket.terminate();
      });
      socket.on("error", () => resolve({ opened: false }));
    });
  }

  it("the reload channel needs the token and a same-origin Origin", async () => {
    const { port, token, dir, run } = await setUp();
    const base = `ws://127.0.0.1:${port}/__briefdeck/live`;
    const origin = `http://127.0.0.1:${port}`;
    const query = (t: string | undefined) =>
      `?${t === undefined ? "" : `token=${encodeURIComponent(t)}&`}slug=${SLUG}`;
    const refused: Array<[string, string, ConstructorParameters<typeof WebSocket>[2]]> = [
      ["no token", `${base}${query(undefined)}`, { origin }],
      ["an empty token", `${base}${query("")}`, { origin }],
      // The last character changed (to "x", or to "y" when it was "x": 1 run in 64 it was).
      [
        "a wrong token",
        `${base}${query(`${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}`)}`,
        { origin },
      ],
      ["another session's token", `${base}${query("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")}`, { origin }],
      ["a foreign Origin", `${base}${query(token)}`, { origin: "http://evil.example" }],
      [
        "a foreign Origin on the same host name",
        `${base}${query(token)}`,
        { origin: `http://127.0.0.1:${port + 1}` },
      ],
      ["an https Origin", `${base}${query(token)}`, { origin: `https://127.0.0.1:${port}` }],
      ["the null Origin", `${base}${query(token)}`, { origin: "null" }],
      ["no Origin", `${base}${query(token)}`, {}],
      ["a foreign Host", `${base}${query(token)}`, { origin, headers: { Host: "evil.example" } }],
    ];
    for (const [what, url, options] of refused) {
      const attempt = await tryChannel(url, options);
      expect(attempt.opened, what).toBe(false);
      if (attempt.status !== undefined) expect(attempt.status, what).toBe(403);
      expect(
        Object.keys(attempt.headers ?? {}).filter((h) => h.startsWith("access-control-")),
        what,
      ).toEqual([]);
    }
    const wrongPath = await tryChannel(`ws://127.0.0.1:${port}/__briefdeck/other${query(token)}`, { origin });
    expect(wrongPath.opened).toBe(false);

    const accepted = await tryChannel(`${base}${query(token)}`, { origin });
    expect(accepted.opened).toBe(true);
    const socket = accepted.socket as WebSocket;
    try {
      const message = new Promise<string>((resolve) =>
        socket.once("message", (data) => resolve(data.toString())),
      );
      const brief = join(dir, "briefs", `${SLUG}.yaml`);
      writeFileSync(brief, withBackgroundTitle(readFileSync(brief, "utf8"), "Heard on the channel"));
      const first = await Promise.race([message, sleep(20_000).then(() => "nothing within 20 s")]);
      expect(JSON.parse(first)).toEqual({ type: "reload" });
      expect(
        await tryChannel(`ws://localhost:${port}/__briefdeck/live${query(token)}`, {
          origin: `http://localhost:${port}`,
        }),
      ).toMatchObject({ opened: true });
    } finally {
      socket.terminate();
      await run.settle(50);
    }
  });

  it("path traversal and malformed paths get 404 or 400, and the server keeps answering", async () => {
    const { port } = await setUp();
    const payloads = [
      "/../package.json",
      "/%2e%2e/package.json",
      "/..%2Fpackage.json",
      "/%2e%2e%2fpackage.json",
      "/%2E%2E%2Fpackage.json",
      "/.%2e/package.json",
      "/%5c..%5cpackage.json",
      "/..\\package.json",
      "/..%5c..%5cpackage.json",
      "/%00",
      `/${SLUG}.html%00.pdf`,
      `/${SLUG}.html%00`,
      "/%252e%252e/package.json",
      "/%252e%252e%252fpackage.json",
      "/....//package.json",
      "/..;/package.json",
      "//etc/passwd",
      "///etc/passwd",
      "/%2f%2fetc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      `/${SLUG}.html/../../package.json`,
      `/briefs/${SLUG}.yaml`,
      `/${SLUG}.yaml`,
      "/package.json",
      "/templates/theme.css",
      "/%E0%A4%A",
      "/%",
      "/%ff%fe",
      "http://evil.example/",
      `/${"a".repeat(5000)}.html`,
    ];
    for (const target of payloads) {
      const response = await rawRequest(port, target);
      expect([400, 404], `${target} -> ${response.status}`).toContain(response.status);
      expect(response.body, target).not.toContain("devDependencies");
      expect(response.body, target).not.toContain("root:");
      expect(response.body, target).not.toContain("title: Balancing Act");
    }
    expect((await rawRequest(port, "/")).status).toBe(200);
    expect((await rawRequest(port, `/${SLUG}.html`)).status).toBe(200);
  });

  it("sends no CORS headers, whatever the request", async () => {
    const { port } = await setUp();
    const requests: Array<[string, string, Record<string, string>]> = [
      ["GET", "/", {}],
      ["GET", "/", { Origin: "http://evil.example" }],
      ["GET", `/${SLUG}.html`, { Origin: "http://evil.example" }],
      ["HEAD", `/${SLUG}.html`, { Origin: "http://evil.example" }],
      ["OPTIONS", "/", { Origin: "http://evil.example", "Access-Control-Request-Method": "GET" }],
      [
        "OPTIONS",
        `/${SLUG}.html`,
        {
          Origin: "http://evil.example",
          "Access-Control-Request-Method": "GET",
          "Access-Control-Request-Headers": "x-anything",
        },
      ],
      ["POST", "/", { Origin: "http://evil.example" }],
      ["GET", "/nothing-here", { Origin: "http://evil.example" }],
      ["GET", "/", { Origin: "http://evil.example", Host: "evil.example" }],
      ["GET", "/__briefdeck/live", { Origin: `http://127.0.0.1:${port}` }],
    ];
    for (const [method, path, headers] of requests) {
      const response = await rawRequest(port, path, headers, method);
      expect(response.status, `${method} ${path}`).toBeGreaterThan(0);
      const names = response.head
        .split("\r\n")
        .slice(1)
        .map((line) => line.slice(0, line.indexOf(":")).toLowerCase());
      expect(
        names.filter((n) => n.startsWith("access-control-")),
        `${method} ${path}`,
      ).toEqual([]);
    }
  });
});

describe("briefdeck serve: routes and hosts", () => {
  let running: TestPreview | undefined;

  afterEach(async () => {
    await running?.preview.close();
    running = undefined;
  });

  it("routes are case-sensitive: /<slug>.PDF is not the PDF, /Alpha.html is not /alpha.html", async () => {
    const dir = coalitionProject([SLUG, "Alpha"]);
    running = await startTestPreview(dir);
    const port = running.preview.server.port;
    for (const path of [
      `/${SLUG}.PDF`,
      `/${SLUG}.Pdf`,
      `/${SLUG}.handout.PDF`,
      `/${SLUG}.HTML`,
      "/alpha.html",
    ]) {
      const response = await httpRequest(port, path);
      expect(response.status, path).toBe(404);
      expect(response.headers["content-type"], path).not.toBe("application/pdf");
    }
    expect((await httpRequest(port, "/Alpha.html")).status).toBe(200);
    expect((await httpRequest(port, `/${SLUG}.html`)).status).toBe(200);
  });

  it("--host 127.0.0.2 (loopback) answers at the URL it announces, and still refuses other hosts", async () => {
    const { startPreview } = await import("../src/serve/preview.ts");
    const preview = await startPreview({
      projectRoot: coalitionProject(),
      templatesDir: undefined,
      host: "127.0.0.2",
      port: 0,
      browser: { executable: undefined, wsEndpoint: undefined, env: {}, protocolTimeout: 60_000 },
      producer: "test",
      settle: 15,
      log: () => {},
      onRebuild: () => {},
    });
    try {
      const port = preview.server.port;
      expect(preview.url).toBe(`http://127.0.0.2:${port}/`);
      const get = (path: string, host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: "127.0.0.2", port, path, headers: { Host: host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", reject);
          req.end();
        });
      // What a browser sends for the announced URL.
      expect(await get("/", `127.0.0.2:${port}`)).toBe(200);
      expect(await get(`/${SLUG}.html`, `127.0.0.2:${port}`)).toBe(200);
      expect(await get("/", `evil.example:${port}`)).toBe(403);
      expect(await get("/", `127.0.0.2:${port + 1}`)).toBe(403);
    } finally {
      await preview.close();
    }
  });
});

describe("briefdeck serve: the port and the brief list", () => {
  it("tries the next port when the one asked for is taken, and says so", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    const logged: string[] = [];
    const dir = coalitionProject();
    const { startPreview } = await import("../src/serve/preview.ts");
    const preview = await startPreview({
      projectRoot: dir,
      templatesDir: undefined,
      host: "127.0.0.1",
      port: taken,
      browser: { executable: undefined, wsEndpoint: undefined, env: {}, protocolTimeout: 60_000 },
      producer: "test",
      settle: 15,
      log: (text) => logged.push(text),
      onRebuild: () => {},
    });
    try {
      expect(preview.server.port).not.toBe(taken);
      expect(logged.join("")).toContain(`port ${taken} is taken; trying ${taken + 1}`);
      expect((await httpRequest(preview.server.port, "/")).status).toBe(200);
    } finally {
      await preview.close();
      blocker.close();
    }
  });

  it("the index counts each brief's warnings beside its status", async () => {
    const dir = makeProject({
      "briefs/uncited.yaml": "fixture:lint/judgment-uncited.yaml",
      "briefs/clean.yaml": "fixture:lint/clean.yaml",
      "archives/report.txt": "fixture:archives/report.txt",
      "archives/report.html": "fixture:archives/report.html",
    });
    const run = await startTestPreview(dir);
    try {
      const index = (await httpRequest(run.preview.server.port, "/")).body.toString();
      // Its judgments: one cites a source but quotes no evidence, the other cites none.
      expect(index).toMatch(/uncited<\/a> <span class="ok">ok, 2 warnings<\/span>/);
      expect(index).toMatch(/clean<\/a> <span class="ok">ok<\/span>/);
    } finally {
      await run.preview.close();
    }
  });

  it("a deleted brief leaves the index and is no longer served", async () => {
    const dir = coalitionProject([SLUG, "second-brief"]);
    const run = await startTestPreview(dir);
    try {
      const port = run.preview.server.port;
      expect((await httpRequest(port, "/")).body.toString()).toContain("second-brief");
      rmSync(join(dir, "briefs", "second-brief.yaml"));
      await waitFor("the removal", () => run.rebuilds.some((r) => r.removed.includes("second-brief")));
      expect((await httpRequest(port, "/")).body.toString()).not.toContain("second-brief");
      expect((await httpRequest(port, "/second-brief.html")).status).toBe(404);
      expect((await httpRequest(port, `/${SLUG}.html`)).status).toBe(200);
    } finally {
      await run.preview.close();
    }
  });
});
