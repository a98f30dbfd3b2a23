import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Blob, Face } from "harfbuzzjs";
import { describe, expect, it } from "vitest";
import { BIN, ensureBundle } from "./cli-helpers.ts";
import { FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";
import { startTestPreview, waitFor } from "./serve-helpers.ts";

// fontverter comes with subset-font: WOFF and WOFF2 to the plain font harfbuzz reads.
const fontverter = createRequire(import.meta.url)("fontverter") as {
  convert(font: Buffer, to: "sfnt"): Promise<Buffer>;
};
const SOURCE_FONT = join(FIXTURES, "brand", "fonts", "league-gothic.woff");
const BRIEF = join(ROOT, "briefs", "coalition-vs-peacekeeping.yaml");
// League Gothic draws Ž, and the first brief never writes it (in either case).
const ABSENT = "Ž";

function brandProject(): string {
  const dir = makeProject();
  cpSync(join(FIXTURES, "brand"), dir, { recursive: true });
  cpSync(BRIEF, join(dir, "briefs", "coalition.yaml"));
  return dir;
}

/** The brand font a deck inlines: its media type, its bytes, and the characters it has glyphs for. */
async function brandFontOf(deck: string) {
  const match = /@font-face\{font-family:"League Gothic";[^}]*src:url\(data:([^;]+);base64,([^)]+)\)/.exec(
    deck,
  );
  if (match === null) throw new Error("the deck has no League Gothic @font-face");
  const bytes = Buffer.from(match[2] ?? "", "base64");
  const face = new Face(new Blob(await fontverter.convert(bytes, "sfnt")));
  return {
    mime: match[1],
    bytes,
    chars: new Set([...face.collectUnicodes()].map((c) => String.fromCodePoint(c))),
  };
}

/** A build by the bundled CLI, in its own process, with its own user cache folder. */
function build(dir: string, cache: string, ...flags: string[]): string {
  execFileSync(process.execPath, [BIN, "build", "--no-pdf", ...flags], {
    cwd: dir,
    env: { ...process.env, XDG_CACHE_HOME: cache },
    stdio: "pipe",
  });
  return readFileSync(join(dir, "dist", "coalition.html"), "utf8");
}

describe("the brand's local font is subset to the deck's text", () => {
  it("carries only the glyphs the brief shows, gains one when an edit writes it, and is the same bytes each time", async () => {
    ensureBundle();
    const dir = brandProject();
    const cache = mkdtempSync(join(tmpdir(), "briefdeck-font-cache-"));
    const font = await brandFontOf(build(dir, cache));
    expect(font.mime).toBe("font/woff2");
    // The source is 30.8 kB; the Latin text of the brief needs under half of it.
    expect(font.bytes.length).toBeLessThan(statSync(SOURCE_FONT).size / 2);
    for (const char of ["A", "z", "’", "·"]) expect(font.chars.has(char), char).toBe(true);
    expect(font.chars.has(ABSENT)).toBe(false);
    // The subset is kept for the next process.
    expect(readdirSync(join(cache, "briefdeck", "fonts"))).toHaveLength(1);

    const source = readFileSync(join(dir, "briefs", "coalition.yaml"), "utf8");
    const edited = source.replace(/^title: (.*)$/m, "title: $1 (Žilina)");
    expect(edited).not.toBe(source);
    writeFileSync(join(dir, "briefs", "coalition.yaml"), edited);
    const second = build(dir, cache);
    expect((await brandFontOf(second)).chars.has(ABSENT)).toBe(true);

    // Subset afresh in a new cache folder: the same bytes as the kept subset gave.
    const fresh = build(dir, mkdtempSync(join(tmpdir(), "briefdeck-font-cache-")), "--force");
    expect(fresh === second).toBe(true);
  });

  it("in serve, a rebuild after an edit carries the new character's glyph", async () => {
    const dir = brandProject();
    const { preview } = await startTestPreview(dir, undefined, { brandFile: join(dir, "_brand.yml") });
    try {
      const deck = () => preview.project.get("coalition")?.good?.rendered.deck ?? "";
      expect((await brandFontOf(deck())).chars.has(ABSENT)).toBe(false);
      const path = join(dir, "briefs", "coalition.yaml");
      writeFileSync(path, readFileSync(path, "utf8").replace(/^title: (.*)$/m, "title: $1 (Žilina)"));
      await waitFor("the edited deck", () => deck().includes("Žilina"), 30_000);
      expect((await brandFontOf(deck())).chars.has(ABSENT)).toBe(true);
    } finally {
      await preview.close();
    }
  });

  it("inlines a font harfbuzz cannot read whole, with a warning at the file's place in _brand.yml", async () => {
    const dir = brandProject();
    writeFileSync(join(dir, "fonts", "league-gothic.woff"), "not a font, whatever its name says\n");
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /_brand\.yml:25:11 warning brand-font-unsubset {2}the font "League Gothic" could not be subset \(Unrecognized font signature: not \); it is inlined whole/,
    );
    const deck = readFileSync(join(dir, "dist", "coalition.html"), "utf8");
    expect(deck).toContain(
      `src:url(data:font/woff;base64,${Buffer.from("not a font").toString("base64").slice(0, 12)}`,
    );
  });
});
