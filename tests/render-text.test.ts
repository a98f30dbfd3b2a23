import { describe, expect, it } from "vitest";
import { compareVersions } from "../src/brief/changes.ts";
import { brief } from "./helpers.ts";
import { render, slidesOf } from "./render-helpers.ts";

// What rendering does to the brief's text: acronyms, the version history, Markdown tables.

describe("acronyms", async () => {
  const source = brief(
    [
      "  - layout: bullets",
      "    title: What the PLA and NGOs do",
      "    points:",
      "      - The People's Liberation Army (PLA) trains",
      "      - NGOs fund R&D, and an NGO [reports on the NATO summit](https://example.org)",
      "      - Later, NGOs and R&D again; the NATO line holds",
      "    notes: NATO in the notes is marked, never written out.",
    ].join("\n"),
    [
      "glossary:",
      "  PLA: People's Liberation Army",
      "  NGO: non-governmental organisation",
      "  R&D: research and development",
      "  NATO: North Atlantic Treaty Organization",
      "",
    ].join("\n"),
  );
  const result = await render(source);
  const slides = slidesOf(result.rendered?.deck);

  it("writes out the first use in running text and marks up the rest", () => {
    // Headings are never rewritten; the author's own expansion counts (apostrophe and all).
    expect(slides).toContain(
      `What the <abbr title="People&#39;s Liberation Army">PLA</abbr> and <abbr title="non-governmental organisation">NGOs</abbr> do`,
    );
    expect(slides).toContain("The People's Liberation Army (<abbr");
    expect(slides).toContain("non-governmental organisations (NGOs) fund research and development (R&amp;D)");
    expect(slides).toContain('an <abbr title="non-governmental organisation">NGO</abbr>');
    // Link text is running text too.
    expect(slides).toContain("reports on the North Atlantic Treaty Organization (NATO) summit</a>");
    expect(slides).toContain('the <abbr title="North Atlantic Treaty Organization">NATO</abbr> line');
    expect(slides).toContain(
      '<aside class="notes"><p><abbr title="North Atlantic Treaty Organization">NATO</abbr> in',
    );
  });

  it("treats a body's headings as headings: marked up, never written out, and warned about", async () => {
    const headed = await render(
      brief(
        [
          "  - layout: text",
          "    title: Options",
          "    body: |",
          "      ### What the UN can do",
          "",
          "      The UN observes; the OSCE monitors.",
          "",
          "      #### The Organization for Security and Co-operation in Europe (OSCE)",
        ].join("\n"),
        "glossary:\n  UN: United Nations\n  OSCE: Organization for Security and Co-operation in Europe\n",
      ),
    );
    const body = slidesOf(headed.rendered?.deck);
    // The heading keeps "UN"; the running text after it writes it out; OSCE in running text comes first.
    expect(body).toContain('<h3>What the <abbr title="United Nations">UN</abbr> can do</h3>');
    expect(body).toContain("The United Nations (UN) observes; the Organization for Security and");
    expect(body).toContain("Co-operation in Europe (OSCE) monitors.");
    // The lint sees the same: UN's first use is in a heading, where it cannot be written out.
    const warnings = headed.diagnostics.map((d) => [d.code, d.line, d.message]);
    expect(warnings).toEqual([
      ["acronym-before-expansion", 12, '"UN" is used here before it is expanded (United Nations)'],
    ]);
  });

  it("reads a body's headings the same way in the lint: after an expansion, and inside a list item", async () => {
    const body = (text: string) =>
      render(
        brief(
          `  - layout: text\n    title: T\n    body: |\n${text.replace(/^/gm, "      ")}\n`,
          "glossary:\n  UN: United Nations\n",
        ),
      );
    const after = await body("The United Nations met.\n\n### The UN response");
    expect(slidesOf(after.rendered?.deck)).toContain(
      '<h3>The <abbr title="United Nations">UN</abbr> response</h3>',
    );
    expect(after.diagnostics).toEqual([]);
    const listed = await body("- ### The UN in a list\n\nThe UN later.");
    expect(slidesOf(listed.rendered?.deck)).toContain("The United Nations (UN) later.");
    expect(listed.diagnostics.map((d) => d.code)).toEqual(["acronym-before-expansion"]);
  });

  it("lists the acronyms the deck uses at the end of the handout", () => {
    const handout = result.rendered?.handout ?? "";
    const glossary = handout.slice(handout.indexOf('<section class="bd-handout-glossary">'));
    expect(glossary.match(/<dt>[^<]*<\/dt>/g)).toEqual([
      "<dt>NATO</dt>",
      "<dt>NGO</dt>",
      "<dt>PLA</dt>",
      "<dt>R&amp;D</dt>",
    ]);
  });
});

describe("the version history", () => {
  it("orders versions as documents number them", () => {
    const sorted = ["1.10", "1.2a", "1.0-rc1", "1.9", "2", "1.0", "1.0-rc2", "1.2"].sort(compareVersions);
    expect(sorted).toEqual(["1.0-rc1", "1.0-rc2", "1.0", "1.2", "1.2a", "1.9", "1.10", "2"]);
    expect(compareVersions("1", "1.0.0")).toBe(0);
  });

  it("shows what changed since the version before the latest, or the one entry there is", async () => {
    const changes = (entries: string[]) =>
      `changes:\n${entries.map((v, i) => `  - { version: "${v}", date: 2026-11-0${i + 1}, summary: Change ${v} }\n`).join("")}`;
    const two = slidesOf(
      (await render(brief("  - layout: changes\n", changes(["1.9", "1.10"])))).rendered?.deck,
    );
    expect(two).toContain("What changed since v1.9</h2>");
    expect(two).toContain("Change 1.10");
    expect(two.includes("Change 1.9")).toBe(false);
    const one = slidesOf((await render(brief("  - layout: changes\n", changes(["0.1"])))).rendered?.deck);
    expect(one).toContain("What is new in v0.1</h2>");
    expect(one).toContain("Change 0.1");
  });
});

describe("Markdown tables in text bodies", () => {
  it("right-aligns numeric columns, keeps set alignments, and renders an empty corner as a cell", async () => {
    const body = [
      "      |  | 2024 | 2025 [@a] | Trend | Set |",
      "      |--|------|-----------|-------|:-----:|",
      "      | Spending (€bn) | 1,234.5 | 1 400 [@a] | rising | 1 |",
      "      | Share | 12% | – | flat | 2 |",
    ].join("\n");
    const result = await render(
      brief(`  - layout: text\n    title: Table\n    body: |\n${body}\n`, "sources:\n  a: { title: A }\n"),
    );
    const deck = slidesOf(result.rendered?.deck);
    expect(deck).toContain("<thead>\n<tr>\n<td></td>\n");
    expect(deck).toContain('<th align="right">2024</th>');
    expect(deck).toContain('<td align="right">1,234.5</td>');
    expect(deck).toContain('<td align="right">12%</td>');
    expect(deck).toContain("<td>rising</td>");
    expect(deck).toContain('<td align="center">2</td>');
  });
});
