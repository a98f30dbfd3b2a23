import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../src/messages/catalogue.ts";
import { en } from "../src/messages/en.ts";
import { localeFor } from "../src/messages/locale.ts";
import { brief, makeProject, read, runCli, validateSource } from "./helpers.ts";
import { LANGS } from "./lang-helpers.ts";
import { httpRequest, startTestPreview } from "./serve-helpers.ts";

describe("the message catalogues", () => {
  for (const lang of LANGS) {
    it(`${lang} has exactly English's keys, and plural forms its language uses`, () => {
      const catalogue = CATALOGUES[lang] ?? {};
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(catalogue) as Array<[string, string | object]>) {
        expect(typeof message === "string" || typeof message === "object", key).toBe(true);
        if (typeof message === "string") {
          expect(message.trim(), key).not.toBe("");
          continue;
        }
        expect(
          Object.keys(message).every((c) => (categories as string[]).includes(c)),
          key,
        ).toBe(true);
        const forms = message as Record<string, string | undefined>;
        for (const category of categories) expect(forms[category], `${key}.${category}`).toBeDefined();
      }
    });
  }

  it("looks words up along the tag's chain: fr-CA reads French, en-GB and a language without words English", () => {
    expect(localeFor("fr-CA").t("layout.sources")).toBe("Sources");
    expect(localeFor("fr-CA").t("layout.judgments")).toBe("Jugements clés");
    expect(localeFor("fr-CA").catalogue).toBe("fr");
    expect(localeFor("en-GB").fallback).toBe(false);
    expect(localeFor("sw").t("layout.judgments")).toBe("Key judgments");
    expect(localeFor("sw").fallback).toBe(true);
  });

  it("writes dates and probability ranges in the language's style", () => {
    expect(localeFor("en").date("2026-11-26")).toBe("26 November 2026");
    expect(localeFor("fr").date("2026-11-26")).toBe("26 novembre 2026");
    expect(localeFor("uk").date("2026-11-26")).toBe("26 листопада 2026 р.");
    expect(localeFor("de").date("2026-11-26")).toBe("26. November 2026");
    // A year under 100 is that year, not 1900 and after.
    expect(localeFor("en").date("0070-03-05")).toBe("5 March 70");
    expect(localeFor("en").percentRange(55, 80)).toBe("55–80%");
    expect(localeFor("fr").percentRange(55, 80)).toBe("55–80\u00a0%");
    expect(localeFor("de").percentRange(55, 80)).toBe("55–80\u00a0%");
  });

  it("chooses the plural form by the number: 1 слайд, 3 слайди, 6 слайдів", () => {
    const { t } = localeFor("uk");
    expect([1, 3, 6].map((count) => t("handout.slides", { count }))).toEqual([
      "1 слайд",
      "3 слайди",
      "6 слайдів",
    ]);
  });
});

describe("the lang field", () => {
  it("refuses a tag that is not BCP 47, at the value, with the tag it probably meant", () => {
    const { diagnostics } = validateSource(brief("  - layout: title\n", "lang: en_GB\n"));
    expect(diagnostics).toMatchObject([
      { code: "bad-lang", line: 5, column: 7, hint: 'did you mean "en-GB"?', severity: "error" },
    ]);
  });

  it("reads a language without a catalogue as English, with one warning at the field", () => {
    const { brief: valid, diagnostics } = validateSource(brief("  - layout: title\n", "lang: sw\n"));
    expect(valid?.lang).toBe("sw");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["lang-no-catalogue", 5]]);
  });

  it("stores the canonical tag", () => {
    expect(validateSource(brief("  - layout: title\n", "lang: EN-gb\n")).brief?.lang).toBe("en-GB");
  });

  it("builds a brief in a language without a catalogue, in English, with lang set and one warning", async () => {
    const project = makeProject({
      "briefs/sw.yaml": brief("  - layout: judgments\n    items: [{ text: Tathmini }]\n", "lang: sw\n"),
    });
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(code).toBe(0);
    expect(stderr.match(/lang-no-catalogue/g)).toHaveLength(1);
    const deck = read(join(project, "dist/sw.html"));
    expect(deck).toContain('<html lang="sw" dir="ltr">');
    expect(deck).toContain("Key judgments");
  });

  it("is taken from briefdeck.yaml's defaults, which also set the index page's language", async () => {
    const project = makeProject({ "briefs/a.yaml": brief("  - layout: sources\n") });
    writeFileSync(join(project, "briefdeck.yaml"), "defaults:\n  lang: de\n");
    const { code, stderr } = await runCli(["build", "--no-pdf"], project);
    expect(stderr).not.toContain("warning");
    expect(code).toBe(0);
    expect(read(join(project, "dist/a.html"))).toContain('<html lang="de" dir="ltr">');
    expect(read(join(project, "dist/a.html"))).toContain(">Quellen</h2>");
    const index = read(join(project, "dist/index.html"));
    expect(index).toContain('<html lang="de" dir="ltr">');
    expect(index).toContain("1 Folie");
  });
});

describe("serve in the project's language", () => {
  it("writes its index in briefdeck.yaml's language, and a broken brief's overlay in its own", async () => {
    const project = makeProject({
      "briefs/bon.yaml": brief("  - layout: sources\n", "lang: fr\n"),
      "briefs/casse.yaml": brief("  - layout: nope\n", "lang: fr\n"),
    });
    const run = await startTestPreview(project, undefined, { defaults: { lang: "uk" } });
    try {
      const port = run.preview.server.port;
      const index = (await httpRequest(port, "/")).body.toString();
      expect(index).toContain('<html lang="uk" dir="ltr">');
      expect(index).toContain("<h1>Брифінги</h1>");
      expect(index).toContain('<span class="bad">1 помилка</span>');
      expect(index).toContain('<span class="ok">ок</span>');
      // The broken brief never built: the project's language. The good one: its own.
      const broken = (await httpRequest(port, "/casse.html")).body.toString();
      expect(broken).toContain("у брифінгу є проблеми");
      const good = (await httpRequest(port, "/bon.html")).body.toString();
      expect(good).toContain("la note a des problèmes");
    } finally {
      await run.preview.close();
    }
  });
});
