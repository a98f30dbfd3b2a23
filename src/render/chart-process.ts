import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EnvironmentError } from "../errors.ts";
import { lazyRequire } from "../lazy-require.ts";
import type { ChartJob, ChildMessage, ChildOutcome, ChildRequest } from "./chart-child.ts";

// The charts are drawn in a process of their own (lib/chart.cjs, src/render/chart-child.ts) with a heap
// limit and a time limit: a spec whose expressions build a string or an array too big for memory, or
// never finish, makes V8 abort that process, never briefdeck (build, check, serve). One process serves
// every brief of a run: started as soon as a brief looks like it has charts (while the rest compiles),
// kept warm between rebuilds in serve and build --watch, replaced after it dies. Idle, it does not keep
// briefdeck running, and it exits when briefdeck does.

/** The charts' process' heap (old space), MB: a slide's chart needs a few. */
const HEAP_MB = 512;
/** How long one request (a brief's charts) may take, ms. */
const TIME_LIMIT_MS = 10_000;
/** How much of the process' stderr is kept, to tell running out of memory from other deaths. */
const KEPT_STDERR = 4096;

/** A chart the process could not draw: why (it ran out of memory or time, or stopped). */
export interface Runaway {
  runaway: string;
}

/** A request waiting for its charts: their outcomes so far, and what to do on each message or at the end. */
interface Waiting {
  outcomes: ChildOutcome[];
  check(): void;
}

interface Renderer {
  child: ChildProcess | undefined;
  ready: boolean;
  stderr: string;
  /** The requests sent and not yet answered in full, by id. */
  waiting: Map<number, Waiting>;
  /** Why it can no longer draw, once it has ended or failed to start. */
  ended?: { started: boolean; reason: string };
  /**
   * The request it was drawing when it ended (requests are drawn in the order sent), or whose time ran
   * out: the others are innocent, and asked again of the next process.
   */
  culprit?: number;
}

let current: Renderer | undefined;
let requests = 0;

/** The lib/chart.cjs beside the bundle, or the repository's (from the sources, as the tests run them). */
function entry(): string {
  const relative = import.meta.url.endsWith(".cjs") ? "./chart.cjs" : "../../lib/chart.cjs";
  return fileURLToPath(new URL(relative, import.meta.url));
}

/** Whether a brief's text looks like it has charts: its charts' process can start before it is parsed. */
export function mayHaveCharts(source: string): boolean {
  return /^\s*(?:-\s+)?layout:\s*["']?chart\b|```+\s*vega-lite/m.test(source);
}

/**
 * The charts' process's environment: this one's, less NODE_EXTRA_CA_CERTS. Node 20 reads and parses that
 * file, with its own certificates, as it starts, before any code runs (nodejs/node#40524): about 30 ms of
 * every start where it is set, as behind a company's proxy. The charts' process opens no connection
 * (vega's loader refuses every URL), so it has no use for them.
 */
export function chartProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // By any capitals: Windows reads its environment's names so.
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name.toUpperCase() !== "NODE_EXTRA_CA_CERTS"),
  );
}

/** Starts the charts' process unless one is running. */
export function warmChartProcess(): void {
  if (current === undefined || current.ended !== undefined) current = start();
}

function end(renderer: Renderer, reason: string): void {
  renderer.ended ??= { started: renderer.ready, reason };
  renderer.culprit ??= renderer.waiting.keys().next().value;
  for (const waiting of [...renderer.waiting.values()]) waiting.check();
}

function start(): Renderer {
  const renderer: Renderer = { child: undefined, ready: false, stderr: "", waiting: new Map() };
  let child: ChildProcess;
  try {
    // Loaded here, not at the top: node:child_process costs a cold build about 4 ms, and most briefs
    // have no chart.
    const { spawn } = lazyRequire("node:child_process") as typeof import("node:child_process");
    child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, entry()], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
      env: chartProcessEnv(process.env),
    });
  } catch (error) {
    // Some failures (EMFILE, EAGAIN) are thrown at once rather than sent as an "error" event.
    end(renderer, (error as Error).message);
    return renderer;
  }
  renderer.child = child;
  child.on("error", (error) => end(renderer, error.message));
  // "close", not "exit": V8's last words on stderr (out of memory) have been read by then.
  child.on("close", (code, signal) =>
    end(renderer, signal === null ? `exit code ${code}` : `signal ${signal}`),
  );
  child.on("message", (message: ChildMessage) => {
    if ("ready" in message) {
      renderer.ready = true;
      return;
    }
    const waiting = renderer.waiting.get(message.request);
    if (waiting === undefined) return;
    waiting.outcomes[message.index] = message.outcome;
    waiting.check();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    renderer.stderr = (renderer.stderr + chunk.toString("utf8")).slice(-KEPT_STDERR);
  });
  hold(renderer, false);
  return renderer;
}

