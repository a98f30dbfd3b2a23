/** What a finished PDF says about itself. */
export interface PdfMetadata {
  title: string;
  author: string | undefined;
  subject: string | undefined;
  keywords: string[];
  /** Fixes both of the PDF's dates, so identical input gives identical bytes. */
  date: Date;
  producer: string;
  /** The brief's version, recorded as the document information entry /Version. */
  version?: string | undefined;
  /** The document's language (the catalog's /Lang), a BCP 47 tag. */
  lang?: string | undefined;
  /** Bookmarks: one entry per page, in page order. Omit for none. */
  outline?: string[];
}

/**
 * Sets a printed PDF's metadata and dates and writes its outline. Chromium stamps the time of printing
 * into every PDF and writes no author, subject, keywords or bookmarks; this fixes all of that while
 * keeping the tagged structure Chromium wrote, so that identical input gives identical bytes. pdf-lib
 * does the work (rewritePdf), loaded only when a PDF is printed.
 */
export async function finishPdf(bytes: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const { rewritePdf } = await prepareFinishing();
  return rewritePdf(bytes, meta);
}

/**
 * Loads pdf-lib (tens of milliseconds of module set-up, colour and font tables included). Printing calls
 * it while Chromium lays the pages out, when Node has nothing else to do, so the first finishPdf does not
 * pay for it after the PDF has arrived.
 */
export function prepareFinishing(): Promise<typeof import("./rewrite-pdf.ts")> {
  return import("./rewrite-pdf.ts");
}
