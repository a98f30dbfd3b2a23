import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, runCli } from "./helpers.ts";
import { noStack, small } from "./output-helpers.ts";

// What a careless user or a hostile repository does to the command line, found by trying to break it.

describe("a brand that names files outside its folder", () => {
  const SECRET = "TOP-SECRET-KEY-MATERIAL";
  const outside = (brand: (secret: string) => string) => {
    const dir = makeProject({ "briefs/good.yaml": small("Good") });
    const elsewhere = makeProject();
    writeFileSync(join(elsewhere, "id_rsa"), SECRET);
    writeFileSync(join(dir, "_brand.yml"), brand(join(elsewhere, "id_rsa")));
    return dir;
  };
  const inDeck = (dir: string) =>
    readFileSync(join(dir, "dist", "good.html"), "utf8").includes(Buffer.from(SECRET).toString("base64"));

  it("refuses a logo outside the brand's folder at its position, and inlines nothing", async () => {
    const dir = outside((secret) => `logo:\n  small: ${secret}\n`);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(
      /_brand\.yml:2:10 error brand-file-outside {2}.*id_rsa is outside the brand's folder/,
    );
    expect(code).toBe(1);
    expect(() => inDeck(dir)).toThrow();
  });

  it("refuses a font reached with ../ the same way", async () => {
    const dir = outside(
      (secret) =>
        `typography:\n  fonts:\n    - family: X\n      source: file\n      files: [{ path: ../${join("..", secret)}, weight: 400 }]\n  base: X\n`,
    );
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(stderr).toMatch(/_brand\.yml:5:\d+ error brand-file-outside/);
    expect(code).toBe(1);
  });
});
