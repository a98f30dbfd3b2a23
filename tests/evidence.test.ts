import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readArchive } from "../src/brief/archive.ts";
import { closestPassage, MAX_SEARCH_WORDS, normaliseQuote, quoteOccurs } from "../src/brief/quote-match.ts";
import { compileBrief } from "../src/pipeline/compile-brief.ts";
import { loadTemplates } from "../src/render/templates.ts";
import { FIXTURES, makeProject, ROOT, runCli, sourceAvailable } from "./helpers.ts";

describe("quotes against their source", () => {
  it("normalises white space, typographic quotes and dashes, and soft hyphens the same on both sides", () => {
    const source = normaliseQuote(
      "the push to consider\u2014let\u2019s call it\u2014\u2018unorthodox\u2019\n  ap\u00ADproaches",
    );
    expect(source).toBe("the push to consider-let's call it-'unorthodox' approaches");
    expect(quoteOccurs(source, "consider -- let's call it - 'unorthodox' approaches")).toBe(false);
    expect(quoteOccurs(source, "consider - let's call it - 'unorthodox'   approaches")).toBe(true);
    expect(quoteOccurs(source, "consider \u2013 let\u2019s call it")).toBe(true);
    // The words and their case are the source's.
    expect(quoteOccurs(source, "Consider - let's call it")).toBe(false);
    expect(quoteOccurs(source, "consider - let's name it")).toBe(false);
  });

  it("finds the closest passage for a quote with one word changed", () => {
    const text = normaliseQuote(
      "Ukraine appears willing to accept the force. Russia has so far been rejecting the idea out of hand.",
    );
    expect(closestPassage(text, "Russia has so far been accepting the idea out of hand")).toBe(
      "Russia has so far been rejecting the idea out of hand",
    );
    expect(closestPassage(text, "zebra quagga")).toBeUndefined();
  });

  it("reads a huge archive only as far as its cap", () => {
    const filler = "word ".repeat(MAX_SEARCH_WORDS);
    expect(closestPassage(`${filler}needle haystack`, "needle haystack")).toBeUndefined();
    expect(closestPassage(`needle haystack ${filler}`, "needle haystack")).toBe("needle haystack");
  });
});

describe("archives", () => {
  it("reads HTML as its text: tags, scripts and styles gone, entities and block breaks kept", () => {
    const read = readArchive(join(FIXTURES, "archives/report.html"));
    expect(read).toEqual({
      text: "Harbour The harbour authority has so far refused to reopen the northern quay. Tolls rose by a third & more.",
    });
  });

  it("reads Markdown as the text it shows", () => {
    const dir = makeProject();
    const path = join(dir, "notes.md");
    writeFileSync(path, "# Notes\n\nThe *authority* has [refused](https://example.org) to **reopen**.\n");
    expect(readArchive(path)).toEqual({ text: "Notes The authority has refused to reopen." });
  });

  it("says why an archive cannot be read", () => {
    expect(readArchive(join(FIXTURES, "archives/none.txt"))).toEqual({ error: "the file does not exist" });
    expect(readArchive(FIXTURES)).toEqual({ error: "this is a folder, not a file" });
  });
});

describe("the first brief's evidence", () => {
  const FIRST = join(ROOT, "briefs/coalition-vs-peacekeeping.yaml");
  const templates = loadTemplates();
  const compile = (path: string, projectRoot: string, text?: string) =>
    compileBrief(path, { projectRoot, templates, version: "test", render: false }, text);

  // Skipped without ../shared on a developer's machine; in CI a missing source fails the run.
  const hasSource = sourceAvailable();

  it.skipIf(!hasSource)(
    "quotes its source word for word: no errors and no warnings with the archive there",
    async () => {
      expect((await compile(FIRST, ROOT)).diagnostics).toEqual([]);
    },
  );

  it.skipIf(!hasSource)(
    "catches a quote changed by one word, at the quote, with the source's own passage as the hint",
    async () => {
      const text = readFileSync(FIRST, "utf8");
      const quote = "has so far been rejecting the idea";
      const changed = text.replace(quote, quote.replace("rejecting", "considering"));
      expect(changed).not.toBe(text);
      const { diagnostics } = await compile(FIRST, ROOT, changed);
      const line = changed.split("\n").findIndex((l) => l.includes("considering")) + 1;
      const column = (changed.split("\n")[line - 1] ?? "").indexOf("has so far been") + 1;
      expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
        ["quote-not-in-source", "error", line, column],
      ]);
      expect(diagnostics[0]?.hint).toContain("so far been rejecting the idea");
    },
  );

  it("in a clone without the source's text, warns once that its quotes are unverified, and nothing worse", async () => {
    const text = readFileSync(FIRST, "utf8");
    // Two folders down, so that neither the brief's ../../shared nor the project's ../shared reaches a
    // shared/ beside the temporary folder (a clone in /tmp has its sources at /tmp/shared).
    const dir = join(makeProject({ "a/clone/briefs/first.yaml": text }), "a", "clone");
    const { code, stderr } = await runCli(["check", "--no-browser"], dir);
    expect(code).toBe(0);
    const line = text.split("\n").findIndex((l) => l.includes("archive: ../../shared/source/")) + 1;
    expect(stderr).toContain(`briefs/first.yaml:${line}:14 warning quote-unverified`);
    expect(stderr).toContain("(0 errors, 1 warning)");
  });
});

describe("a build and its archives", () => {
  it("builds again when an archive changes, and fails when a quote is no longer in it", async () => {
    const dir = makeProject({
      "briefs/harbour.yaml": [
        "title: Harbour",
        "sources:",
        "  h: { title: Harbour report, accessed: 2026-11-30, archive: report.txt }",
        "slides:",
        "  - layout: judgments",
        "    items:",
        "      - text: The northern quay stays shut [@h]",
        "        evidence: [{ source: h, quote: refused to reopen the northern quay }]",
        "  - layout: sources",
        "",
      ].join("\n"),
      "briefs/report.txt": "The authority has refused to reopen the northern quay.\n",
    });
    const first = await runCli(["build", "--no-pdf"], dir);
    expect(first.code, first.stderr).toBe(0);
    expect((await runCli(["build", "--no-pdf"], dir)).stderr).toContain("1 unchanged");
    writeFileSync(join(dir, "briefs/report.txt"), "The authority has reopened the northern quay.\n");
    const again = await runCli(["build", "--no-pdf"], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("briefs/harbour.yaml:8:40 error quote-not-in-source");
  });
});
