import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, makeProject } from "./helpers.ts";
import { render, slidesOf } from "./render-helpers.ts";

// The templates: untrusted text in every field stays text, and an override folder's templates.

const XSS_PAYLOADS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(2)">',
  "[click](javascript:alert(3))",
  "[entity](jav&#x61;script:alert(4))",
  '<a href="jav&#x09;ascript:alert(5)">x</a>',
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)",
  "<iframe src=file:///etc/passwd></iframe>",
  "<object data=x></object><embed src=y><style>body{display:none}</style>",
  "{{constructor.constructor 'alert(7)'}}",
];

describe("untrusted text stays text", () => {
  const payloads = XSS_PAYLOADS;
  const field = (p: string) => JSON.stringify(p);

  for (const payload of payloads) {
    it(`neutralises ${payload}`, async () => {
      const source = brief(
        [
          "  - layout: title",
          `  - layout: bullets\n    title: ${field(payload)}\n    points: [${field(payload)}, { text: ${field(payload)}, points: [${field(payload)}] }]\n    notes: ${field(payload)}`,
          `  - layout: judgments\n    items: [{ text: ${field(payload)} }]`,
          `  - layout: comparison\n    columns: [${field(payload)}]\n    rows: [{ label: ${field(payload)}, cells: [{ rating: holds, text: ${field(payload)} }] }]`,
          `  - layout: text\n    title: T\n    body: ${field(payload)}`,
          `  - layout: quote\n    quote: ${field(payload)}\n    attribution: ${field(payload)}`,
          `  - layout: section\n    title: ${field(payload)}\n    subtitle: ${field(payload)}`,
        ].join("\n"),
        `subtitle: ${field(payload)}\nauthor: ${field(payload)}\norganisation: ${field(payload)}\nmarking: ${field(payload)}\n`,
      ).replace("marking: TEST MARKING\n", "");
      const result = await render(source);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const slides = slidesOf(result.rendered?.deck);
      expect(slides).not.toMatch(/<(script|iframe|object|embed|style)\b/i);
      // Inside tags: the escaped payload may still show its words as text.
      expect(slides).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(slides).not.toMatch(/<[^>]*(href|src)\s*=\s*"?\s*(javascript|data:text|jav)/i);
      expect(slides).not.toContain("alert(7)</");
      // The words are still there, shown as text.
      if (payload.startsWith("<script")) expect(slides).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });
  }
});

describe("templates", () => {
  it("falls back to the built-ins for files an override folder does not have", async () => {
    const dir = makeProject();
    mkdirSync(join(dir, "tpl", "layouts"), { recursive: true });
    writeFileSync(join(dir, "tpl", "layouts", "section.hbs"), '<h2 class="custom-section">{{title}}!</h2>');
    const result = await render(
      brief("  - layout: section\n    title: Override\n  - layout: bullets\n    points: [x]\n"),
      {
        templatesDir: join(dir, "tpl"),
      },
    );
    const slides = slidesOf(result.rendered?.deck);
    expect(slides).toContain('<h2 class="custom-section">Override!</h2>');
    expect(slides).toContain('<ul class="bd-points">');
  });

  it("reports a template that names a missing field instead of printing nothing", async () => {
    const dir = makeProject();
    mkdirSync(join(dir, "tpl", "layouts"), { recursive: true });
    writeFileSync(join(dir, "tpl", "layouts", "section.hbs"), "<h2>{{titel}}</h2>");
    const result = await render(brief("  - layout: section\n    title: Strict\n"), {
      templatesDir: join(dir, "tpl"),
    });
    expect(result.rendered?.deck).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["template-error"]);
    expect(result.diagnostics[0]?.message).toContain('"titel" not defined');
  });
});
