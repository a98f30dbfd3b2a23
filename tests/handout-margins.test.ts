import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Brief } from "../src/brief/brief.ts";
import { localeFor } from "../src/messages/locale.ts";
import { renderHandoutMargins } from "../src/render/handout-margins.ts";
import { brief, makeProject, runCli } from "./helpers.ts";
import { render } from "./render-helpers.ts";

// The handout's running header and footer are CSS page-margin boxes (src/render/handout-margins.ts):
// the brief's words go into CSS strings, so they must not end the string, the rule or the style element.

/** The generated @page rule of a rendered brief's handout, its boxes by name. */
async function marginBoxes(source: string): Promise<Map<string, string>> {
  const { rendered, diagnostics } = await render(source);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const handout = rendered?.handout ?? "";
  const rule = /@page\{(@top-[a-z]+\{.*?)\}\n/s.exec(handout)?.[1] ?? "";
  // Each box's content and direction, without its look (font, colour), which comes before them.
  return new Map(
    [...rule.matchAll(/@([a-z-]+)\{(.*?)\}/gs)].map((m) => [
      m[1] ?? "",
      (m[2] ?? "").replace(/^.*?;content:/s, "content:"),
    ]),
  );
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
      'content:"A \\"quoted\\" \\\\ mark with \\3c /style> in it";direction:ltr',
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

describe("a templates folder with the retired header or footer template", () => {
  it("is refused, naming the file and the fix, and nothing is written", async () => {
    const dir = makeProject({
      "briefs/one.yaml": brief("  - layout: bullets\n    title: One\n    points: [A]\n"),
    });
    mkdirSync(join(dir, "tpl"));
    writeFileSync(join(dir, "tpl", "handout-footer.hbs"), "<div>{{marking}} — our own footer</div>\n");
    const { code, stderr } = await runCli(["build", "--no-pdf", "--templates", "tpl"], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the template .*tpl\/handout-footer\.hbs is no longer used: .*margin boxes/);
    expect(stderr).toContain("Fix: remove the file");
    expect(existsSync(join(dir, "dist", "one.html"))).toBe(false);
  });
});

describe("the brand's logo in the handout's header", () => {
  const svg = (w: number, h: number) =>
    `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"/>`).toString("base64")}`;
  const header = (src: string) =>
    renderHandoutMargins(
      { title: "T", status: "final" } as unknown as Brief,
      { src, alt: "Logo" },
      localeFor("en"),
    ).css;

  it("is drawn 6 mm tall at its own width, in the room its box reserves before DRAFT", () => {
    expect(header(svg(240, 80))).toContain("left center/18.00mm 6.00mm;padding-left:20.00mm");
  });

  it("is at most 40 mm wide, however wide the picture, so the marking keeps its room", () => {
    expect(header(svg(2000, 10))).toContain("left center/40.00mm 0.20mm;padding-left:42.00mm");
  });

  it("is drawn in a 6 mm square when its size cannot be read, never wider than its room", () => {
    expect(header("data:image/png;base64,AAAA")).toContain("left center/6.00mm 6.00mm;padding-left:8.00mm");
  });
});
