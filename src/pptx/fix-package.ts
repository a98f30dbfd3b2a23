import * as zlib from "node:zlib";
import JSZip from "jszip";
import CompressedObject from "jszip/lib/compressedObject";
import { DEFLATE } from "jszip/lib/compressions";
import crc32 from "jszip/lib/crc32";
import { escapeHtml } from "../escape-html.ts";
import { MARKERS } from "./theme.ts";

/** The document properties written into docProps/core.xml. */
export interface PackageProperties {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** The brief's ISO date: created and modified. Without one, a fixed date. */
  date: string | undefined;
  application: string;
}

const FIXED_DATE = "1980-01-01";

/** How the slides are laid out beyond what pptxgenjs writes. */
export interface SlideLayout {
  /** A right-to-left brief: the masters' paragraphs are set right to left. */
  rightToLeft?: boolean;
  /** The main slides' count, written after each slide's number as the deck's footer has it ("3 / 12"). */
  slideTotal?: number | undefined;
  /** The colour of the deck's list markers (its accent, hex without `#`): see markerColours. */
  markers?: string | undefined;
}

/**
 * Rewrites the package so the same brief gives the same bytes: pptxgenjs stamps the time into core.xml and
 * each zip entry. Every entry is written again, in the writer's order, with the brief's date; core.xml is
 * replaced by one carrying the title, subject, author, keywords and that date.
 */
export async function fixPackage(
  bytes: Uint8Array,
  props: PackageProperties,
  fonts?: ComplexScriptFont,
  { rightToLeft = false, slideTotal, markers }: SlideLayout = {},
): Promise<Uint8Array> {
  const day = props.date ?? FIXED_DATE;
  const date = new Date(`${day}T00:00:00Z`);
  // pptxgenjs writes its package uncompressed (STORE): read back without inflating, each entry
  // rewritten where it must change, deflated by Node's zlib (JSZip's own deflate, run cold, took most of a
  // PowerPoint's cost) and handed to JSZip already compressed, with the brief's date.
  const input = await JSZip.loadAsync(bytes);
  const output = new JSZip();
  const names = Object.keys(input.files);
  const charts = names.some((name) => name.startsWith("ppt/charts/"));
  const renumber = charts ? renumberCharts(names) : (text: string) => text;
  const complex = fonts === undefined ? (xml: string) => xml : await complexScriptFont(input, fonts);
  for (const name of names) {
    const entry = input.files[name];
    if (entry === undefined || entry.dir) continue;
    const content =
      name === "docProps/core.xml"
        ? coreXml(props, day)
        : /^ppt\/slides\/slide\d+\.xml$/.test(name)
          ? complex(
              markerColours(
                withTotal(onePropertyPerParagraph(await entry.async("string")), slideTotal),
                markers,
              ),
            )
          : /^ppt\/slide(Layout|Master)s\/slide(Layout|Master)\d+\.xml$/.test(name)
            ? complex(masterParagraphs(await entry.async("string"), rightToLeft))
            : /^ppt\/embeddings\/.*\.xlsx$/.test(name)
              ? await fixWorkbook(await entry.async("uint8array"), date)
              : charts && /\.rels$|^\[Content_Types\]\.xml$/.test(name)
                ? renumber(await entry.async("string"))
                : await entry.async("uint8array");
    // JSZip takes a compressed entry as loadAsync makes them (its types name only raw data).
    const compressed = deflated(content) as unknown as Uint8Array;
    output.file(renumber(name), compressed, { date, createFolders: false, binary: true });
  }
  return output.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "UNIX" });
}

// An entry's bytes deflated by zlib (level 6, as JSZip's default), as the compressed entry JSZip keeps
// as it is when it writes DEFLATE.
function deflated(content: string | Uint8Array): CompressedObject {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const packed = zlib.deflateRawSync(data, { level: 6 });
  // zlib's CRC-32 from Node 20.15; before, JSZip's.
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  const crc = native === undefined ? crc32(data, 0) : native(data);
  return new CompressedObject(packed.length, data.length, crc, DEFLATE, packed);
}

/** The built-in font, and which bundled fallback families a text needs (the deck's, from assets.ts). */
export interface ComplexScriptFont {
  font: string;
  fallbackFamilies(text: string): readonly string[];
}

/**
 * pptxgenjs names the run's font for complex scripts (`<a:cs>`, which Arabic and Hebrew text is drawn
 * with) as its Latin font. When the slides' text needs a bundled fallback (the built-in font has no
 * Arabic), the complex-script font is that fallback's family instead, as in the deck's font stack.
 */
