import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll } from "vitest";
import { bundleStaleness } from "./bundle-freshness.ts";
import { ROOT } from "./helpers.ts";
import { alive, descendants, isChromium, type Proc, processes } from "./pdf-helpers.ts";
import { sleep } from "./serve-helpers.ts";

export const BIN = join(ROOT, "bin/briefdeck.cjs");
export const LIB = join(ROOT, "lib/briefdeck.cjs");

/**
 * A copy of the installed package's runtime (bin, lib, templates) without its code caches, sharing the
 * repository's node_modules: for tests of how the bins make, read and reject caches.
 */
export function copyPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), "briefdeck-pkg-"));
  for (const part of ["bin", "lib", "templates", "package.json"])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  for (const name of readdirSync(join(dir, "lib")))
    if (name.endsWith(".cache")) rmSync(join(dir, "lib", name));
  return dir;
}

/**
 * Fails when lib/ (the bundle the CLI runs) is older than src/ or templates/: the global setup rebuilds it
 * once before the workers start, so this only trips when a source changed during the run.
 */
export function ensureBundle(): void {
  const stale = bundleStaleness(ROOT);
  if (stale !== undefined) throw new Error(`${stale}: run \`npm run compile\` (or restart vitest)`);
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

/** Spawns `node bin/briefdeck.cjs ...args` in `cwd` (with `env` added) and tracks its descendants every few ms. */
export function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
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

/**
 * The spawned CLI for a test file: checks the bundle once, and after each test kills the child it spawned
 * and any Chromium of its run.
 */
export function useCli(): { spawn(args: string[], cwd: string): CliChild } {
  let running: CliChild | undefined;
  beforeAll(ensureBundle);
  afterEach(async () => {
    await running?.cleanup();
    running = undefined;
  });
  return {
    spawn(args, cwd) {
      running = spawnCli(args, cwd);
      return running;
    },
  };
}
