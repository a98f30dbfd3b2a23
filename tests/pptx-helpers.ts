import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import JSZip from "jszip";

// Reads a .pptx as any reader would: the zip package (JSZip) and the slide XML, not the writer's objects.

export interface PptxSlide {
  /** The text of the shape named "Title", if any. */
  title: string | undefined;
  /** Every text run on the slide, joined by spaces (tables included). */
  text: string;
  xml: string;
  /** The slide's notes text, when it has a notes slide. */
  notes: string | undefined;
}

export async function readPptx(file: string): Promise<{ zip: JSZip; slides: PptxSlide[] }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const presentation = await zip.file("ppt/presentation.xml")?.async("string");
  const rels = (await zip.file("ppt/_rels/presentation.xml.rels")?.async("string")) ?? "";
  const ids = [...(presentation ?? "").matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)].map((m) => m[1]);
  const slides: PptxSlide[] = [];
  for (const id of ids) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? "";
    const path = `ppt/${target}`;
    const xml = (await zip.file(path)?.async("string")) ?? "";
    const slideRels = (await zip.file(`ppt/slides/_rels/${basename(path)}.rels`)?.async("string")) ?? "";
    const notesTarget = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(slideRels)?.[1];
    const notesXml =
      notesTarget === undefined
        ? undefined
        : await zip.file(`ppt/notesSlides/${notesTarget}`)?.async("string");
    const titleShape = /<p:sp>(?:(?!<\/p:sp>).)*?name="Title"(?:(?!<\/p:sp>).)*<\/p:sp>/s.exec(xml)?.[0];
    slides.push({
      title: titleShape === undefined ? undefined : runsText(titleShape),
      text: runsText(xml),
      xml,
      notes: notesXml === undefined ? undefined : runsText(notesXml),
    });
  }
  return { zip, slides };
}

/** The text runs of some slide XML, joined with spaces, entities decoded. */
export function runsText(xml: string): string {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
    .map((m) =>
      (m[1] ?? "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&"),
    )
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Whether LibreOffice's `soffice` is there. Without it the conversion tests skip and say so; in CI
 * (CI=true) a missing soffice fails the run instead.
 */
export function sofficeAvailable(): boolean {
  const found = ["/usr/bin/soffice", "/usr/local/bin/soffice"].some((p) => existsSync(p));
  if (found) return true;
  if (process.env.CI === "true")
    throw new Error("CI=true but soffice was not found: install it (apt-get install -y libreoffice-impress)");
  console.warn("LibreOffice tests skipped: no soffice found (apt-get install -y libreoffice-impress)");
  return false;
}

/** Converts a .pptx to PDF with LibreOffice Impress (its own profile, so runs do not share one). */
export function convertWithLibreOffice(file: string): string {
  const out = mkdtempSync(join(tmpdir(), "briefdeck-soffice-"));
  const profile = `file://${join(out, "profile")}`;
  execFileSync(
    "soffice",
    [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", out, file],
    { stdio: "ignore", timeout: 120_000 },
  );
  return join(out, basename(file).replace(/\.pptx$/, ".pdf"));
}

/** A line of text in a PDF as pdftotext -bbox-layout places it, in points from the page's top left. */
export interface PdfLine {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every line of text in the PDF with its box (poppler's pdftotext -bbox-layout). */
export function pdfLines(pdf: string): PdfLine[] {
  const xml = execFileSync("pdftotext", ["-bbox-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 1e8 });
  return xml
    .split("<page ")
    .slice(1)
    .flatMap((page, i) => {
      const size = (name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(page)?.[1]);
      const [pageWidth, pageHeight] = [size("width"), size("height")];
      const lines = page.matchAll(
        /<line xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)<\/line>/gs,
      );
      return [...lines].map((m) => ({
        page: i + 1,
        text: [...(m[5] ?? "").matchAll(/>([^<]*)<\/word>/g)].map((w) => w[1]).join(" "),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        pageWidth,
        pageHeight,
      }));
    });
}
