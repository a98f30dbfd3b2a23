// The install step (npm's `prepare`). A cold `briefdeck build` is mostly Node starting and compiling
// JavaScript, so this step does three things that make starting cheap:
// 1. bundles the CLI and its dependencies into one CommonJS file, lib/briefdeck.cjs (one file loads far
//    faster than hundreds of modules resolved one by one);
// 2. precompiles the built-in Handlebars templates into lib/templates.precompiled.json (src/template-cache.ts);
// 3. runs one build and stores V8's code cache for the bundle in lib/briefdeck.cjs.cache, which
//    bin/briefdeck.js hands back to V8 so it need not parse and compile the bundle again.
// Type checking is separate: `npm run typecheck`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import Handlebars from "handlebars";

mkdirSync("lib", { recursive: true });
rmSync("lib/briefdeck.cjs.cache", { force: true });
await build({
  entryPoints: ["src/cli.ts"],
  outfile: "lib/briefdeck.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // Puppeteer stays separate: only PDF export and check's layout pass load it (src/lazy-require.ts).
  external: ["puppeteer-core", "@puppeteer/browsers"],
  define: { "import.meta.url": "__briefdeckModuleUrl" },
  banner: { js: "var __briefdeckModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: "none",
  logLevel: "warning",
});

// Must match src/template-cache.ts.
const options = { strict: true, preventIndent: true };
const specs = {};
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
for (const file of walk("templates").filter((f) => f.endsWith(".hbs"))) {
  const source = readFileSync(file, "utf8");
  const key = createHash("sha256").update(JSON.stringify(options)).update(source).digest("hex");
  // precompile() adds defaults to the options object it is given, so give it a copy.
  specs[key] = Handlebars.precompile(source, { ...options });
}
writeFileSync("lib/templates.precompiled.json", JSON.stringify(specs));

// A warm-up build of the starter brief, so the code cache holds the functions a build runs.
const bin = resolve("bin/briefdeck.js");
const scratch = mkdtempSync(join(tmpdir(), "briefdeck-warmup-"));
try {
  const run = (args, env = {}) =>
    execFileSync(process.execPath, [bin, ...args], {
      cwd: scratch,
      env: { ...process.env, ...env },
      stdio: "pipe",
    });
  run(["new", "warmup"]);
  writeFileSync(join(scratch, "briefs", "warm-up.yaml"), readFileSync("scripts/warm-up.yaml"));
  run(["build", "--no-pdf"], { BRIEFDECK_WRITE_CODE_CACHE: "1" });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
