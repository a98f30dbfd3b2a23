// The install step (npm's `prepare`). A cold `briefdeck build` is mostly Node starting and compiling
// JavaScript, so this step does three things that make starting cheap:
// 1. bundles the CLI and its dependencies (all but Puppeteer) into one CommonJS file, lib/briefdeck.cjs
//    (one file loads far faster than hundreds of modules resolved one by one), and Puppeteer into its own,
//    lib/puppeteer.cjs, loaded only to print;
// 2. precompiles the built-in Handlebars templates into the bundle (src/render/precompiled-templates.ts);
// 3. runs one build and stores V8's code cache for the bundle beside it (lib/briefdeck.<build>.<node>.cache),
//    which bin/briefdeck.cjs hands back to V8 so it need not parse and compile the bundle again.
// Type checking is separate: `npm run typecheck`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative as relativePath, resolve, sep } from "node:path";
import { build } from "esbuild";
import Handlebars from "handlebars";

// The bundles are made in a folder beside lib/ and moved into it one file at a time, each replacing its
// old self by a rename: a build, a test run or `npm pack` reading lib/ meanwhile sees the old file or the
// new one, never none (removing lib/ first once failed tests that were running its chart process).
const stage = mkdtempSync(".lib-");
const out = (name) => join(stage, name);
// However bundling ends (an esbuild error included), the staging folder goes.
process.on("exit", () => rmSync(stage, { recursive: true, force: true }));
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  legalComments: "none",
  // Whitespace and syntax only: a third less to read and compile at every start, and names stay readable
  // in a stack trace.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};

// The built-in templates, precompiled with src/render/template-cache.ts's options, keyed by their path under
// templates/; src/render/precompiled-templates.ts as the bundle has it, each spec made on first use.
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

// sanitize-html takes one thing from htmlparser2, its Parser; the package's index also sets up DomHandler,
// DomUtils and dom-serializer (about 3 ms of a cold build) for exports sanitize-html never reads. So the
// bundle gives it htmlparser2's Parser module (the copy sanitize-html itself resolves), the same code it
// uses now. Should a new sanitize-html read anything else of htmlparser2, or hand the module on whole,
// bundling stops here and says so.
const sanitizePath = createRequire(import.meta.url).resolve("sanitize-html");
const sanitizeSource = readFileSync(sanitizePath, "utf8");
const htmlparserUses = [...sanitizeSource.matchAll(/\bhtmlparser\b(\.\w+)?/g)].map((m) => m[0]);
const htmlparserImport = /^const htmlparser = require\('htmlparser2'\);$/m.test(sanitizeSource);
const bare = htmlparserUses.filter((use) => use === "htmlparser").length; // its declaration alone
if (
  !htmlparserImport ||
  bare !== 1 ||
  htmlparserUses.some((use) => use !== "htmlparser" && use !== "htmlparser.Parser")
) {
  console.error(
    "sanitize-html no longer reads only htmlparser2's Parser (as `const htmlparser = require('htmlparser2')` " +
      "and `htmlparser.Parser`): remove the narrowing of htmlparser2 in scripts/bundle.mjs",
  );
  process.exit(1);
}
const HTMLPARSER2_PARSER = join(dirname(createRequire(sanitizePath).resolve("htmlparser2")), "Parser.js");
if (!existsSync(HTMLPARSER2_PARSER)) {
  console.error(
    `htmlparser2 has no ${HTMLPARSER2_PARSER}: remove the narrowing of htmlparser2 in scripts/bundle.mjs`,
  );
  process.exit(1);
}

/**
 * Leaves out zod's translations (unused), gives sanitize-html htmlparser2's Parser alone (above), bundles
 * Handlebars' compiler to be set up on first use (src/render/handlebars-compiler.ts), and puts the
 * precompiled templates in place of src/render/precompiled-templates.ts.
 */
