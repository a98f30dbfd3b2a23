#!/usr/bin/env node
// Runs the bundled CLI (lib/briefdeck.cjs, built by `npm install`) with V8's code cache, so starting
// skips parsing and compiling the bundle. A cache from another Node version is rejected by V8 and ignored.
// CommonJS, not an ES module: Node then starts without its ES module loader, a few milliseconds sooner.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const { constants, Script } = require("node:vm");

const file = join(__dirname, "..", "lib", "briefdeck.cjs");
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet: V8 compiles as usual.
}
const script = new Script(Module.wrap(readFileSync(file, "utf8")), {
  filename: file,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, dirname(file));
bundle.exports.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (process.env.BRIEFDECK_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
  },
  (error) => {
    // main turns every mistake in a brief or a command line into a message and an exit code; what
    // reaches here is a bug in briefdeck, shown whole so it can be reported.
    console.error(error);
    process.exitCode = 1;
  },
);
