import { describe, expect, it } from "vitest";
import { brief, makeProject, runCli } from "./helpers.ts";

describe("the estimative-language lint in the brief's language", () => {
  // A judgment whose words say "almost certain" while its likelihood says "unlikely", and one with
  // a hedge and no likelihood at all, per language.
  const CASES: Record<string, { certain: string; hedge: string }> = {
    fr: { certain: "Moscou refusera presque certainement", hedge: "La force pourrait être déployée" },
    de: { certain: "Moskau wird dies nahezu sicher ablehnen", hedge: "Die Truppe könnte entsandt werden" },
    nl: {
      certain: "Moskou zal dit vrijwel zeker afwijzen",
      hedge: "De troepenmacht zou kunnen worden ingezet",
    },
    uk: { certain: "Москва майже напевно відмовиться", hedge: "Сили, можливо, буде розгорнуто" },
  };
  for (const [lang, { certain, hedge }] of Object.entries(CASES)) {
    it(`${lang}: finds the language's estimative words where they are written`, () => {
      const slides = [
        "  - layout: judgments",
        "    items:",
        `      - text: "${certain}"`,
        "        likelihood: unlikely",
        `      - text: "${hedge}"`,
      ].join("\n");
      const source = brief(`${slides}\n`, `lang: ${lang}\n`);
      const project = makeProject({ [`briefs/${lang}.yaml`]: source });
      return runCli(["check", "--no-browser"], project).then(({ stderr }) => {
        const lines = source.split("\n");
        const line = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
        const word = (text: string, phrase: string) =>
          (lines[line(text) - 1] ?? "").toLowerCase().indexOf(phrase) + 1;
        const [strong = "", hedged = ""] = {
          fr: ["presque certainement", "pourrait"],
          de: ["nahezu sicher", "könnte"],
          nl: ["vrijwel zeker", "zou kunnen"],
          uk: ["майже напевно", "можливо"],
        }[lang] as [string, string];
        expect(stderr).toContain(
          `briefs/${lang}.yaml:${line(certain)}:${word(certain, strong)} warning estimative-mismatch`,
        );
        expect(stderr).toContain(
          `briefs/${lang}.yaml:${line(hedge)}:${word(hedge, hedged)} warning estimative-no-likelihood`,
        );
        expect(stderr).not.toContain("estimative-unread");
      });
    });
  }

  it("says once that it does not read a language it has no words for, and reads no English words in it", async () => {
    const slides = [
      "  - layout: judgments",
      "    items:",
      '      - text: "Rosja prawie na pewno odmówi; may"',
      "        likelihood: unlikely",
      '      - text: "Siły mogą zostać rozmieszczone"',
    ].join("\n");
    const project = makeProject({ "briefs/pl.yaml": brief(`${slides}\n`, "lang: pl\n") });
    const { stderr } = await runCli(["check", "--no-browser"], project);
    expect(stderr.match(/estimative-unread/g)).toHaveLength(1);
    expect(stderr).toContain(
      'briefs/pl.yaml:5:7 warning estimative-unread  the estimative-language lint does not read "pl"',
    );
    expect(stderr).not.toMatch(/estimative-(mismatch|no-likelihood)/);
  });
});
