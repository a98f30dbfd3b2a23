import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { decodeText, type ReadFailure, readInput } from "../read-input.ts";
import { normaliseQuote } from "./quote-match.ts";

/** The largest archive read, in bytes. */
export const MAX_ARCHIVE_BYTES = 8 * 1024 * 1024;

// Elements that end a block of text: their tags become spaces, so words either side stay apart.
const BLOCKS = [
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "td",
  "th",
  "tr",
  "table",
  "section",
  "article",
  "header",
  "footer",
  "figcaption",
  "dt",
  "dd",
  "hr",
];
// sanitize-html escapes these in the text it gives back; the rest it returns as characters.
const ESCAPED: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&" };

/** Where an archive named in a brief is: beside the brief when it is there, else in the project. */
export function archivePath(archive: string, briefDir: string, projectRoot: string): string {
  const beside = resolve(briefDir, archive);
  if (existsSync(beside)) return beside;
  const inProject = resolve(projectRoot, archive);
  return existsSync(inProject) ? inProject : beside;
}

/**
 * An archive's text, normalised as quotes are compared (see quote-match.ts). Text is read as it is;
 * Markdown is rendered with marked and HTML stripped of every tag by sanitize-html (scripts and styles
 * dropped with their content; block boundaries kept as spaces).
 */
export function readArchive(path: string): { text: string } | ReadFailure {
  const read = readInput(path, MAX_ARCHIVE_BYTES);
  if ("error" in read) return { error: read.error };
  // A Latin-1 archive decoded anyway would hold "caf\ufffd" where the quote has "café".
  const decoded = decodeText(read.bytes);
  if (!("text" in decoded)) return decoded;
  const raw = decoded.text;
  const ext = extname(path).toLowerCase();
  if (ext === ".html" || ext === ".htm") return { text: normaliseQuote(textOfHtml(raw)) };
  if (ext === ".md" || ext === ".markdown") {
    const html = new Marked({ async: false }).parse(raw) as string;
    return { text: normaliseQuote(textOfHtml(html)) };
  }
  return { text: normaliseQuote(raw) };
}

function textOfHtml(html: string): string {
  const kept = sanitizeHtml(html, { allowedTags: BLOCKS, allowedAttributes: {} });
  // What sanitize-html gives back holds only the bare block tags allowed above, so each is a space.
  return kept
    .replace(/<\/?[a-z0-9]+\s*\/?>/g, " ")
    .replace(/&(?:lt|gt|quot|amp);/g, (entity) => ESCAPED[entity] ?? entity);
}
