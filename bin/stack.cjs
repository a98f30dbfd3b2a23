// A crash's stack trace as the source has it. The command line's bundle has short local names (see
// scripts/bundle.mjs), so its frames read "at Ke (lib/briefdeck.cjs:64:1203)"; the source map written
// beside it gives the file and line of src/ each frame was at, read with source-map-js. Only a crash
// (a bug in briefdeck, shown whole so it can be reported) comes here; when the map cannot be read, the
// stack is shown as it is.
"use strict";
const { readFileSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");

/** `error`'s stack with each frame in `bundle` (a file path) placed in the source instead. */
function readableStack(error, bundle) {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : String(error);
  let consumer;
  try {
    const { SourceMapConsumer } = require("source-map-js");
    consumer = new SourceMapConsumer(JSON.parse(readFileSync(`${bundle}.map`, "utf8")));
  } catch {
    return stack;
  }
  const root = join(dirname(bundle), "..");
  const frame = /^(\s+at )(?:(.*?) \()?(.*?):(\d+):(\d+)(\)?)$/;
  return stack
    .split("\n")
    .map((line) => {
      const found = frame.exec(line);
      if (found === null || found[3] !== bundle) return line;
      const [, at, , , row, column] = found;
      const original = consumer.originalPositionFor({ line: Number(row), column: Number(column) - 1 });
      if (original.source === null) return line;
      // The place in the source, without the bundle's short name for the function (the map names what
      // stands at a place, not the function around it): the line there says which function it is.
      const file = relative(root, join(dirname(bundle), original.source));
      return `${at}${file}:${original.line}:${original.column + 1}`;
    })
    .join("\n");
}

module.exports = { readableStack };