/** While no chart is being drawn, neither the process nor its pipes keep briefdeck running. */
function hold(renderer: Renderer, held: boolean): void {
  const { child } = renderer;
  if (child === undefined) return;
  type Handle = { ref?: () => void; unref?: () => void } | null | undefined;
  for (const handle of [child, child.stderr as Handle, child.channel as Handle]) {
    if (held) handle?.ref?.();
    else handle?.unref?.();
  }
}

/**
 * Draws the charts in the charts' process, in order: each one's outcome, or a Runaway for the chart it
 * was drawing when it ran out of memory or time (the charts after it are drawn by a new process). Throws
 * an EnvironmentError when the process cannot start.
 */
export async function drawCharts(jobs: ChartJob[]): Promise<Array<ChildOutcome | Runaway>> {
  const outcomes: Array<ChildOutcome | Runaway> = [];
  while (outcomes.length < jobs.length) {
    warmChartProcess();
    const drawn = await request(current as Renderer, jobs.slice(outcomes.length));
    outcomes.push(...drawn.outcomes);
    if (drawn.runaway !== undefined) outcomes.push({ runaway: drawn.runaway });
  }
  return outcomes;
}

/**
 * One request: the outcomes drawn, and why the process stopped before the next one (none when it
 * stopped over another request's chart: this one's next chart is then asked of the next process).
 */
function request(
  renderer: Renderer,
  jobs: ChartJob[],
): Promise<{ outcomes: ChildOutcome[]; runaway?: string }> {
  const id = ++requests;
  return new Promise((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      renderer.waiting.delete(id);
      if (renderer.waiting.size === 0 && renderer.ended === undefined) hold(renderer, false);
    };
    const retire = () => {
      if (current === renderer) current = undefined;
      renderer.child?.kill("SIGKILL");
    };
    const waiting: Waiting = {
      outcomes: [],
      check() {
        const { outcomes } = waiting;
        if (outcomes.length === jobs.length) {
          settle();
          return resolve({ outcomes });
        }
        const ended = renderer.ended;
        if (ended === undefined) return;
        settle();
        retire();
        if (!ended.started) return reject(cannotStart(ended.reason, renderer.stderr));
        if (renderer.culprit !== id) return resolve({ outcomes });
        const memory = /heap out of memory|allocation failed/i.test(renderer.stderr);
        resolve({
          outcomes,
          runaway: memory
            ? `ran out of memory (${HEAP_MB} MB) while being drawn`
            : `could not be drawn: the charts' process stopped (${ended.reason})`,
        });
      },
    };
    // Requests are drawn in turn: a request's time runs out only while the process draws it.
    const arm = (): NodeJS.Timeout =>
      setTimeout(() => {
        // Killed over another request's time: its "close" follows, and this request is asked again.
        if (renderer.culprit !== undefined) return;
        if (renderer.waiting.keys().next().value !== id) {
          timer = arm();
          return;
        }
        settle();
        renderer.culprit = id;
        retire();
        if (!renderer.ready)
          return reject(cannotStart(`it did not start within ${TIME_LIMIT_MS / 1000} s`, ""));
        resolve({
          outcomes: waiting.outcomes,
          runaway: `took longer than ${TIME_LIMIT_MS / 1000} s to draw`,
        });
      }, TIME_LIMIT_MS);
    let timer = arm();
    renderer.waiting.set(id, waiting);
    // A process that could not be spawned (EMFILE, EAGAIN) has no channel; its "error" event follows.
    if (renderer.ended === undefined && typeof renderer.child?.send === "function") {
      hold(renderer, true);
      const message: ChildRequest = { request: id, jobs };
      // A failed send means the process has ended: its "close" follows, with the reason.
      renderer.child.send(message, () => {});
    }
    waiting.check();
  });
}

function cannotStart(reason: string, stderr: string): EnvironmentError {
  const said = stderr.split("\n").find((line) => /Error\b/.test(line));
  const fix = /EMFILE|ENFILE|EAGAIN|ENOMEM/.test(reason)
    ? "too many open files or processes: close some, or raise the limit (ulimit -n, ulimit -u)"
    : "check that node runs it and that the file exists (in a checkout: npm run compile)";
  const detail = said === undefined ? reason : `${reason}: ${said.trim()}`;
  return new EnvironmentError(`the charts' process (${entry()}) cannot start (${detail}); ${fix}`);
}