async function complexScriptFont(input: JSZip, { font, fallbackFamilies }: ComplexScriptFont) {
  const slides = Object.keys(input.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
  const texts = await Promise.all(slides.map((name) => input.files[name]?.async("string") ?? ""));
  const [family] = fallbackFamilies(texts.join("\n"));
  if (family === undefined) return (xml: string) => xml;
  const from = `<a:cs typeface="${escapeHtml(font)}"`;
  const to = `<a:cs typeface="${escapeHtml(family)}"`;
  return (xml: string) => xml.replaceAll(from, to);
}

/**
 * pptxgenjs numbers native charts (and their workbooks) by a counter that lives as long as the process,
 * so a second build in the same process (serve, watch) would name them otherwise: numbered again from 1
 * in each package, in the writer's order, in names and in every reference to them.
 */
function renumberCharts(names: string[]): (text: string) => string {
  const ids = names
    .map((name) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  const number = new Map(ids.map((id, i) => [id, String(i + 1)]));
  return (text) =>
    text.replace(
      /\b(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)\b/g,
      (whole, stem: string, id: string, ext: string) =>
        number.has(id) ? `${stem}${number.get(id)}.${ext}` : whole,
    );
}

/**
 * A native chart's data is a workbook (xlsx) inside the package, which pptxgenjs also stamps with the time,
 * in its entries and its own core.xml: written again with the brief's date.
 */
async function fixWorkbook(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const input = await JSZip.loadAsync(bytes);
  const output = new JSZip();
  const stamp = date.toISOString().replace(".000Z", "Z");
  for (const name of Object.keys(input.files)) {
    const entry = input.files[name];
    if (entry === undefined || entry.dir) continue;
    const content =
      name === "docProps/core.xml"
        ? (await entry.async("string")).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, stamp)
        : await entry.async("uint8array");
    output.file(name, deflated(content) as unknown as Uint8Array, {
      date,
      createFolders: false,
      binary: true,
    });
  }
  return output.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "UNIX" });
}

function coreXml(props: PackageProperties, day: string): string {
  const e = escapeHtml;
  const stamp = `${day}T00:00:00Z`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${e(props.title)}</dc:title><dc:subject>${e(props.subject)}</dc:subject><dc:creator>${e(props.author)}</dc:creator><cp:keywords>${e(props.keywords)}</cp:keywords><cp:lastModifiedBy>${e(props.application)}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`;
}

/**
 * pptxgenjs sets a master's paragraph right to left only from its run's options, which a master's text
 * does not carry: in a right-to-left deck every paragraph of the masters (the footer, the marking, DRAFT,
 * the slide number) is set right to left here, as right-to-left.ts sets the slides' own.
 */
function masterParagraphs(xml: string, rightToLeft: boolean): string {
  return rightToLeft ? xml.replace(/<a:pPr\b(?![^>]*\brtl=)/g, '<a:pPr rtl="1"') : xml;
}

/**
 * PowerPoint's slide-number field gives the slide's own number; the deck's footer shows the total after it
 * ("3 / 12", its digits as the deck writes them), known when the package is written: a run after the field,
 * in the field's run properties. Annex slides (no number field) are left as they are.
 */
function withTotal(xml: string, total: number | undefined): string {
  if (total === undefined) return xml;
  return xml.replace(
    /(<a:fld [^>]*type="slidenum">(<a:rPr\b[^>]*?(?:\/>|>.*?<\/a:rPr>))?.*?<\/a:fld>)/s,
    (field: string, _: string, props = "") => `${field}<a:r>${props}<a:t> / ${total}</a:t></a:r>`,
  );
}

/**
 * pptxgenjs writes no bullet colour, so a marker would take its text's. The deck draws its list markers
 * (theme.ts MARKERS) in its accent, and a point's square at 0.42 em: those get the accent, the square
 * three quarters of the text's size, and the numbered discs the font their numbering is drawn from.
 */
export function markerColours(xml: string, accent: string | undefined): string {
  if (accent === undefined) return xml;
  const colour = `<a:buClr><a:srgbClr val="${accent}"/></a:buClr>`;
  // As pptxgenjs writes each marker (theme.ts MARKERS).
  const char = (code: string) => `<a:buSzPct val="100000"/><a:buChar char="&#x${code};"/>`;
  const { point, subpoint, judgment } = MARKERS;
  const numbered = `<a:buSzPct val="100000"/><a:buFont typeface="+mj-lt"/><a:buAutoNum type="${judgment.style}"`;
  return xml
    .replaceAll(char(point.characterCode), colour + char(point.characterCode).replace('"100000"', '"75000"'))
    .replaceAll(char(subpoint.characterCode), colour + char(subpoint.characterCode))
    .replaceAll(
      numbered,
      colour + numbered.replace('typeface="+mj-lt"', 'typeface="Wingdings" pitchFamily="2" charset="2"'),
    );
}

/**
 * pptxgenjs writes paragraph properties before every run of a paragraph; the schema allows one, first.
 * The first is the paragraph's (its bullet and level); later ones are dropped.
 */
export function onePropertyPerParagraph(xml: string): string {
  return xml.replace(/<a:p>(.*?)<\/a:p>/gs, (_, inner: string) => {
    const fixed = inner.replace(/<a:pPr\b[^>]*?(?:\/>|>.*?<\/a:pPr>)/gs, (pPr: string, at: number) =>
      at === 0 ? pPr : "",
    );
    return `<a:p>${fixed}</a:p>`;
  });
}
