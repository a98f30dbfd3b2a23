import { CST, Parser } from "yaml";

// Hints for YAML syntax errors that are really unquoted text, the commonest mistake in a brief: a value
// that holds ": ", ", ", "[@", "#" or a bracket reads as structure to YAML. Called by parse-brief.ts on
// the yaml library's errors.

const MAX_LINE = 500;

/** A span of a line, in columns from 0. */
interface Span {
  start: number;
  end: number;
}

// What makes plain text read as structure, and why, in the order they are looked for.
const TRICKS: Array<[RegExp, string]> = [
  [/^[@`]/, 'starts with "$&", which YAML reserves'],
  [/\[@/, 'holds "[@", whose bracket YAML reads as a list'],
  [/:(?: |$)/, 'holds ": ", which YAML reads as a key and its value'],
  [/, /, 'holds ", ", which YAML reads as the end of an item'],
  [/(?:^|\s)#/, 'holds " #", which YAML reads as the start of a comment'],
  [/[[\]{}]/, 'holds "$&", which YAML reads as a list or a map'],
];

/**
 * When the YAML error at `offset` sits in a plain value that holds text YAML reads as structure, a hint
 * that says so and shows the line with the value quoted. Otherwise undefined.
 */
export function quoteHint(source: string, offset: number): string | undefined {
  // Only for a line a person wrote: a line thousands of characters long, with an error every few, would
  // cost a scan of the line per error, and a copy of it per hint.
  const from = Math.max(0, offset - MAX_LINE);
  const back = source.slice(from, offset).lastIndexOf("\n");
  if (back < 0 && from > 0) return undefined;
  const lineStart = from + back + 1;
  const ahead = source.slice(offset, lineStart + MAX_LINE + 1).indexOf("\n");
  if (ahead < 0 && lineStart + MAX_LINE < source.length) return undefined;
  const line = source.slice(lineStart, ahead < 0 ? source.length : offset + ahead).replace(/\r$/, "");
  const span = findValue(line, offset - lineStart);
  if (span === undefined) return undefined;
  const text = line.slice(span.start, span.end);
  const trick = TRICKS.find(([pattern]) => pattern.test(text));
  if (trick === undefined) return undefined;
  const why = trick[1].replace("$&", trick[0].exec(text)?.[0] ?? "");
  const quoted = `${line.slice(0, span.start)}${quote(text)}${line.slice(span.end)}`;
  return `the value ${why}; put it in quotes: ${quoted.trim()}`;
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}

// The plain value of a line that the column falls in: the value after `key: ` or `- `, or, in a flow
// list or map written on the line, the item the column falls in (the first that holds a tricky text
// when the column is on no item). Undefined for a quoted, block or empty value.
function findValue(line: string, column: number): Span | undefined {
  const key = /^\s*(?:-\s+)*(?:(?:"[^"]*"|'[^']*'|[^\s"'#[\]{},:-][^#:]*?|-[^\s#:][^#:]*?):(?:\s+|$))?/.exec(
    line,
  );
  const start = key?.[0].length ?? 0;
  const end = line.trimEnd().length;
  if (start >= end || /^["'|>&*!]/.test(line.slice(start))) return undefined;
  if (!/^[[{]/.test(line.slice(start))) return { start, end };
  const flow = flowItems(line, start);
  // Text after the list closes (`- [x] done`, `- [memo](#/x) says`): the whole value is text.
  if (flow.close < end) return { start, end };
  return (
    flow.items.find((item) => item.start <= column && column < item.end) ??
    flow.items.find((item) => TRICKS.some(([pattern]) => pattern.test(line.slice(item.start, item.end))))
  );
}

/**
 * The plain items of the flow list or map that opens at `open`, as far as the line goes: for a map's
 * entries, the value after the key. A bracket inside an item (a citation, a link) is text, and pairs
 * with its own closer. `close` is the column after the closing bracket, or the line's length.
 */
function flowItems(line: string, open: number): { items: Span[]; close: number } {
  const items: Span[] = [];
  const stack: string[] = [];
  let i = open;
  while (i < line.length) {
    const c = line[i] ?? "";
    if (c === "[" || c === "{") {
      stack.push(c === "[" ? "]" : "}");
      i++;
    } else if (c === "]" || c === "}") {
      stack.pop();
      i++;
      if (stack.length === 0) return { items, close: i };
    } else if (c === "," || c === " " || c === "\t") {
      i++;
    } else if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      i = end < 0 ? line.length : end + 1;
    } else {
      const item = plainItem(line, i, stack.at(-1) === "}");
      if (item.start < item.end) items.push(item);
      i = item.next;
    }
  }
  return { items, close: line.length };
}

// One plain item of a flow collection, from `from` to the `,` or closer that ends it; in a map, only
// the value after `key: ` (a value that opens a list or map goes back to the caller's loop).
function plainItem(line: string, from: number, inMap: boolean): Span & { next: number } {
  let start = from;
  let depth = 0;
  let i = from;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === "[" || c === "{") depth++;
    else if ((c === "]" || c === "}") && depth > 0) depth--;
    else if (depth === 0 && (c === "," || c === "]" || c === "}")) break;
    else if (inMap && start === from && c === ":" && /\s/.test(line[i + 1] ?? " ")) {
      start = i + 1;
      while (line[start] === " ") start++;
      if (/^[[{"']/.test(line.slice(start))) return { start, end: start, next: start };
    }
  }
  let end = i;
  while (end > start && /\s/.test(line[end - 1] ?? "")) end--;
  return { start, end, next: i };
}

/** Where each flow list or map that is never closed opens: offsets of their `[` or `{`, in order. */
export function findUnclosedFlows(source: string): Array<{ offset: number; bracket: "[" | "{" }> {
  const found: Array<{ offset: number; bracket: "[" | "{" }> = [];
  const check = (token: CST.Token | undefined) => {
    if (token?.type !== "flow-collection") return;
    const bracket = token.start.source === "[" ? "[" : "{";
    const closer = bracket === "[" ? "]" : "}";
    if (!token.end.some((t) => t.source === closer)) found.push({ offset: token.start.offset, bracket });
  };
  for (const token of new Parser().parse(source)) {
    if (token.type !== "document") continue;
    check(token.value);
    CST.visit(token, (item) => {
      check(item.key ?? undefined);
      check(item.value);
    });
  }
  return found.sort((a, b) => a.offset - b.offset);
}
