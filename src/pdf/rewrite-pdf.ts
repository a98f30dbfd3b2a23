import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  type PDFObject,
  type PDFRef,
  PDFString,
} from "@cantoo/pdf-lib";
import type { PdfMetadata } from "./finish-pdf.ts";

/**
 * finishPdf's work: parses the whole file with pdf-lib, sets its metadata, dates and outline, renumbers
 * the tagged elements' ids, and writes it out again.
 */
export async function rewritePdf(bytes: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  // Fastest: no yielding to the event loop between objects; these PDFs are small.
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setCreator(meta.producer);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  // setTitle above has made sure the document information dictionary exists.
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  // Not setKeywords: pdf-lib joins with spaces, which runs phrases together; a semicolon keeps them apart.
  if (meta.keywords.length > 0)
    info?.set(PDFName.of("Keywords"), PDFHexString.fromText(meta.keywords.join("; ")));
  if (meta.version) info?.set(PDFName.of("Version"), PDFHexString.fromText(meta.version));
  // Screen readers and hyphenation read the language from the catalog, whatever Chromium wrote there.
  if (meta.lang) doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  if (meta.outline !== undefined && meta.outline.length > 0) writeOutline(doc, meta.outline);
  renumberStructureIds(doc);
  return doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}

function writeOutline(doc: PDFDocument, titles: string[]): void {
  const { context } = doc;
  const pages = doc.getPages();
  const count = Math.min(titles.length, pages.length);
  if (count === 0) return;
  const root = context.nextRef();
  const items: PDFRef[] = Array.from({ length: count }, () => context.nextRef());
  for (let i = 0; i < count; i++) {
    const page = pages[i];
    const item = items[i];
    if (page === undefined || item === undefined) continue;
    const entry = context.obj({
      Title: PDFHexString.fromText(titles[i] || `Page ${i + 1}`),
      Parent: root,
      Dest: context.obj([page.ref, PDFName.of("XYZ"), PDFNull, PDFNull, PDFNull]),
    });
    const previous = items[i - 1];
    const next = items[i + 1];
    if (previous !== undefined) entry.set(PDFName.of("Prev"), previous);
    if (next !== undefined && i + 1 < count) entry.set(PDFName.of("Next"), next);
    context.assign(item, entry);
  }
  const first = items[0] as PDFRef;
  const last = items[count - 1] as PDFRef;
  context.assign(root, context.obj({ Type: "Outlines", First: first, Last: last, Count: count }));
  doc.catalog.set(PDFName.of("Outlines"), root);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
}

/**
 * Chromium names each tagged element after an internal node id (`node00000199`), and those ids shift
 * with timing from one print to the next. Renumbering them in object order, everywhere they are used
 * (the elements, table /Headers, the /IDTree), makes identical input give identical bytes.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const { context } = doc;
  const renamed = new Map<string, string>();
  const elements: Array<[string, PDFRef]> = [];
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const id = object instanceof PDFDict ? object.get(PDFName.of("ID")) : undefined;
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue;
    const name = `bd${String(renamed.size + 1).padStart(8, "0")}`;
    renamed.set(id.decodeText(), name);
    elements.push([name, ref]);
  }
  if (renamed.size === 0) return;
  const rename = (value: PDFObject): PDFObject | undefined => {
    if (!(value instanceof PDFString || value instanceof PDFHexString)) return undefined;
    const name = renamed.get(value.decodeText());
    return name === undefined ? undefined : PDFString.of(name);
  };
  const visit = (object: PDFObject): void => {
    if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        const replaced = rename(value);
        if (replaced !== undefined) object.set(key, replaced);
        else visit(value);
      }
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) {
        const value = object.get(i);
        const replaced = rename(value);
        if (replaced !== undefined) object.set(i, replaced);
        else visit(value);
      }
    }
  };
  for (const [, object] of context.enumerateIndirectObjects()) visit(object);
  // The /IDTree's keys must stay sorted: rebuild it as one leaf, in the new order.
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (root?.has(PDFName.of("IDTree"))) {
    const names = elements.flatMap(([name, ref]) => [PDFString.of(name), ref]);
    root.set(PDFName.of("IDTree"), context.obj({ Names: context.obj(names) }));
  }
}
