import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { browserAvailable } from "./browser.ts";
import { type CliChild, ensureBundle, readIfThere, spawnCli } from "./cli-helpers.ts";
import { FIXTURES, makeProject, ROOT, runCli } from "./helpers.ts";
import { startTestPreview, waitFor } from "./serve-helpers.ts";

const BRIEF = join(ROOT, "briefs", "coalition-vs-peacekeeping.yaml");

function brandProject(): string {
  const dir = makeProject();
  cpSync(join(FIXTURES, "brand"), dir, { recursive: true });
  cpSync(BRIEF, join(dir, "briefs", "coalition.yaml"));
  return dir;
}

describe("briefdeck.yaml and _brand.yml", () => {
  it("puts the brand's colours, logo and font into the deck and the index page, warning about unused fields", async () => {
    const dir = brandProject();
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(0);
    expect(stderr).toMatch(/_brand\.yml:19:3 warning brand-unused {2}color\.tertiary is not used/);
    expect(stderr).toMatch(/_brand\.yml:\d+:\d+ warning brand-font-remote/);
    const deck = readFileSync(join(dir, "dist", "coalition.html"), "utf8");
    expect(deck).toContain("--bd-accent: #0b6e4f;");
    expect(deck).toContain('font-family:"League Gothic"');
    expect(deck).toMatch(/class="bd-title-logo" src="data:image\/svg\+xml;base64,/);
    expect(deck).toMatch(/class="bd-footer-logo"/);
    const index = readFileSync(join(dir, "dist", "index.html"), "utf8");
    expect(index).toContain("Acme Analysis briefs");
  });

  it("refuses a low-contrast brand colour at its line and column, naming both colours and the ratio", async () => {
    const dir = brandProject();
    const brand = readFileSync(join(dir, "_brand.yml"), "utf8").replace(
      "primary: forest",
      'primary: "#9fd8c0"',
    );
    writeFileSync(join(dir, "_brand.yml"), brand);
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /_brand\.yml:17:12 error brand-contrast {2}primary #9fd8c0 on background #fffdf5 has a contrast of 1\.\d\d:1; WCAG AA asks 4\.5:1/,
    );
  });

  it("adds a templates folder's theme.css after the built-in theme: one variable changes, the layout stays", async () => {
    const dir = makeProject({ "briefs/coalition.yaml": readFileSync(BRIEF, "utf8") });
    writeFileSync(join(dir, "theme.css"), ":root { --bd-accent: #6a1b9a; }\n");
    const added = await runCli(["check", "--no-browser", "--templates", "."], dir);
    expect(added.stderr).toContain("1 ok, 0 invalid");
    await runCli(["build", "--no-pdf", "--templates", "."], dir);
    const deck = readFileSync(join(dir, "dist", "coalition.html"), "utf8");
    const builtin = readFileSync(join(ROOT, "templates", "theme.css"), "utf8");
    expect(deck).toContain(builtin.replace(/<\/style/gi, "<\\/style"));
    expect(deck.indexOf("--bd-accent: #6a1b9a")).toBeGreaterThan(deck.indexOf(".bd-slide {"));
    const replaced = await runCli(["check", "--no-browser", "--templates", ".", "--replace-theme"], dir);
    expect(replaced.code).toBe(1);
    expect(replaced.stderr).toMatch(/theme\.css:1:1 error theme-unstyled {2}the decks lose their layout/);
  });

  it("validates briefdeck.yaml with positions and did-you-mean, and applies its defaults", async () => {
    const dir = makeProject({ "briefs/coalition.yaml": readFileSync(BRIEF, "utf8") });
    writeFileSync(join(dir, "briefdeck.yaml"), "out: site\nformat: [html]\n");
    const bad = await runCli(["check", "--no-browser"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /briefdeck\.yaml:2:1 error unknown-key {2}"format" is not a known key here[\s\S]*did you mean "formats"/,
    );
    writeFileSync(
      join(dir, "briefdeck.yaml"),
      "out: site\nformats: [html]\ndefaults:\n  organisation: Shared Org\n",
    );
    const brief = readFileSync(BRIEF, "utf8").replace(/^organisation:.*\n/m, "");
    writeFileSync(join(dir, "briefs", "coalition.yaml"), brief);
    const good = await runCli(["build"], dir);
    expect(good.code).toBe(0);
    expect(readFileSync(join(dir, "site", "coalition.html"), "utf8")).toContain("Shared Org");
  });

  it("names a templates folder or brand file that briefdeck.yaml names and that is not there, at its line", async () => {
    const dir = makeProject({ "briefs/coalition.yaml": readFileSync(BRIEF, "utf8") });
    writeFileSync(join(dir, "briefdeck.yaml"), "out: dist\ntemplates: templates\nbrand: brand/_brand.yml\n");
    const { code, stderr } = await runCli(["build", "--no-pdf"], dir);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(
      'briefdeck.yaml:2:12 error settings-path-missing  the templates folder "templates" does not exist',
    );
    expect(stderr).toContain(
      'briefdeck.yaml:3:8 error settings-path-missing  the brand file "brand/_brand.yml" does not exist',
    );
    expect(stderr).toContain("hint: ");
    expect(stderr).not.toContain("Usage: briefdeck");
  });
});

describe("a brand change rebuilds", () => {
  let cli: CliChild | undefined;
  afterEach(async () => {
    await cli?.cleanup();
    cli = undefined;
  });

  it("is part of the build cache key: a changed _brand.yml or logo rebuilds, an unchanged one does not", async () => {
    const dir = brandProject();
    await runCli(["build", "--no-pdf"], dir);
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("0 built, 1 unchanged");
    writeFileSync(join(dir, "logo.svg"), readFileSync(join(dir, "logo.svg"), "utf8").replace("ACME", "ACNE"));
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("1 built, 0 unchanged");
    writeFileSync(
      join(dir, "_brand.yml"),
      readFileSync(join(dir, "_brand.yml"), "utf8").replace("#fffdf5", "#fafafa"),
    );
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("1 built, 0 unchanged");
  });

  it("in build --watch, when _brand.yml changes", async () => {
    ensureBundle();
    const dir = brandProject();
    cli = spawnCli(["build", "--watch", "--no-pdf"], dir);
    const html = join(dir, "dist", "coalition.html");
    await waitFor("the first build", () => cli?.stderr().includes("watching for changes"), 60_000);
    writeFileSync(
      join(dir, "_brand.yml"),
      readFileSync(join(dir, "_brand.yml"), "utf8").replace('"#0b6e4f"', '"#7a1f3d"'),
    );
    await waitFor("the rebranded deck", () => readIfThere(html)?.includes("--bd-accent: #7a1f3d;"), 30_000);
  });

  it("in serve, when _brand.yml changes", async () => {
    const dir = brandProject();
    const { preview } = await startTestPreview(dir, undefined, { brandFile: join(dir, "_brand.yml") });
    try {
      const deck = () => preview.project.get("coalition")?.good?.rendered.deck ?? "";
      expect(deck()).toContain("--bd-accent: #0b6e4f;");
      writeFileSync(
        join(dir, "_brand.yml"),
        readFileSync(join(dir, "_brand.yml"), "utf8").replace('"#0b6e4f"', '"#7a1f3d"'),
      );
      await waitFor("the rebranded deck in serve", () => deck().includes("--bd-accent: #7a1f3d;"), 30_000);
    } finally {
      await preview.close();
    }
  });
});

describe.runIf(browserAvailable())("the brand in the PDFs", () => {
  it("embeds the brand's local font in the slides and the handout", async () => {
    const dir = brandProject();
    const { code } = await runCli(["build"], dir);
    expect(code).toBe(0);
    for (const pdf of ["coalition.pdf", "coalition.handout.pdf"]) {
      const fonts = execFileSync("pdffonts", [join(dir, "dist", pdf)], { encoding: "utf8" });
      expect(fonts, pdf).toMatch(/\+LeagueGothic-Regular/);
    }
  });
});
