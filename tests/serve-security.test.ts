import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { hostNames } from "../src/serve/hosts.ts";
import {
  coalitionProject,
  httpRequest,
  rawRequest,
  SLUG,
  sleep,
  startTestPreview,
  tokenOf,
  usePreview,
  withBackgroundTitle,
} from "./serve-helpers.ts";

// What the preview server lets through: only loopback hosts, the token-guarded reload channel, no paths
// outside its decks, no CORS.

describe("briefdeck serve: what the server lets through", () => {
  const previews = usePreview();

  async function setUp() {
    const dir = coalitionProject();
    const run = await previews.start(dir);
    const port = run.preview.server.port;
    const deck = await httpRequest(port, `/${SLUG}.html`);
    expect(deck.status).toBe(200);
    return { dir, port, run, token: tokenOf(deck.body.toString()) };
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

  it("on --host 0.0.0.0 answers the machine's addresses and localhost, and still refuses DNS names", async () => {
    const { preview } = await startTestPreview(coalitionProject(), undefined, undefined, "0.0.0.0");
    try {
      const port = preview.server.port;
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `192.168.1.20:${port}`,
        `[::1]:${port}`,
      ]) {
        expect((await httpRequest(port, `/${SLUG}.html`, { Host: host })).status, host).toBe(200);
      }
      for (const host of [`evil.example:${port}`, `192.168.1.20:${port + 1}`, "192.168.1.20"]) {
        expect((await httpRequest(port, "/", { Host: host })).status, host).toBe(403);
      }
      const token = tokenOf((await httpRequest(port, `/${SLUG}.html`)).body.toString());
      const url = `ws://127.0.0.1:${port}/__briefdeck/live?token=${token}&slug=${SLUG}`;
      const lan = { origin: `http://192.168.1.20:${port}`, headers: { Host: `192.168.1.20:${port}` } };
      const opened = await tryChannel(url, lan);
      expect(opened.opened).toBe(true);
      opened.socket?.terminate();
      const foreign = { origin: `http://evil.example:${port}`, headers: { Host: `192.168.1.20:${port}` } };
      expect((await tryChannel(url, foreign)).opened).toBe(false);
    } finally {
      await preview.close();
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

describe("the Host names the server answers to", () => {
  it("take the port a browser sends, and none for HTTP's own port 80, as it sends none", () => {
    const loopback = hostNames("127.0.0.1");
    expect(loopback.allowed("localhost:4100", 4100)).toBe(true);
    expect(loopback.allowed("localhost", 4100)).toBe(false);
    expect(loopback.allowed("localhost", 80)).toBe(true);
    expect(loopback.allowed("[::1]", 80)).toBe(true);
    expect(loopback.allowed("localhost:81", 80)).toBe(false);
    expect(loopback.allowed("rebound.example", 80)).toBe(false);
    expect(loopback.allowed(undefined, 80)).toBe(false);
  });
});
