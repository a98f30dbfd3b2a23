#!/usr/bin/env node
// Runs the bundled CLI (lib/briefdeck.cjs) with V8's code cache, so starting skips parsing and compiling
// the bundle (about a quarter of a cold HTML build). The cache is an optimisation, never a requirement:
// - its file name carries the bundle's build id (the bundle's first line), so a cache made for another
//   bundle is never read, even one of the same length (V8 itself checks only the length);
// - V8 rejects a cache from another Node version or a corrupt one, and the bundle then compiles as usual;
// - when there is none, or V8 rejected it (or BRIEFDECK_WRITE_CODE_CACHE=1), one is written after the run, beside the bundle or, where that
//   folder is read-only, in the user's cache folder.
// CommonJS, not an ES module: Node then starts without its ES module loader, a few milliseconds sooner.
"use strict";
// V8 optimises a function with TurboFan once it has run a while (its interrupt budget, 66 kB of bytecode
// executed). A build is short, and most of those compiles cost more than they return: at eight times the
// budget a cold HTML build took about 14% less CPU and a 300-slide build with its PowerPoint 25% less,
// while the long loops (zipping, fonts, PDFs) still get optimised; sixteen times is about 1% sooner again
// for a cold HTML build (paired, N=30, twice), and no slower with PDFs or 300 slides and a PowerPoint.
// Set before the bundle is compiled.
// V8 also runs a regular expression's first match in its bytecode interpreter and compiles it to machine
// code only from the second. marked's block rules (its setext-heading rule above all) scan a whole
// paragraph at every block, and interpreted that costs a cold build about 12 ms of its markdown's 18:
// compiled at once, every match is fast and the compiling costs less than the interpreting did.
// And no incremental marking: a cold HTML build ends near the point where V8 would start a full collection
// in steps, and paid about 6 % when it crossed it (ARCHITECTURE.md, Start-up, says more).
const v8 = require("node:v8");
v8.setFlagsFromString("--interrupt-budget=1081344");
v8.setFlagsFromString("--no-regexp-tier-up");
v8.setFlagsFromString("--no-incremental-marking");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { constants } = require("node:vm");
const { runCached } = require("./code-cache.cjs");

const file = join(__dirname, "..", "lib", "briefdeck.cjs");
let source;
try {
  // Latin-1: the bundle is ASCII (scripts/bundle.mjs refuses to write one that is not), and V8 gets a
  // one-byte string copied as it is, sooner than UTF-8 decoded and checked.
  source = readFileSync(file, "latin1");
} catch {
  // A git checkout installed with --ignore-scripts (or a clone never built): lib/ is made when packing.
  const root = join(__dirname, "..");
  console.error(
    `briefdeck: ${file} is missing: this copy was never built. Install a packed release ` +
      `(npm install briefdeck-<version>.tgz, or a release tag: see README), or build it: cd ${root} && npm install && npm run compile`,
  );
  process.exit(3);
}
const bundle = runCached(file, source, "briefdeck", {
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
bundle.exports.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (bundle.stale || process.env.BRIEFDECK_WRITE_CODE_CACHE === "1") bundle.writeCache();
  },
  (error) => {
    // main turns every mistake in a brief or a command line into a message and an exit code; what
    // reaches here is a bug in briefdeck, shown whole so it can be reported: its stack read back through
    // the bundle's source map (bin/stack.cjs).
    console.error(require("./stack.cjs").readableStack(error, file));
    process.exitCode = 1;
  },
);
