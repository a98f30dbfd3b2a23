import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodedFont } from "../src/render/decoded-fonts.ts";
import { ROOT } from "./helpers.ts";

// The charts' process decodes the fonts it measures text with once per machine (src/render/decoded-fonts.ts):
// a real WOFF, unpacked by the library the process uses, kept in the user's cache folder.
const { toSfnt } = createRequire(import.meta.url)("woff2sfnt-sfnt2woff") as { toSfnt(woff: Buffer): Buffer };
const WOFF = readFileSync(
  join(ROOT, "node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff"),
);

describe("decoded fonts", () => {
  const saved = process.env.XDG_CACHE_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  it("are decoded once, kept, and decoded again when the kept file is damaged", () => {
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), "briefdeck-fonts-"));
    let decodes = 0;
    const decode = (bytes: Buffer) => {
      decodes++;
      return toSfnt(bytes);
    };
    const sfnt = decodedFont(WOFF, decode);
    expect(sfnt.toString("latin1", 0, 4)).toBe("\0\x01\0\0");
    expect(decodedFont(WOFF, decode).equals(sfnt)).toBe(true);
    expect(decodes).toBe(1);
    const folder = join(process.env.XDG_CACHE_HOME, "briefdeck", "fonts");
    const [kept = ""] = readdirSync(folder);
    // Cut short, as a full disk or a killed process might leave it: decoded again and replaced.
    writeFileSync(join(folder, kept), readFileSync(join(folder, kept)).subarray(0, 1000));
    expect(decodedFont(WOFF, decode).equals(sfnt)).toBe(true);
    expect(decodes).toBe(2);
    expect(decodedFont(WOFF, decode).equals(sfnt)).toBe(true);
    expect(decodes).toBe(2);
  });

  it("are still decoded where no cache can be written", () => {
    const blocked = join(mkdtempSync(join(tmpdir(), "briefdeck-fonts-")), "a-file");
    writeFileSync(blocked, "not a folder");
    process.env.XDG_CACHE_HOME = blocked;
    expect(decodedFont(WOFF, toSfnt).equals(toSfnt(WOFF))).toBe(true);
    expect(readdirSync(join(blocked, "..")).sort()).toEqual(["a-file"]);
  });
});