const bundlePlugins = {
  name: "briefdeck",
  setup(b) {
    withoutZodLocales.setup(b);
    b.onResolve({ filter: /^htmlparser2$/ }, ({ importer }) =>
      /[\\/]node_modules[\\/]sanitize-html[\\/]/.test(importer) ? { path: HTMLPARSER2_PARSER } : undefined,
    );
    // A `require` esbuild sees is bundled, and the module it names runs when the call first does.
    b.onLoad({ filter: /src[\\/]render[\\/]handlebars-compiler\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, "utf8");
      const contents = source.replace('lazyRequire("handlebars")', 'require("handlebars")');
      // Unchanged, the bundle would load Handlebars whole from node_modules at run time, slowly and silently.
      if (contents === source) throw new Error(`${path} no longer calls lazyRequire("handlebars")`);
      return { contents, loader: "ts" };
    });
    // pptxgenjs imports node:fs and node:https dynamically: the bundle runs in vm.Script (bin/briefdeck.cjs),
    // where import() has no loader, so they become require() calls.
    b.onLoad({ filter: /node_modules[\\/]pptxgenjs[\\/]dist[\\/].*\.js$/ }, ({ path }) => ({
      contents: readFileSync(path, "utf8").replace(
        /import\((['"])(node:(?:fs|https))\1\)/g,
        "Promise.resolve({ ...require('$2'), default: require('$2') })",
      ),
      loader: "js",
    }));
    b.onLoad({ filter: /src[\\/]render[\\/]precompiled-templates\.ts$/ }, () => ({
      contents: precompiled,
      loader: "js",
    }));
  },
};

// Both bundles: Puppeteer stays separate (only PDF export and check's layout pass load it, from its own
// bundle below through src/browser/puppeteer.ts), and so does subset-font (only a brand's local fonts
// load it, with a megabyte of WebAssembly), and import.meta.url means the bundle's own file.
const ours = {
  ...common,
  external: ["puppeteer-core", "@puppeteer/browsers", "subset-font"],
  plugins: [bundlePlugins],
  define: { "import.meta.url": "__briefdeckModuleUrl" },
  banner: { js: "var __briefdeckModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
/** The bundles made, as their caches' names begin: `<name>.<build id>` (stampBuild). */
const builds = [];
// The command line's bundle also shortens its local names: a quarter less to read and a code cache a
// quarter smaller (1.9 MB against 2.6), a cold HTML build about 3 % sooner (paired runs). A stack trace
// is read back through the source map written beside it (bin/stack.cjs), so a crash still names the
// functions and lines of src/.
await build({
  ...ours,
  entryPoints: ["src/cli.ts"],
  outfile: out("briefdeck.cjs"),
  minifyIdentifiers: true,
  sourcemap: "external",
  sourcesContent: false,
});

stampBuild("briefdeck.cjs", "briefdeck");

// vega and vega-lite for charts, in the charts' process (lib/chart.cjs, src/render/chart-child.ts), which
// the two bundles above start only when a brief has a chart (src/render/chart-process.ts). vega-canvas's
// Node build awaits an optional `canvas` package at its top level, which CommonJS cannot do: its browser
// build (no canvas in Node: text is measured by estimate, the same on every machine) takes its place. The
// engine's first line names its build, as the command line's does, for its code cache.
// HarfBuzz (harfbuzzjs, an ES module that finds its WebAssembly beside itself) and the WOFF reader measure
// the charts' text (src/render/chart-text-metrics.ts): loaded from node_modules at run time, as subset-font
// loads them.
await build({
  ...common,
  entryPoints: ["src/render/chart-child.ts"],
  outfile: out("chart.cjs"),
  external: ["harfbuzzjs", "woff2sfnt-sfnt2woff"],
});
await build({
  ...common,
  entryPoints: ["src/render/chart-engine.ts"],
  outfile: out("chart-engine.cjs"),
  plugins: [
    {
      name: "vega-canvas",
      setup(b) {
        b.onResolve({ filter: /^vega-canvas$/ }, () => ({
          path: resolve("node_modules/vega-canvas/build/vega-canvas.browser.js"),
        }));
      },
    },
  ],
});
stampBuild("chart-engine.cjs", "chart-engine");

// Puppeteer and @puppeteer/browsers, bundled on their own (src/browser/puppeteer.ts loads them on first
// use) and run with their own code cache: from node_modules, their two hundred modules are found, read
// and compiled at every start, about 40 ms of a cold build with PDFs before Chromium can be launched.
// Not ASCII (a regular expression of Puppeteer's has a pilcrow), so read as UTF-8.
await build({
  ...common,
  stdin: {
    contents:
      'module.exports = { puppeteer: require("puppeteer-core"), browsers: require("@puppeteer/browsers") };',
    resolveDir: ".",
    sourcefile: "puppeteer-entry.cjs",
    loader: "js",
  },
  outfile: out("puppeteer.cjs"),
});
stampBuild("puppeteer.cjs", "puppeteer", { ascii: false });

// What the repository's scripts and benchmark use (src/api.ts), apart from the command line's bundle.
await build({ ...ours, entryPoints: ["src/api.ts"], outfile: out("api.cjs") });
stampBuild("api.cjs", "api");

mkdirSync("lib", { recursive: true });
const made = readdirSync(stage);
for (const name of made) renameSync(out(name), join("lib", name));
// What the last bundling left that this one did not make: code caches of older builds, a removed bundle.
// A cache of a build made again unchanged stays (its name carries the build: see stampBuild), so packing
// (npm pack bundles again, without a warm-up) keeps the warm-up's cache.
const current = (name) => builds.some((build) => name.startsWith(`${build}.`) && name.endsWith(".cache"));
for (const name of readdirSync("lib"))
  if (!made.includes(name) && !current(name)) rmSync(join("lib", name), { force: true });

// A warm-up build of the starter brief, so the code cache holds the functions a build runs. Not when
// packing (npm's `prepack`, --no-warm-up): a cache is made for one Node version, so the package ships
// none, and the installed bin writes one on its first run.
if (process.argv.includes("--no-warm-up")) process.exit(0);
const bin = resolve("bin/briefdeck.cjs");
const scratch = mkdtempSync(join(tmpdir(), "briefdeck-warmup-"));
try {
  const run = (args, env = {}) =>
    execFileSync(process.execPath, [bin, ...args], {
      cwd: scratch,
      env: { ...process.env, ...env },
      stdio: "pipe",
      // A browser that hangs must not hold up the install.
      timeout: 120_000,
    });
  run(["new", "warmup"]);
  writeFileSync(join(scratch, "briefs", "warm-up.yaml"), readFileSync("scripts/warm-up.yaml"));
  writeFileSync(join(scratch, "briefs", "warm-up-source.txt"), readFileSync("scripts/warm-up-source.txt"));
  // First with PDFs, for Puppeteer's cache (lib/puppeteer.cjs), written anew even where bundling kept one
  // of the same build; without a browser that build fails, and the first build that prints writes it.
  // Then without PDFs, for the command line's cache: one that also holds the PDF export's functions makes
  // every HTML build about 1 % slower and a build with PDFs no faster. So the cache the first build wrote
  // goes: a run started from it would keep all it holds.
  try {
    run(["build"], { BRIEFDECK_WRITE_CODE_CACHE: "1" });
  } catch {
    // No browser here: see above.
  }
  for (const name of readdirSync("lib"))
    if (name.startsWith("briefdeck.") && name.endsWith(".cache")) rmSync(join("lib", name));
  // With one template overridden, so Handlebars' compiler is in the cache too: without it, a project with
  // its own templates built about 7 % slower than before the compiler was set up lazily, and the built-in
  // templates alone build no slower with it there (paired runs).
  const own = join(scratch, "warm-up-templates", "partials");
  mkdirSync(own, { recursive: true });
  const footer = readFileSync("templates/partials/footer.hbs", "utf8");
  writeFileSync(join(own, "footer.hbs"), `${footer}{{!-- a warm-up's own footer --}}\n`);
  run(["build", "--no-pdf", "--templates", "warm-up-templates"], { BRIEFDECK_WRITE_CODE_CACHE: "1" });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * A bundle's first line names its build (a digest of its text): the bins key its code cache by it, so a
 * cache made for another bundle is never read, and builds key their outputs by it (src/version.ts), so a
 * new build rebuilds what an older one wrote. The bundle must be ASCII (requireAscii), but for Puppeteer's
 * (`ascii: false`), which its loader reads as UTF-8.
 */
function stampBuild(name, label, { ascii = true } = {}) {
  const text = readFileSync(out(name), "utf8");
  if (ascii) requireAscii(`lib/${name}`, text);
  const id = createHash("sha256").update(text).digest("hex").slice(0, 16);
  builds.push(`${label}.${id}`);
  writeFileSync(out(name), `// ${label} build ${id}\n${text}`);
  // The stamp is a line more at the top: the source map's lines move down with it (an empty line first).
  const map = out(`${name}.map`);
  if (existsSync(map)) {
    const json = JSON.parse(readFileSync(map, "utf8"));
    json.mappings = `;${json.mappings}`;
    writeFileSync(map, JSON.stringify(json));
  }
}

/**
 * The bins read the bundles as Latin-1 (bin/briefdeck.cjs, src/render/chart-child.ts): a one-byte string
 * made by copying, not decoded and checked as UTF-8, about 2 ms sooner at every start. That is only right
 * for ASCII, so a bundle with one character beyond it is not written. esbuild escapes strings but keeps a
 * regular expression literal's characters as written: write them as escapes there (`/\u2019/`, not the
 * character itself).
 */
function requireAscii(file, text) {
  const found = /[^\0-\x7f]/.exec(text);
  if (found === null) return;
  const around = text.slice(Math.max(0, found.index - 60), found.index + 20).replace(/\s+/g, " ");
  console.error(
    `${file} is not ASCII (${JSON.stringify(found[0])} in "…${around}…"), and the bin reads it as Latin-1: ` +
      "write that character as a \\u escape in the source's regular expression",
  );
  process.exit(1);
}
