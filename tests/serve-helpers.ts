import { cpSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { RebuildResult } from "../src/serve/live-project.ts";
import { type Preview, type PreviewOptions, startPreview } from "../src/serve/preview.ts";
import { makeProject, ROOT } from "./helpers.ts";

export const SLUG = "coalition-vs-peacekeeping";
export const BRIEF = join(ROOT, "briefs", `${SLUG}.yaml`);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined/false, or fails after `timeout` ms with
 * `what` and the last value or error seen. Errors thrown by the probe (a page navigating away) are retried.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeout = 20_000,
  interval = 50,
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    await sleep(interval);
  }
}

/** A temporary project with the first brief copied in under the given slugs (default: its own). */
export function coalitionProject(slugs: string[] = [SLUG]): string {
  const dir = makeProject();
  for (const slug of slugs) cpSync(BRIEF, join(dir, "briefs", `${slug}.yaml`));
  return dir;
}

/** A running in-process preview, with every rebuild it reported. */
export interface TestPreview {
  preview: Preview;
  /** Rebuilds after the first build, in order. */
  rebuilds: RebuildResult[];
  /** How many first builds (server starts) were reported: always 1 for one preview. */
  starts: number;
  /** Waits until no rebuild runs, then a quiet margin, then until idle again. */
  settle(margin?: number): Promise<void>;
}

/** Starts the preview on an ephemeral port of `host` (loopback unless given) with the product's settle time. */
export async function startTestPreview(
  projectRoot: string,
  templatesDir?: string,
  theme?: PreviewOptions["theme"],
  host = "127.0.0.1",
): Promise<TestPreview> {
  const state = { rebuilds: [] as RebuildResult[], starts: 0 };
  const preview = await startPreview({
    projectRoot,
    templatesDir,
    theme,
    host,
    port: 0,
    browser: { executable: undefined, wsEndpoint: undefined, env: process.env, protocolTimeout: 60_000 },
    producer: "test",
    settle: 15,
    log: () => {},
    onRebuild: (result, milliseconds) => {
      if (milliseconds === undefined) state.starts++;
      else state.rebuilds.push(result);
    },
  });
  return {
    preview,
    get rebuilds() {
      return state.rebuilds;
    },
    get starts() {
      return state.starts;
    },
    async settle(margin = 300) {
      await preview.idle();
      await sleep(margin);
      await preview.idle();
    },
  };
}

/**
 * The in-process preview for a describe block: `start` runs one on an ephemeral port, and every preview
 * started is closed after each test.
 */
export function usePreview(): { start(projectRoot: string, templatesDir?: string): Promise<TestPreview> } {
  const running: TestPreview[] = [];
  afterEach(async () => {
    for (const run of running.splice(0)) await run.preview.close();
  });
  return {
    async start(projectRoot, templatesDir) {
      const run = await startTestPreview(projectRoot, templatesDir);
      running.push(run);
      return run;
    },
  };
}

/** The slugs a rebuild reloaded. */
export function reloadedSlugs(result: RebuildResult): string[] {
  return result.reloaded.map((live) => live.slug).sort();
}

/** A raw HTTP/1.1 exchange over a socket: the request target is sent byte for byte, never normalised. */
export function rawRequest(
  port: number,
  target: string,
  headers: Record<string, string | null> = {},
  method = "GET",
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const all = { Host: `127.0.0.1:${port}`, Connection: "close", ...headers };
    // A header given as null is left out altogether.
    const lines = Object.entries(all)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}: ${v}`);
    socket.on("connect", () => socket.write(`${method} ${target} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? "0");
      resolve({ status, head, body: split < 0 ? "" : text.slice(split + 4) });
    });
  });
}

/** A request with node:http, which lets the test set Host and Origin (fetch may not). */
export function httpRequest(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)));
    req.end();
  });
}

/** The reload channel's token, read from the live client a served deck carries. */
export function tokenOf(html: string): string {
  const match = /var config = (\{"token":[^\n]*?\});/.exec(html);
  if (match?.[1] === undefined) throw new Error("the served deck has no live client config");
  return (JSON.parse(match[1]) as { token: string }).token;
}

/** Whether something accepts TCP connections on the loopback port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** The first brief's fourth slide (index 3): a bullets slide whose title is one plain line of YAML. */
export const BACKGROUND_TITLE = "Peacekeeping’s three principles are not passivity";
/** The first brief's third slide (index 2): its `step: true` bullets slide. */
export const OPTIONS_TITLE = "A Western coalition is now the leading option";

/** The YAML text of the first brief with the fourth slide's (BACKGROUND_TITLE) title replaced. */
export function withBackgroundTitle(source: string, title: string): string {
  const next = source.replace(`\n    title: ${BACKGROUND_TITLE}\n`, `\n    title: ${title}\n`);
  if (next === source) throw new Error("the fourth slide's title was not found in the brief");
  return next;
}

/** The YAML text of the first brief with the third slide's (OPTIONS_TITLE) title replaced. */
export function withOptionsTitle(source: string, title: string): string {
  const next = source.replace(`\n    title: ${OPTIONS_TITLE}\n`, `\n    title: ${title}\n`);
  if (next === source) throw new Error("the step slide's title was not found in the brief");
  return next;
}
