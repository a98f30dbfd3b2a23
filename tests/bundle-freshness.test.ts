import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleStaleness } from "./bundle-freshness.ts";
import { ROOT } from "./helpers.ts";

// The global setup rebuilds lib/ only when this says it is stale: older than a file under src/ or templates/.

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "briefdeck-fresh-"));
  for (const folder of ["lib", "src/pdf", "templates/layouts", "scripts"])
    mkdirSync(join(root, folder), { recursive: true });
  for (const file of ["src/pdf/measure.ts", "templates/layouts/text.hbs", "scripts/bundle.mjs"]) {
    writeFileSync(join(root, file), "");
    utimesSync(join(root, file), 1_000, 1_000);
  }
  for (const folder of ["src", "src/pdf", "templates", "templates/layouts", "scripts"])
    utimesSync(join(root, folder), 1_000, 1_000);
  return root;
}

describe("the bundle's freshness", () => {
  it("is stale when lib/briefdeck.cjs is missing, or older than any file under src/ or templates/", () => {
    const root = tree();
    expect(bundleStaleness(root)).toBe("lib/briefdeck.cjs is missing");
    writeFileSync(join(root, "lib/briefdeck.cjs"), "");
    utimesSync(join(root, "lib/briefdeck.cjs"), 2_000, 2_000);
    expect(bundleStaleness(root)).toBeUndefined();
    utimesSync(join(root, "src/pdf/measure.ts"), 3_000, 3_000);
    expect(bundleStaleness(root)).toBe("lib/briefdeck.cjs is older than src/");
    utimesSync(join(root, "src/pdf/measure.ts"), 1_000, 1_000);
    utimesSync(join(root, "templates/layouts/text.hbs"), 3_000, 3_000);
    expect(bundleStaleness(root)).toBe("lib/briefdeck.cjs is older than templates/");
  });
});

describe("bundling", () => {
  it("never leaves lib/ without a bundle while it rebuilds it (npm pack runs it during the tests)", async () => {
    // A copy of the package, so the real lib/ is not rebuilt under the tests running beside this one.
    const root = mkdtempSync(join(tmpdir(), "briefdeck-rebundle-"));
    for (const part of ["src", "scripts", "templates", "lib", "package.json"])
      cpSync(join(ROOT, part), join(root, part), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const files = ["briefdeck.cjs", "chart.cjs", "chart-engine.cjs", "puppeteer.cjs"].map((name) =>
      join(root, "lib", name),
    );
    const bundling = spawn(process.execPath, ["scripts/bundle.mjs", "--no-warm-up"], { cwd: root });
    const done = new Promise<number | null>((resolve) => bundling.on("exit", resolve));
    let finished = false;
    void done.then(() => {
      finished = true;
    });
    const missing = new Set<string>();
    while (!finished) {
      for (const file of files) if (!existsSync(file)) missing.add(file);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done).toBe(0);
    expect([...missing]).toEqual([]);
  }, 60_000);

  it("keeps the code cache of a build it makes again unchanged (as packing does), and removes another build's", () => {
    const root = mkdtempSync(join(tmpdir(), "briefdeck-rebundle-"));
    for (const part of ["src", "scripts", "templates", "package.json", "tsconfig.json"])
      cpSync(join(ROOT, part), join(root, part), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const bundle = () =>
      execFileSync(process.execPath, ["scripts/bundle.mjs", "--no-warm-up"], { cwd: root });
    bundle();
    const id = /^\/\/ briefdeck build ([0-9a-f]+)/.exec(
      readFileSync(join(root, "lib/briefdeck.cjs"), "utf8"),
    )?.[1];
    const current = `briefdeck.${id}.v0.0.0.cache`;
    const older = "briefdeck.0123456789abcdef.v0.0.0.cache";
    for (const name of [current, older]) writeFileSync(join(root, "lib", name), "a cache");
    bundle();
    expect(readdirSync(join(root, "lib")).filter((name) => name.endsWith(".cache"))).toEqual([current]);
  }, 60_000);
});
