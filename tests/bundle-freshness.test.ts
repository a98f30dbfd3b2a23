import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleStaleness } from "./bundle-freshness.ts";

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
