import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lazyRequire } from "../lazy-require.ts";

/** Puppeteer, and @puppeteer/browsers, which finds the browsers Puppeteer downloaded. */
export interface PuppeteerModules {
  puppeteer: typeof import("puppeteer-core");
  browsers: typeof import("@puppeteer/browsers");
}

let loaded: PuppeteerModules | undefined;
let printed = false;

/**
 * Marks that this process printed with Puppeteer: its code cache, written at exit, then holds what a
 * print runs. A run that only looked for a browser or checked layout leaves none (a cache, once written,
 * is kept until it is rejected, so a small one would stay).
 */
export function printedWithPuppeteer(): void {
  printed = true;
}

/**
 * Loads Puppeteer on first use (only PDF export and `check`'s layout pass need it). The installed
 * package has it bundled on its own, in lib/puppeteer.cjs beside the command line's bundle
 * (scripts/bundle.mjs), and runs that with V8's code cache, as bin/briefdeck.cjs runs its bundle:
 * required from node_modules, Puppeteer's two hundred modules are found, read and compiled at every
 * start, about 40 ms of a cold build with PDFs, all of it before Chromium can be launched. Without that
 * bundle (the tests run src/), from node_modules.
 */
export function loadPuppeteer(): PuppeteerModules {
  loaded ??= fromBundle() ?? {
    puppeteer: lazyRequire("puppeteer-core") as PuppeteerModules["puppeteer"],
    browsers: lazyRequire("@puppeteer/browsers") as PuppeteerModules["browsers"],
  };
  return loaded;
}

interface Cached {
  exports: PuppeteerModules;
  stale: boolean;
  writeCache(): void;
}

function fromBundle(): PuppeteerModules | undefined {
  // Beside the running bundle: import.meta.url is the bundle's own file there (scripts/bundle.mjs).
  const file = join(dirname(fileURLToPath(import.meta.url)), "puppeteer.cjs");
  let source: string;
  try {
    // UTF-8, not Latin-1 as the command line's bundle: Puppeteer's has characters beyond ASCII.
    source = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  // The code cache's loader, shared with bin/briefdeck.cjs (the package ships bin/ beside lib/).
  const { runCached } = Module.createRequire(file)(join(dirname(file), "..", "bin", "code-cache.cjs")) as {
    runCached(file: string, source: string, name: string): Cached;
  };
  const bundle = runCached(file, source, "puppeteer");
  // Written at exit, when the functions this run used (the launch, the pages, printing) are compiled, and
  // only by a run that printed (printedWithPuppeteer).
  if (bundle.stale || process.env.BRIEFDECK_WRITE_CODE_CACHE === "1")
    process.once("exit", () => {
      if (printed) bundle.writeCache();
    });
  return bundle.exports;
}
