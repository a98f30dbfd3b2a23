#!/usr/bin/env node
// Runs the bundled CLI (lib/briefdeck.cjs, built by `npm install`) with V8's code cache, so starting
// skips parsing and compiling the bundle. A cache from another Node version is rejected by V8 and ignored.
import { readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, Script } from "node:vm";

const file = fileURLToPath(new URL("../lib/briefdeck.cjs", import.meta.url));
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
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
process.exitCode = await module.exports.main(process.argv.slice(2));
if (process.env.BRIEFDECK_WRITE_CODE_CACHE === "1") writeFileSync(cacheFile, script.createCachedData());
