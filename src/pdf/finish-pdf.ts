import { ParseSpeeds, PDFDocument, PDFHexString, PDFName, PDFNull, type PDFRef } from "@cantoo/pdf-lib";

/** What a finished PDF says about itself. */
export interface PdfMetadata {
  title: string;
  author: string | undefined;
  subject: string | undefined;
  keywords: string[];
  /** Fixes both of the PDF's dates, so identical input gives identical bytes. */
  date: Date;
  producer: string;
  /** Bookmarks: one entry per page, in page order. Omit for none. */
  outline?: string[];
}

/**
 * Sets a printed PDF's metadata and dates and writes its outline. Chromium stamps the time of printing
 * into every PDF and writes no author, subject, keywords or bookmarks; this fixes all of that while
 * keeping the tagged structure Chromium wrote.
 */
export async function finishPdf(bytes: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  // Fastest: no yielding to the event loop between objects; these PDFs are small.
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords.length > 0) doc.setKeywords(meta.keywords);
  doc.setCreator(meta.producer);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  if (meta.outline !== undefined && meta.outline.length > 0) writeOutline(doc, meta.outline);
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
