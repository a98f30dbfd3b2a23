// The install step (npm's `prepare`). A cold `briefdeck build` is mostly Node starting and compiling
// JavaScript, so this step does three things that make starting cheap:
// 1. bundles the CLI and its dependencies into one CommonJS file, lib/briefdeck.cjs (one file loads far
//    faster than hundreds of modules resolved one by one);
// 2. precompiles the built-in Handlebars templates into the bundle (src/precompiled-templates.ts);
// 3. runs one build and stores V8's code cache for the bundle in lib/briefdeck.cjs.cache, which
//    bin/briefdeck.cjs hands back to V8 so it need not parse and compile the bundle again.
// Type checking is separate: `npm run typecheck`.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative as relativePath, resolve, sep } from "node:path";
import { build } from "esbuild";
import Handlebars from "handlebars";

// Dependencies that only PDF export, `serve`, unusual Markdown or an invalid brief need get a bundle each
// in lib/vendor/, loaded on first use, so a plain build neither reads nor compiles them (src/vendor.ts).
const VENDOR = {
  "@cantoo/pdf-lib": "pdf-lib",
  ws: "ws",
  "sanitize-html": "sanitize-html",
  marked: "marked",
  zod: "zod",
};

rmSync("lib", { recursive: true, force: true });
mkdirSync("lib/vendor", { recursive: true });
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  legalComments: "none",
  logLevel: "warning",
};

// The built-in templates, precompiled with src/template-cache.ts's options, keyed by their path under
// templates/; src/precompiled-templates.ts as the bundle has it, each spec made on first use.
const options = { strict: true, preventIndent: true };
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
const entries = walk("templates")
  .filter((f) => f.endsWith(".hbs"))
  .map((file) => {
    const source = readFileSync(file, "utf8");
    const relative = relativePath("templates", file).split(sep).join("/");
    // precompile() adds defaults to the options object it is given, so give it a copy.
    const spec = Handlebars.precompile(source, { ...options });
    const fields = `source: ${JSON.stringify(source)}, options: ${JSON.stringify(JSON.stringify(options))}`;
    return `  ${JSON.stringify(relative)}: { ${fields}, spec: () => (${spec}) },\n`;
  });
const precompiled = `export const PRECOMPILED = {\n${entries.join("")}};\n`;

/** zod re-exports every locale as `z.locales`; the English messages it uses come from locales/en. */
const withoutZodLocales = {
  name: "without-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.c?js$/ }, ({ importer }) =>
      importer.includes("/node_modules/zod/") ? { path: "zod-locales", namespace: "empty" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({
      contents: "module.exports = {};",
      loader: "js",
    }));
  },
};

/**
 * Resolves the vendored packages to their own bundles, leaves out zod's translations (unused), and puts
 * the precompiled templates in place of src/precompiled-templates.ts.
 */
const split = {
  name: "split",
  setup(b) {
    const names = Object.keys(VENDOR).map((p) => p.replace(/[/.]/g, "\\$&"));
    b.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, ({ path }) => ({
      path: `./vendor/${VENDOR[path]}.cjs`,
      external: true,
    }));
    withoutZodLocales.setup(b);
    b.onLoad({ filter: /src[\\/]precompiled-templates\.ts$/ }, () => ({
      contents: precompiled,
      loader: "js",
    }));
  },
};

for (const [pkg, name] of Object.entries(VENDOR)) {
  await build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: ".", loader: "js" },
    outfile: `lib/vendor/${name}.cjs`,
    // ws loads these optional native helpers when present.
    external: ["bufferutil", "utf-8-validate"],
    plugins: [withoutZodLocales],
  });
}

await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: "lib/briefdeck.cjs",
  // Puppeteer stays separate: only PDF export and check's layout pass load it (src/lazy-require.ts).
  external: ["puppeteer-core", "@puppeteer/browsers"],
  plugins: [split],
  define: { "import.meta.url": "__briefdeckModuleUrl", BRIEFDECK_VENDOR_DIR: '"./vendor"' },
  banner: { js: "var __briefdeckModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// What the repository's scripts and benchmark use (src/api.ts), apart from the command line's bundle.
await build({
  ...common,
  entryPoints: ["src/api.ts"],
  outfile: "lib/api.cjs",
  external: ["puppeteer-core", "@puppeteer/browsers"],
  plugins: [split],
  define: { "import.meta.url": "__briefdeckModuleUrl", BRIEFDECK_VENDOR_DIR: '"./vendor"' },
  banner: { js: "var __briefdeckModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// A warm-up build of the starter brief, so the code cache holds the functions a build runs.
const bin = resolve("bin/briefdeck.cjs");
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
