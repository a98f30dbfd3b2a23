import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EVERY_LAYOUT, makeProject, runCli } from "./helpers.ts";
import { type PptxSlide, readPptx } from "./pptx-helpers.ts";

// The PowerPoint shows what the deck shows: each difference a colleague saw between the deck's PDF and
// the .pptx (converted by LibreOffice), read back from the slide XML as any reader would.

/** One text run of a slide's XML: its text and its run properties (`<a:rPr …>` and what it holds). */
interface XmlRun {
  text: string;
  props: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

function runsOf(xml: string): XmlRun[] {
  return [...xml.matchAll(/<a:r>(<a:rPr[^>]*?(?:\/>|>.*?<\/a:rPr>))?<a:t>([^<]*)<\/a:t><\/a:r>/gs)].map(
    (m) => ({
      props: m[1] ?? "",
      text: (m[2] ?? "").replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ENTITIES[e] ?? ""),
    }),
  );
}

/** The texts of the longest stretches of consecutive runs that `test` holds for. */
function spans(runs: XmlRun[], test: (run: XmlRun) => boolean): string[] {
  return runs
    .map((r) => (test(r) ? r.text : "\u0000"))
    .join("")
    .split("\u0000")
    .filter((s) => s !== "");
}

/** The shape (`<p:sp>`) named `name` on the slide. */
function shape(slide: PptxSlide | undefined, name: string): string | undefined {
  return new RegExp(`<p:sp>(?:(?!</p:sp>).)*?name="${name}"(?:(?!</p:sp>).)*</p:sp>`, "s").exec(
    slide?.xml ?? "",
  )?.[0];
}

describe("build --pptx: the PowerPoint shows what the deck shows", () => {
  let slides: PptxSlide[];
  beforeAll(async () => {
    const dir = makeProject(EVERY_LAYOUT);
    const { code, stderr } = await runCli(["build", "--no-pdf", "--pptx"], dir);
    expect(code, stderr).toBe(0);
    ({ slides } = await readPptx(join(dir, "dist/every-layout.pptx")));
  });

  const sources = () => slides.find((s) => s.title === "Sources");

  it("sets a source's whole title in italics, as the deck does (not only its own emphasis)", () => {
    const italic = spans(runsOf(sources()?.xml ?? ""), (r) => / i="1"/.test(r.props));
    expect(italic).toEqual(["Beta blog post", "Alpha report: on things"]);
  });

  it("words a source as the deck does: a full stop after the title, then the publisher", () => {
    const text = runsOf(sources()?.xml ?? "")
      .map((r) => r.text)
      .join("");
    expect(text).toContain("Beta blog post. Beta blog. Accessed 20 November 2026.");
    expect(text).toContain("Alpha report: on things, A. Author. Alpha Institute, 2025.");
    expect(text).toContain("C. Cited, as cited in [2].");
  });

  it("underlines a link's text only, not the space before it", () => {
    const links = runsOf(sources()?.xml ?? "").filter((r) => r.props.includes("hlinkClick"));
    expect(links.map((r) => r.text)).toEqual(["https://example.org/alpha"]);
  });
});
