import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { runtimeFingerprint } from "../src/render/assets.ts";
import { browserAvailable } from "./browser.ts";
import { brief, makeProject, read, runCli } from "./helpers.ts";
import { fixtures } from "./lang-helpers.ts";
import { pdfFonts } from "./pdf-helpers.ts";

// The bundled fallback fonts (Noto Sans Arabic and Hebrew) for the scripts the built-in font lacks,
// and check's font-fallback warning for a script none of them covers.

describe.skipIf(!browserAvailable())("a right-to-left brief (Chromium)", () => {
  it("draws Arabic with the bundled Noto Sans Arabic in the deck, both PDFs (the handout's header and footer too) and the PowerPoint's font name; an English deck carries none", async () => {
    const project = makeProject(fixtures(["ar", "en"]));
    const { code, stderr } = await runCli(["build", "--pptx"], project);
    expect(code, stderr).toBe(0);
    const deck = read(join(project, "dist/ar.html"));
    expect(deck).toMatch(/@font-face\{font-family:"Noto Sans Arabic";font-style:normal;font-weight:400;/);
    // After the built-in font in the stack, before the machine's fonts (which a reader may not have).
    expect(deck).toContain('--bd-font: "Source Sans 3", "Noto Sans Arabic", "Source Sans Pro"');
    // The chart's labels too.
    expect(deck).toContain('font-family="&quot;Source Sans 3&quot;, &quot;Noto Sans Arabic&quot;');
    for (const pdf of ["ar.pdf", "ar.handout.pdf"])
      expect(
        pdfFonts(join(project, "dist", pdf)).filter(
          (f) => f.embedded && /NotoSansArabic-Regular/.test(f.name),
        ),
        pdf,
      ).toHaveLength(1);
    // The handout's running header and footer are documents of their own: they carry the deck's fonts
    // and set their words in them, not in whatever font the machine has (DejaVu Sans here).
    for (const pdf of ["ar.handout.pdf", "en.handout.pdf"])
      expect(
        pdfFonts(join(project, "dist", pdf))
          .map((f) => f.name)
          .filter((name) => !/\+(SourceSans3|NotoSansArabic)/.test(name)),
        pdf,
      ).toEqual([]);
    const english = read(join(project, "dist/en.html"));
    expect(english).not.toContain("Noto Sans");
    expect(
      pdfFonts(join(project, "dist/en.pdf"))
        .map((f) => f.name)
        .join(" "),
    ).not.toContain("Noto");
    const xml = async (file: string) =>
      (await (
        await JSZip.loadAsync(readFileSync(join(project, "dist", file)))
      )
        .file("ppt/slides/slide2.xml")
        ?.async("string")) ?? "";
    expect(await xml("ar.pptx")).toContain('<a:cs typeface="Noto Sans Arabic"');
    expect(await xml("ar.pptx")).not.toContain('<a:cs typeface="Source Sans 3"');
    expect(await xml("en.pptx")).toContain('<a:cs typeface="Source Sans 3"');
  }, 60_000);

  it.skipIf(!/\S/.test(spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).stdout ?? ""))(
    "check still warns about a script no bundled font covers (Chinese, drawn with this machine's font)",
    async () => {
      const project = makeProject({
        "briefs/zh.yaml": brief(
          '  - layout: bullets\n    title: "共识"\n    points: ["各方同意停火"]\n',
          "lang: zh\n",
        ),
      });
      const { stderr } = await runCli(["check"], project);
      expect(stderr).toMatch(/^briefs\/zh\.yaml:\d+:\d+ warning font-fallback .*"共识"/m);
    },
    60_000,
  );

  const ARABIC_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  it.skipIf(!existsSync(ARABIC_FONT))(
    "check is quiet about glyphs when the brand gives a font that covers the script",
    async () => {
      const project = makeProject(fixtures(["ar"]));
      mkdirSync(join(project, "fonts"));
      copyFileSync(ARABIC_FONT, join(project, "fonts/arabic.ttf"));
      writeFileSync(
        join(project, "_brand.yml"),
        [
          "typography:",
          "  fonts:",
          "    - family: Brand Arabic",
          "      source: file",
          "      files: [{ path: fonts/arabic.ttf, weight: 400 }, { path: fonts/arabic.ttf, weight: 700 }]",
          "  base: Brand Arabic",
          "  headings: Brand Arabic",
          "",
        ].join("\n"),
      );
      const { code, stderr } = await runCli(["check"], project);
      expect(code).toBe(0);
      expect(stderr).not.toContain("font-fallback");
    },
    60_000,
  );
});

describe("the bundled fallback fonts", () => {
  it("are part of the runtime fingerprint, the cache key a build is reused by", () => {
    const fingerprint = runtimeFingerprint();
    expect(fingerprint).toMatch(/noto-sans-arabic-arabic-400-normal\.woff2:\d+:/);
    expect(fingerprint).toMatch(/noto-sans-hebrew-hebrew-700-normal\.woff2:\d+:/);
  });
});
