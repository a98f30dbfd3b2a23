import type { PdfMetadata } from "./finish-pdf.ts";

/**
 * Finishes a PDF as Chromium (Skia) writes it without parsing or rewriting it: the few bytes that vary
 * from one print to the next are fixed in place (the print time in its document information, the tagged
 * elements' ids, renamed to the same length), and what briefdeck adds (the document information, the
 * outline, the catalog pointing at it) is appended as an incremental update, the way PDF editors save.
 * Returns undefined for a file it does not understand (an xref stream, encryption, ...); the caller then
 * rewrites the file with pdf-lib instead.
 */
export function updatePdf(bytes: Uint8Array, meta: PdfMetadata): Uint8Array | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const xref = readXref(text);
  if (xref === undefined) return undefined;
  const fixed = fixInPlace(text, meta.date);
  if (fixed === undefined) return undefined;
  const catalog = dictionary(text, xref, xref.root);
  const pages = catalog === undefined ? undefined : pageRefs(text, xref, catalog);
  if (catalog === undefined || pages === undefined) return undefined;

  let next = xref.size;
  const objects = new Map<number, string>();
  const info = next++;
  objects.set(info, infoDictionary(meta));
  let root = catalog.replace(/\/Outlines\s+\d+\s+0\s+R|\/PageMode\s*\/\w+/g, "");
  const titles = (meta.outline ?? []).slice(0, pages.length);
  if (titles.length > 0) {
    const outline = next++;
    const items = titles.map(() => next++);
    titles.forEach((title, i) => {
      const links = [
        i > 0 ? `/Prev ${items[i - 1]} 0 R` : "",
        i + 1 < items.length ? `/Next ${items[i + 1]} 0 R` : "",
      ].join("");
      const dest = `[${pages[i]} 0 R /XYZ null null null]`;
      const entry = `<</Title ${hexText(title || `Page ${i + 1}`)} /Parent ${outline} 0 R /Dest ${dest}${links}>>`;
      objects.set(items[i] as number, entry);
    });
    objects.set(
      outline,
      `<</Type /Outlines /First ${items[0]} 0 R /Last ${items.at(-1)} 0 R /Count ${titles.length}>>`,
    );
    root = `${root.slice(0, root.lastIndexOf(">>"))}/Outlines ${outline} 0 R /PageMode /UseOutlines>>`;
  }
  objects.set(xref.root, root);

  // The update: the objects, a cross-reference section for them, and a trailer that points back.
  let body = "\n";
  const offsets = new Map<number, number>();
  for (const [num, dict] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(num, fixed.length + body.length);
    body += `${num} 0 obj\n${dict}\nendobj\n`;
  }
  const start = fixed.length + body.length;
  body += `xref\n${xrefSections(offsets)}trailer\n<</Size ${next} /Root ${xref.root} 0 R /Info ${info} 0 R /Prev ${xref.start}>>\nstartxref\n${start}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(fixed + body, "latin1"));
}

interface Xref {
  /** Where each object in use starts, newest revision first. */
  offsets: Map<number, number>;
  size: number;
  root: number;
  /** Where the newest cross-reference section starts. */
  start: number;
}

// The classic cross-reference tables, newest first, following /Prev; undefined for anything else.
function readXref(text: string): Xref | undefined {
  const start = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64))?.[1]);
  if (!Number.isInteger(start)) return undefined;
  const offsets = new Map<number, number>();
  let size: number | undefined;
  let root: number | undefined;
  const seen = new Set<number>();
  for (let at: number | undefined = start; at !== undefined; ) {
    if (seen.has(at) || !text.startsWith("xref", at)) return undefined;
    seen.add(at);
    const section = /xref\s+([\s\S]*?)trailer\s*(<<[\s\S]*?>>)\s*startxref/y;
    section.lastIndex = at;
    const match = section.exec(text);
    if (match === null) return undefined;
    const [, table = "", trailer = ""] = match;
    const rows = table.trim().split(/\r\n|\r|\n/);
    for (let i = 0; i < rows.length; ) {
      const [first, count] = (rows[i++] ?? "").trim().split(/\s+/).map(Number);
      if (first === undefined || count === undefined || !Number.isInteger(first + count)) return undefined;
      for (let k = 0; k < count; k++) {
        const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(rows[i++] ?? "");
        if (entry === null) return undefined;
        if (!offsets.has(first + k)) offsets.set(first + k, entry[3] === "n" ? Number(entry[1]) : -1);
      }
    }
    if (/\/(Encrypt|XRefStm)\b/.test(trailer)) return undefined;
    size ??= Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
    root ??= Number(/\/Root\s+(\d+)\s+0\s+R/.exec(trailer)?.[1]);
    const prev = /\/Prev\s+(\d+)/.exec(trailer)?.[1];
    at = prev === undefined ? undefined : Number(prev);
  }
  if (!Number.isInteger(size) || !Number.isInteger(root)) return undefined;
  return { offsets, size: size as number, root: root as number, start };
}

// An object's dictionary text (`<<…>>`), for objects without a stream.
function dictionary(text: string, xref: Xref, num: number): string | undefined {
  const at = xref.offsets.get(num);
  if (at === undefined || at < 0) return undefined;
  const head = new RegExp(`${num}\\s+0\\s+obj\\s*`, "y");
  head.lastIndex = at;
  if (head.exec(text) === null) return undefined;
  const end = text.indexOf("endobj", head.lastIndex);
  const body = text.slice(head.lastIndex, end).trim();
  return body.startsWith("<<") && body.endsWith(">>") && !body.includes("stream") ? body : undefined;
}

// The page objects in order, walking the page tree from the catalog.
function pageRefs(text: string, xref: Xref, catalog: string): number[] | undefined {
  const pages: number[] = [];
  const walk = (num: number, depth: number): boolean => {
    const node = dictionary(text, xref, num);
    if (node === undefined || depth > 32) return false;
    if (!/\/Type\s*\/Pages\b/.test(node)) {
      pages.push(num);
      return true;
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1];
    if (kids === undefined || /\d+\s+[1-9]\d*\s+R/.test(kids)) return false;
    return [...kids.matchAll(/(\d+)\s+0\s+R/g)].every((kid) => walk(Number(kid[1]), depth + 1));
  };
  const root = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  return root !== undefined && walk(Number(root), 0) ? pages : undefined;
}

/**
 * The file with what varies fixed, every length kept (so every offset holds): the dates in the document
 * information Chromium wrote, and the tagged elements' ids, which follow Chromium's node ids and shift
 * with timing. Ids are renamed `bd0…01`, `bd0…02`, … in their sorted order, so the sorted /IDTree stays
 * sorted. Stream data is never touched. Undefined when the ids cannot be renamed in place.
 */
function fixInPlace(text: string, date: Date): string | undefined {
  const parts: { text: string; stream: boolean }[] = [];
  const streams = /(>>\s*)stream(\r\n|\n)/g;
  let from = 0;
  for (let m = streams.exec(text); m !== null; m = streams.exec(text)) {
    const data = m.index + m[0].length;
    const end = text.indexOf("endstream", data);
    if (end < 0) return undefined;
    parts.push(
      { text: text.slice(from, data), stream: false },
      { text: text.slice(data, end), stream: true },
    );
    from = end;
    streams.lastIndex = end;
  }
  parts.push({ text: text.slice(from), stream: false });

  const ids = new Set<string>();
  for (const part of parts) {
    if (part.stream) continue;
    for (const m of part.text.matchAll(/\/ID\s*\(([^()\\]*)\)/g)) ids.add(m[1] as string);
  }
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const length = sorted[0]?.length ?? 0;
  if (sorted.some((id) => id.length !== length) || String(sorted.length).length > length - 2)
    return undefined;
  const renamed = new Map(sorted.map((id, i) => [id, `bd${String(i + 1).padStart(length - 2, "0")}`]));
  const digits = date.toISOString().replace(/\D/g, "").slice(0, 14);
  return parts
    .map((part) =>
      part.stream
        ? part.text
        : part.text
            .replace(/\(([^()\\]*)\)/g, (all, name: string) => {
              const to = renamed.get(name);
              return to === undefined ? all : `(${to})`;
            })
            .replace(/(\/(?:CreationDate|ModDate)\s*\(D:)\d{14}/g, (_, key: string) => `${key}${digits}`),
    )
    .join("");
}

function infoDictionary(meta: PdfMetadata): string {
  const date = `(D:${meta.date.toISOString().replace(/\D/g, "").slice(0, 14)}Z)`;
  const entries: [string, string | undefined][] = [
    ["Title", meta.title],
    ["Author", meta.author || undefined],
    ["Subject", meta.subject || undefined],
    // A semicolon keeps phrases apart (a space would run them together).
    ["Keywords", meta.keywords.length > 0 ? meta.keywords.join("; ") : undefined],
    ["Creator", meta.producer],
    ["Producer", meta.producer],
    ["Version", meta.version || undefined],
  ];
  const text = entries.flatMap(([key, value]) => (value === undefined ? [] : [`/${key} ${hexText(value)}`]));
  return `<<${text.join(" ")} /CreationDate ${date} /ModDate ${date}>>`;
}

// A text string as UTF-16BE with its byte order mark, in hex: any character, nothing to escape.
function hexText(value: string): string {
  let hex = "FEFF";
  for (let i = 0; i < value.length; i++)
    hex += value.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return `<${hex}>`;
}

// Cross-reference subsections for the given objects: one per run of consecutive numbers.
function xrefSections(offsets: Map<number, number>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let out = "";
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && (nums[j + 1] as number) === (nums[j] as number) + 1) j++;
    out += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++)
      out += `${String(offsets.get(nums[k] as number)).padStart(10, "0")} 00000 n \n`;
    i = j + 1;
  }
  return out;
}
