// The package as a team installs it: packed (npm's prepack builds lib/), installed into a fresh project with
// --ignore-scripts from the tarball and from a git tag (scripts/release-ref.mjs), then init, new, check,
// build with PDFs, and the deck opened in Chromium.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.ts";
import { ROOT } from "./helpers.ts";
import { waitFor } from "./serve-helpers.ts";

const scratch = mkdtempSync(join(tmpdir(), "briefdeck-package-"));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd,
    encoding: "utf8",
    stdio: "pipe",
  });
let tarball = "";

beforeAll(() => {
  npm(["pack", "--silent", "--pack-destination", scratch], ROOT);
  tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith(".tgz")) ?? "");
}, 120_000);

async function useInstalled(project: string): Promise<void> {
  const bin = join(project, "node_modules", ".bin", "briefdeck");
  const run = (args: string[]) => execFileSync(bin, args, { cwd: project, encoding: "utf8", stdio: "pipe" });
  run(["init"]);
  run(["new", "first-brief"]);
  run(["check", "--no-browser"]);
  run(["build"]);
  for (const file of [
    "example.html",
    "example.pdf",
    "example.handout.pdf",
    "first-brief.html",
    "index.html",
  ]) {
    expect(existsSync(join(project, "dist", file)), file).toBe(true);
  }
  // The PDFs were printed with the package's own Puppeteer bundle, which then kept its code cache.
  const lib = join(project, "node_modules", "briefdeck", "lib");
  expect(readdirSync(lib).filter((name) => /^puppeteer\.[0-9a-f]+\.v[\d.]+\.cache$/.test(name))).toHaveLength(
    1,
  );
  // A chart is drawn by the charts' process the package ships (lib/chart.cjs, lib/chart-engine.cjs).
  writeFileSync(
    join(project, "briefs", "charted.yaml"),
    "title: Charted\ndate: 2026-11-25\nslides:\n  - layout: chart\n    title: Bars\n    alt: Two bars.\n" +
      "    spec:\n      data: { values: [{ a: x, b: 1 }, { a: y, b: 2 }] }\n      mark: bar\n" +
      "      encoding: { x: { field: a, type: nominal }, y: { field: b, type: quantitative } }\n",
  );
  run(["build", "--no-pdf", "briefs/charted.yaml"]);
  expect(readFileSync(join(project, "dist", "charted.html"), "utf8")).toContain('class="bd-chart"><svg');
  const serve = spawn(bin, ["serve", "--port", "0"], { cwd: project, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  serve.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(project, "dist", "example.html")).href);
    await page.waitForFunction("window.Reveal && window.Reveal.isReady()");
    expect(await page.$eval(".bd-title", (e) => e.textContent)).toContain("Example brief");
    const url = await waitFor("serve's address", () => /at (http:\/\/\S+\/) /.exec(log)?.[1], 30_000);
    await page.goto(url);
    await page.click("a[href*='example']");
    await page.waitForFunction("window.Reveal && window.Reveal.isReady()");
    expect(await page.$eval(".bd-title", (e) => e.textContent)).toContain("Example brief");
  } finally {
    await browser.close();
    serve.kill("SIGINT");
  }
}

function freshProject(name: string): string {
  const project = join(scratch, name);
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name, private: true }));
  return project;
}

describe("the packed package", () => {
  it("ships the runtime only and works installed from the tarball with --ignore-scripts", async () => {
    const listing = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(listing).toContain("package/lib/briefdeck.cjs");
    expect(listing).toContain("package/lib/chart.cjs");
    expect(listing).toContain("package/lib/chart-engine.cjs");
    expect(listing).toContain("package/lib/puppeteer.cjs");
    expect(listing.some((f) => f.startsWith("package/tests/") || f.startsWith("package/src/"))).toBe(false);
    const project = freshProject("from-tarball");
    npm(["install", "--ignore-scripts", tarball], project);
    expect(existsSync(join(project, "node_modules", "esbuild"))).toBe(false);
    await useInstalled(project);
  }, 300_000);

  it("works installed from a git URL (a release tag) with --ignore-scripts", async () => {
    const clone = join(scratch, "clone");
    execFileSync("git", ["clone", "--quiet", ROOT, clone]);
    execFileSync("git", [
      "-C",
      clone,
      "checkout",
      "--quiet",
      execFileSync("git", ["-C", ROOT, "rev-parse", "HEAD"], { encoding: "utf8" }).trim(),
    ]);
    execFileSync("ln", ["-s", join(ROOT, "node_modules"), join(clone, "node_modules")]);
    execFileSync(process.execPath, ["scripts/release-ref.mjs", "v-test"], { cwd: clone, stdio: "pipe" });
    const project = freshProject("from-git");
    npm(["install", "--ignore-scripts", `git+file://${clone}#v-test`], project);
    await useInstalled(project);
  }, 300_000);
});
