import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseBrief } from "../src/brief/parse-brief.ts";
import { validateBrief } from "../src/brief/validate-brief.ts";
import { main } from "../src/cli.ts";
import type { Io } from "../src/io.ts";

export const ROOT = join(import.meta.dirname, "..");
export const FIXTURES = join(ROOT, "tests", "fixtures");

/** Every brief and fixture YAML file in the repository (briefs, the warm-up brief, all fixture folders). */
export const YAML_FILES = [
  join(ROOT, "briefs"),
  join(ROOT, "scripts"),
  ...["valid", "invalid", "lint", "pdf", "a11y", "lang"].map((dir) => join(FIXTURES, dir)),
].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join(dir, f)),
);

/** A seeded random integer below n, the same sequence every run (an LCG): for reproducible mutations. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

/** Parses and validates YAML text as if it were briefs/<file>. */
export function validateSource(source: string, file = "briefs/test.yaml") {
  return validateBrief(parseBrief(source, file), { projectRoot: ROOT });
}

/** Runs the CLI in-process, capturing its output; `env` adds environment variables. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    cwd,
    env: { NO_COLOR: "1", ...env },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    interactive: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The notes the every-layout fixture carries, one sentinel per slide that has notes. */
export const EVERY_LAYOUT_NOTES = [
  "Judgment notes sentinel",
  "Bullet notes sentinel",
  "Comparison notes sentinel",
  "Text notes sentinel",
  "Quote notes sentinel",
  "Annex notes sentinel",
  "Timeline notes sentinel",
  "Figures notes sentinel",
];

/** The every-layout fixture and the image it inlines, as makeProject files. */
export const EVERY_LAYOUT = {
  "briefs/every-layout.yaml": "fixture:valid/every-layout.yaml",
  "briefs/assets/lines.svg": "fixture:valid/assets/lines.svg",
  "briefs/assets/alpha.txt": "fixture:valid/assets/alpha.txt",
  "briefs/assets/beta.html": "fixture:valid/assets/beta.html",
  "briefs/assets/pledges.csv": "fixture:valid/assets/pledges.csv",
} as const;

/** A temporary project folder holding the given fixture files under briefs/ (and any assets). */
export function makeProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "briefdeck-test-"));
  mkdirSync(join(dir, "briefs"), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    cpSync(
      content.startsWith("fixture:") ? join(FIXTURES, content.slice(8)) : writeTemp(content),
      join(dir, name),
      {
        recursive: true,
      },
    );
  }
  return dir;
}

function writeTemp(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "briefdeck-src-")), "content");
  writeFileSync(file, content);
  return file;
}

/** Reads a file as UTF-8. */
export function read(path: string): string {
  return readFileSync(path, "utf8");
}

/** A minimal valid brief with the given slides (YAML lines, indented under `slides:`). */
export function brief(slides: string, header = ""): string {
  return `title: Test brief\ndate: 2026-11-25\nversion: "1.0"\nmarking: TEST MARKING\n${header}slides:\n${slides}`;
}

/** The first brief's source text, which lives beside the repository (../shared/source) and never in it. */
export const SOURCE_TEXT = join(ROOT, "../shared/source/balancing-act.txt");

/**
 * Whether the tests that verify the first brief's quotes against its source run. On a developer's
 * machine without ../shared they skip and say so; in CI (CI=true) a missing source fails the run instead.
 */
export function sourceAvailable(): boolean {
  if (existsSync(SOURCE_TEXT)) return true;
  if (process.env.CI) throw new Error(`CI=true but the first brief's source is missing: ${SOURCE_TEXT}`);
  console.warn(`source tests skipped: no ${SOURCE_TEXT} beside the repository`);
  return false;
}
