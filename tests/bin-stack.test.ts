import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureBundle } from "./cli-helpers.ts";
import { ROOT } from "./helpers.ts";

// A crash (a bug in briefdeck) prints its stack read back through the bundle's source map: the bundle's
// local names are short, so its own frames would say nothing (bin/stack.cjs, scripts/bundle.mjs).

const { readableStack } = createRequire(import.meta.url)(join(ROOT, "bin", "stack.cjs")) as {
  readableStack(error: unknown, bundle: string): string;
};

/** An error whose stack has a frame at `text`'s place in the bundle, and one of Node's own. */
function errorAt(bundle: string, text: string): Error {
  const source = readFileSync(bundle, "latin1");
  const index = source.indexOf(text);
  expect(index, `"${text}" in the bundle`).toBeGreaterThan(0);
  const before = source.slice(0, index);
  const line = before.split("\n").length;
  const column = index - before.lastIndexOf("\n");
  const error = new Error("a bug");
  error.stack = `Error: a bug\n    at Ab (${bundle}:${line}:${column})\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
  return error;
}

describe("a crash's stack trace", () => {
  it("names the source file and line of each of the bundle's frames, and leaves Node's alone", () => {
    ensureBundle();
    const bundle = join(ROOT, "lib", "briefdeck.cjs");
    const lines = readableStack(errorAt(bundle, "is no longer used: the handout"), bundle).split("\n");
    expect(lines[0]).toBe("Error: a bug");
    const templates = readFileSync(join(ROOT, "src/render/templates.ts"), "utf8").split("\n");
    const at = /^ {4}at src\/render\/templates\.ts:(\d+):\d+$/.exec(lines[1] ?? "");
    expect(at, lines[1]).not.toBeNull();
    expect(templates[Number(at?.[1]) - 1]).toContain("is no longer used");
    expect(lines[2]).toBe(
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    );
  });

  it("is shown as it is when the bundle has no source map beside it", () => {
    const error = new Error("a bug");
    error.stack = "Error: a bug\n    at Ab (/nowhere/briefdeck.cjs:2:10)";
    expect(readableStack(error, "/nowhere/briefdeck.cjs")).toBe(error.stack);
  });
});
