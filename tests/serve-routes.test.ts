import { renameSync, rmSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject } from "./helpers.ts";
import {
  coalitionProject,
  httpRequest,
  SLUG,
  startTestPreview,
  usePreview,
  waitFor,
} from "./serve-helpers.ts";

// The preview server's routes, the hosts it answers for, the port it takes and the index of briefs.

describe("briefdeck serve: routes and hosts", () => {
  const previews = usePreview();

  it("routes are case-sensitive: /<slug>.PDF is not the PDF, /Alpha.html is not /alpha.html", async () => {
    const dir = coalitionProject([SLUG, "Alpha"]);
    const port = (await previews.start(dir)).preview.server.port;
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
    const { preview } = await startTestPreview(coalitionProject(), undefined, undefined, "127.0.0.2");
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
  const previews = usePreview();

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
    const run = await previews.start(dir);
    const index = (await httpRequest(run.preview.server.port, "/")).body.toString();
    // Its judgments: one cites a source but quotes no evidence, the other cites none.
    expect(index).toMatch(/uncited<\/a> <span class="ok">ok, 2 warnings<\/span>/);
    expect(index).toMatch(/clean<\/a> <span class="ok">ok<\/span>/);
  });

  it("a deleted brief leaves the index and is no longer served", async () => {
    const dir = coalitionProject([SLUG, "second-brief"]);
    const run = await previews.start(dir);
    const port = run.preview.server.port;
    expect((await httpRequest(port, "/")).body.toString()).toContain("second-brief");
    rmSync(join(dir, "briefs", "second-brief.yaml"));
    await waitFor("the removal", () => run.rebuilds.some((r) => r.removed.includes("second-brief")));
    expect((await httpRequest(port, "/")).body.toString()).not.toContain("second-brief");
    expect((await httpRequest(port, "/second-brief.html")).status).toBe(404);
    expect((await httpRequest(port, `/${SLUG}.html`)).status).toBe(200);
  });

  it("two briefs with one slug (a.yaml, a.yml) are both named as a collision, as build does, not one hidden", async () => {
    const one = (title: string) => `title: ${title}\nslides:\n  - layout: text\n    title: S\n    body: B.\n`;
    const dir = makeProject({ "briefs/a.yaml": one("Alpha yaml"), "briefs/a.yml": one("Alpha yml") });
    const run = await previews.start(dir);
    const port = run.preview.server.port;
    const live = run.preview.project.get("a");
    expect(live?.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `output-collision this brief and ${join(dir, "briefs/a.yml")} would both write a.html`,
      `output-collision this brief and ${join(dir, "briefs/a.yaml")} would both write a.html`,
    ]);
    expect((await httpRequest(port, "/")).body.toString()).toMatch(/a<\/a> <span class="bad">/);
    // Renaming one ends the collision: both are served, each under its own name.
    renameSync(join(dir, "briefs/a.yml"), join(dir, "briefs/b.yml"));
    await waitFor("both served", async () => (await httpRequest(port, "/b.html")).status === 200);
    await run.settle();
    expect(run.preview.project.get("a")?.diagnostics).toEqual([]);
    expect((await httpRequest(port, "/a.html")).body.toString()).toContain("Alpha yaml");
  });
});
