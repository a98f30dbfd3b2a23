// Runs a bundled CommonJS file with V8's code cache, so it need not be parsed and compiled at every start:
// bin/briefdeck.cjs runs lib/briefdeck.cjs with it, the command line runs lib/puppeteer.cjs
// (src/browser/puppeteer.ts), and the charts' process (lib/chart.cjs) runs lib/chart-engine.cjs. The
// cache is keyed by the bundle's build (its first line names it: `// <name> build <id>`) and Node's
// version, read from beside the bundle or the user's cache folder, and never required: V8 rejects a stale
// or corrupt one and compiles as usual.
"use strict";
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { homedir } = require("node:os");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");

/**
 * Runs `source` (the text of `file`, a bundle named `name`) as a CommonJS module from its code cache.
 * Returns its exports, whether the cache was missing or stale, and `writeCache()`, which stores the cache
 * as compiled so far (call it after the bundle has run its work, so the functions it compiled are in it).
 */
function runCached(file, source, name, scriptOptions = {}) {
  const build = new RegExp(`^// ${name} build ([0-9a-f]+)`).exec(source)?.[1] ?? "unknown";
  const cacheName = `${name}.${build}.${process.version}.cache`;
  const places = [
    join(dirname(file), cacheName),
    join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "briefdeck", cacheName),
  ];
  let cachedData;
  for (const place of places) {
    try {
      cachedData = readFileSync(place);
      break;
    } catch {
      // Not there: try the next place, or compile as usual.
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData, ...scriptOptions });
  const loaded = { exports: {} };
  script.runInThisContext()(loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  // Written to a temporary name and renamed, so a run that starts meanwhile reads a whole cache or none.
  const writeCache = () => {
    const data = script.createCachedData();
    for (const place of places) {
      const temporary = `${place}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(place), { recursive: true });
        writeFileSync(temporary, data);
        renameSync(temporary, place);
        return;
      } catch {
        // Read-only, full or no folder to be had: try the next place; without a cache the next run is
        // only slower.
        try {
          rmSync(temporary, { force: true });
        } catch {
          // Its folder could not be made (a file stands where it would be): no temporary file either.
        }
      }
    }
  };
  return { exports: loaded.exports, stale: cachedData === undefined || script.cachedDataRejected === true, writeCache };
}

module.exports = { runCached };
