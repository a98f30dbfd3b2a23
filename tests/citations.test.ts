import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { brief, makeProject } from "./helpers.ts";

// Citation numbers follow the order a reader meets the sources in the deck as shown.

const SOURCES = `sources:
  alpha:
    title: Alpha report
    publisher: Alpha Institute
  beta:
    title: Beta blog post
    publisher: Beta blog
`;

async function deckOf(slides: string): Promise<string> {
  const project = makeProject({ "briefs/test.yaml": brief(slides, SOURCES) });
  const result = await compileBrief(join(project, "briefs/test.yaml"), {
    projectRoot: project,
    templates: loadTemplates(),
    version: "test",
    render: true,
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.rendered?.deck ?? "";
}

/** The number each source's citation shows, by its title. */
function numbersOf(deck: string): Record<string, string> {
  const numbers: Record<string, string> = {};
  for (const match of deck.matchAll(
    /<a class="bd-cite"[^>]* title="([^"]*?)(?: \(graded[^"]*)?">\[(\d+)\]<\/a>/g,
  ))
    numbers[match[1] ?? ""] ??= match[2] ?? "";
  return numbers;
}

/** The sources slide's entries, as "number key". */
function sourcesList(deck: string): string[] {
  return [...deck.matchAll(/<li value="(\d+)" id="source-([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe("citation numbers", () => {
  it("a hidden slide's citation takes no number: the first visible citation is [1]", async () => {
    const deck = await deckOf(`  - layout: text
    title: Left out
    hidden: true
    body: Hidden words [@alpha].
  - layout: text
    title: Shown
    body: Shown words [@beta].
  - layout: sources
`);
    expect(deck).not.toContain("Hidden words");
    expect(numbersOf(deck)).toEqual({ "Beta blog post": "1" });
    expect(sourcesList(deck)).toEqual(["1 beta"]);
  });

  it("a quote's source is numbered before the sources its notes cite", async () => {
    const deck = await deckOf(`  - layout: quote
    quote: Words worth quoting.
    cite: alpha
    attribution: Alpha report
    notes: Background from the blog [@beta].
  - layout: sources
`);
    expect(sourcesList(deck)).toEqual(["1 alpha", "2 beta"]);
    expect(numbersOf(deck)).toMatchObject({ "Beta blog post": "2" });
  });
});
