import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import type { RebuildResult } from "../src/serve/live-project.ts";
import { type Preview, startPreview } from "../src/serve/preview.ts";
import { makeProject, ROOT } from "./helpers.ts";
import { alive, descendants, isChromium, type Proc, processes } from "./pdf-helpers.ts";

export const SLUG = "coalition-vs-peacekeeping";
export const BRIEF = join(ROOT, "briefs", `${SLUG}.yaml`);
export const BIN = join(ROOT, "bin/briefdeck.cjs");
export const LIB = join(ROOT, "lib/briefdeck.cjs");

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

/** Starts the preview on an ephemeral loopback port with the product's settle time. */
export async function startTestPreview(projectRoot: string, templatesDir?: string): Promise<TestPreview> {
  const state = { rebuilds: [] as RebuildResult[], starts: 0 };
  const preview = await startPreview({
    projectRoot,
    templatesDir,
    host: "127.0.0.1",
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

// ---- puppeteer -------------------------------------------------------------------------------------

export interface RevealLike {
  isReady(): boolean;
  getIndices(): { h: number; v: number; f?: number };
  getCurrentSlide(): HTMLElement;
  slide(h: number, v?: number, f?: number): void;
  nextFragment(): boolean;
}

/** Waits until Reveal is ready on the page (across a reload, which destroys the context meanwhile). */
export async function revealReady(page: Page, timeout = 20_000): Promise<void> {
  await waitFor(
    "Reveal to be ready",
    () =>
      page.evaluate(() => (globalThis as unknown as { Reveal?: RevealLike }).Reveal?.isReady?.() === true),
    timeout,
  );
}

/** Where the deck is and what its current slide shows. */
export async function deckState(page: Page): Promise<{
  h: number;
  f: number | undefined;
  title: string;
  marker: unknown;
  overlay: string | undefined;
  hash: string;
}> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { Reveal: RevealLike; __marker?: unknown };
    const indices = g.Reveal.getIndices();
    const slide = g.Reveal.getCurrentSlide();
    return {
      h: indices.h,
      f: indices.f,
      title: slide?.querySelector("h2")?.textContent?.trim() ?? "",
      marker: g.__marker,
      overlay: document.getElementById("briefdeck-overlay")?.textContent ?? undefined,
      hash: location.hash,
    };
  });
}

/** Marks the page so that a reload shows: the marker is gone afterwards. */
export async function mark(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __marker: number }).__marker = 1;
  });
}

/** Whether the page still carries the marker (false after a reload). */
export async function marked(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker === 1);
}

/**
 * Counts the live client's WebSocket handshakes the page completes (one per load), from the DevTools
 * protocol, so a test changes a file only once the page can hear about it.
 */
export async function trackSockets(
  page: Page,
): Promise<{ opened(): number; waitOpened(count: number, timeout?: number): Promise<void> }> {
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  let opened = 0;
  cdp.on("Network.webSocketHandshakeResponseReceived", (event) => {
    if (event.response.status === 101) opened++;
  });
  return {
    opened: () => opened,
    async waitOpened(count, timeout = 20_000) {
      await waitFor(`${count} open reload channel(s)`, () => opened >= count, timeout);
    },
  };
}

// ---- child processes ---------------------------------------------------------------------------------

/** Builds lib/ (the bundle the CLI runs) when it is missing. */
export function ensureBundle(): void {
  if (!existsSync(LIB)) execFileSync("npm", ["run", "compile"], { cwd: ROOT, stdio: "ignore" });
}

/** The real CLI running as a child process, with its stderr and every Chromium it started. */
export interface CliChild {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves when the process has exited (or after `timeout` ms). */
  waitExit(timeout?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined>;
  /** Every Chromium process seen among its descendants so far. */
  chromium(): Proc[];
  /** Chromium processes of this run that are still alive. */
  leftover(): Proc[];
  /** Kills the child and any Chromium of this run that is still there. */
  cleanup(): Promise<void>;
}

/** Spawns `node bin/briefdeck.cjs ...args` in `cwd` and tracks its descendants every few ms. */
export function spawnCli(args: string[], cwd: string): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  const pid = child.pid as number;
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  const started = new Map<number, Proc>();
  const track = () => {
    for (const p of descendants(pid)) if (isChromium(p)) started.set(p.pid, p);
  };
  const tracker = setInterval(track, 20);
  void exited.then(() => clearInterval(tracker));
  // Puppeteer starts Chromium in a process group of its own; never count the test runner's group.
  const ownGroup = processes().find((p) => p.pid === process.pid)?.pgid;
  const leftover = () => {
    const groups = new Set([...started.values()].map((p) => p.pgid).filter((g) => g !== ownGroup));
    return alive(processes()).filter((p) => isChromium(p) && (started.has(p.pid) || groups.has(p.pgid)));
  };
  return {
    child,
    pid,
    stderr: () => stderr,
    exited: () => exit,
    async waitExit(timeout = 30_000) {
      await Promise.race([exited, sleep(timeout)]);
      return exit;
    },
    chromium: () => {
      track();
      return [...started.values()];
    },
    leftover,
    async cleanup() {
      clearInterval(tracker);
      if (exit === undefined) {
        child.kill("SIGKILL");
        await Promise.race([exited, sleep(5_000)]);
      }
      for (const p of leftover()) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    },
  };
}

/** Reads a file, or undefined when it does not exist (yet). */
export function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
