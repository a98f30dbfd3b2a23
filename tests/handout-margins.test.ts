import { describe, expect, it } from "vitest";
import { brief } from "./helpers.ts";
import { render } from "./render-helpers.ts";

// The handout's running header and footer are CSS page-margin boxes (src/render/handout-margins.ts):
// the brief's words go into CSS strings, so they must not end the string, the rule or the style element.

/** The generated @page rule of a rendered brief's handout, its boxes by name. */
async function marginBoxes(source: string): Promise<Map<string, string>> {
  const { rendered, diagnostics } = await render(source);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const handout = rendered?.handout ?? "";
  const rule = /@page\{(@top-[a-z]+\{.*?)\}\n/s.exec(handout)?.[1] ?? "";
  return new Map([...rule.matchAll(/@([a-z-]+)\{(.*?)\}/gs)].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

describe("the handout's margin boxes", () => {
  it("quote the brief's words: quotes, backslashes and line breaks cannot end the string or the style", async () => {
    const boxes = await marginBoxes(
      brief("  - layout: bullets\n    title: One\n    points: [A]\n", "").replace(
        /^marking: .*$/m,
        'marking: "A \\"quoted\\" \\\\ mark\\nwith </style> in it"',
      ),
    );
    expect([...boxes.keys()]).toEqual([
      "top-left",
      "top-center",
      "top-right",
      "bottom-left",
      "bottom-center",
      "bottom-right",
    ]);
    expect(boxes.get("top-center")).toBe(
      'content:"A \\"quoted\\" \\\\ mark with <\\/style> in it";direction:ltr',
    );
    expect(boxes.get("bottom-right")).toBe(
      'content:"Page " counter(page) " of " counter(pages) "";direction:ltr',
    );
  });

  it("put the start's words on the right, right to left, with the language's words around the page numbers", async () => {
    const boxes = await marginBoxes(
      brief("  - layout: bullets\n    title: واحد\n    points: [أ]\n", "lang: ar\nstatus: draft\n"),
    );
    // DRAFT at both ends; the title (start) on the right, the page numbers (end) on the left.
    expect(boxes.get("top-right")).toBe('content:"مسودة";direction:rtl');
    expect(boxes.get("top-left")).toBe('content:"مسودة";direction:rtl');
    expect(boxes.get("bottom-right")).toMatch(/^content:"Test brief · v1\.0";direction:rtl$/);
    expect(boxes.get("bottom-left")).toBe(
      'content:"الصفحة " counter(page) " من " counter(pages) "";direction:rtl',
    );
  });
});
