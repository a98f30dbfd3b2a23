import { type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";

/**
 * A reader for the plain subset of YAML that briefs are written in: block maps and sequences, plain and
 * quoted one-line scalars, literal and folded block scalars (`|`, `|-`, `>`, `>-`), one-line flow
 * collections, comments after a value, and whole-line comments at the top level.
 * It builds the same tree the yaml library would (its node classes, with the same ranges) and the same
 * plain data, in a fraction of the time a cold process takes to run the full parser.
 *
 * Anything outside the subset, or anything the full parser would warn about, returns undefined and the
 * caller falls back to the yaml library, which then reports problems with its own messages. Tests check
 * both against each other on every brief and fixture in the repository, and on mutations of them.
 */
export function parseSimpleYaml(source: string): { root: Node; data: unknown } | undefined {
  if (/[\r\t\uFEFF]/.test(source)) return undefined;
  try {
    const reader = new Reader(source);
    const root = reader.document();
    return root === undefined ? undefined : { root: root.node, data: root.data };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

const BAIL = Symbol("outside the simple subset");
function bail(): never {
  throw BAIL;
}
// Briefs nest about eight levels deep. Deeper text is left to the yaml library, and parseBrief's tree
// inspection then reports anything past its own limit of 64.
const MAX_DEPTH = 32;
// yaml refuses an implicit key whose colon comes more than 1024 characters after its start.
const MAX_KEY = 1024;

interface Parsed {
  node: Node;
  data: unknown;
  /**
   * Where the node ends for the map or sequence that holds it: after its last line's newline, or for an
   * empty value, where it stands (before the newline).
   */
  lineEnd: number;
}

// Plain scalars that the core schema reads as something other than a string, or as null or a boolean.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const NUMBER =
  /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
// A plain key: what briefs use (names, acronyms, source keys), nothing that needs quoting.
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.&/+-]*(?: [A-Za-z0-9_.&/+-]+)*$/;
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// Characters that cannot start a plain scalar (or start one only in ways this reader leaves alone).
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;

function plainValue(text: string): unknown {
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (NUMBER.test(text)) {
    // Whole numbers in their plain decimal form; other numbers are left to yaml.
    if (/^(?:0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
    bail();
  }
  return text;
}

function leadingSpaces(text: string): number {
  let spaces = 0;
  while (spaces < text.length && text.charCodeAt(spaces) === 32) spaces++;
  return spaces;
}

function scalar(
  value: unknown,
  start: number,
  end: number,
  nodeEnd: number,
  type: Scalar.Type = Scalar.PLAIN,
): Scalar {
  const node = new Scalar(value);
  node.range = [start, end, nodeEnd];
  node.type = type;
  return node;
}

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Each line's indentation, or -1 for a blank or comment-only line. */
  private readonly indents: number[] = [];
  private line = 0;
  private started = false;
  /** How many maps and sequences the reader is inside. */
  private depth = 0;

  constructor(private readonly source: string) {
    let start = 0;
    while (start <= source.length) {
      let end = source.indexOf("\n", start);
      if (end < 0) end = source.length;
      this.starts.push(start);
      this.ends.push(end);
      let i = start;
      while (i < end && source.charCodeAt(i) === 32) i++;
      this.indents.push(i === end || source[i] === "#" ? -1 : i - start);
      if (end === source.length) break;
      start = end + 1;
    }
  }

  document(): Parsed | undefined {
    if (this.source.length > 0 && !this.source.endsWith("\n")) return undefined;
    this.skipBlank();
    if (this.line >= this.indents.length || this.indents[this.line] !== 0) return undefined;
    const first = this.text(this.line);
    if (first.startsWith("---") || first.startsWith("%")) return undefined;
    const root = this.block(0);
    this.skipBlank();
    if (this.line < this.indents.length) bail();
    return root;
  }

  /** A line's text, without its newline; "" past the end. */
  private text(line: number): string {
    const start = this.starts[line];
    return start === undefined ? "" : this.source.slice(start, this.ends[line]);
  }

  /** Moves past blank and comment lines, once it is clear how yaml places the comments. */
  private skipBlank(): void {
    if (this.started) this.checkComments(this.line);
    while (this.line < this.indents.length && this.indents[this.line] === -1) this.line++;
    this.started = true;
  }

  /**
   * Comments before the first content line (a brief's yaml-language-server line) are free. After it, a run
   * of comment lines must sit at column 0 and be followed by a top-level key: those never change yaml's
   * ranges. Where other comments fall in them (a deeper one joins the collection before it) is left to yaml.
   */
  private checkComments(from: number): void {
    let comments = false;
    let line = from;
    for (; line < this.indents.length && this.indents[line] === -1; line++) {
      const text = this.text(line);
      if (text === "") continue;
      if (text[0] !== "#") bail();
      comments = true;
    }
    if (!comments) return;
    if (line >= this.indents.length || this.indents[line] !== 0) bail();
    const next = this.text(line);
    if (next === "-" || next.startsWith("- ")) bail();
  }

  /** Where a line ends, after its newline. */
  private after(line: number): number {
    return Math.min((this.ends[line] ?? this.source.length) + 1, this.source.length);
  }

  /** A block map or sequence whose first entry starts the current line, at `column`. */
  private block(column: number): Parsed {
    const rest = this.text(this.line).slice(column);
    return rest === "-" || rest.startsWith("- ") ? this.sequence(column) : this.map(column);
  }

  /** A block map whose first key is at `column` of the current line (mid-line after a sequence's dash). */
  private map(column: number): Parsed {
    this.enter();
    const node = new YAMLMap();
    const data: Record<string, unknown> = {};
    const seen = new Set<string>();
    const start = (this.starts[this.line] ?? 0) + column;
    let lineEnd = 0;
    let first = true;
    for (;;) {
      if (!first) {
        this.skipBlank();
        if (this.line >= this.indents.length || this.indents[this.line] !== column) break;
      }
      const lineStart = this.starts[this.line] ?? 0;
      const text = this.text(this.line);
      const entry = text.slice(column);
      if (entry.startsWith("-") && (entry.length === 1 || entry[1] === " ")) {
        if (first) bail();
        break;
      }
      const colon = entry.search(/:(?: |$)/);
      if (colon <= 0 || colon > MAX_KEY) bail();
      const keyText = entry.slice(0, colon);
      if (!KEY.test(keyText) || RESERVED_KEYS.has(keyText) || seen.has(keyText)) bail();
      if (typeof plainValue(keyText) !== "string") bail();
      seen.add(keyText);
      const keyStart = lineStart + column;
      const key = scalar(keyText, keyStart, keyStart + colon, keyStart + colon);
      const value = this.value(column, keyStart + colon + 1);
      node.items.push(new Pair(key, value.node));
      data[keyText] = value.data;
      lineEnd = value.lineEnd;
      first = false;
    }
    node.range = [start, lineEnd, lineEnd];
    this.depth--;
    return { node, data, lineEnd };
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) bail();
  }

  /**
   * The value after a map key's colon or a sequence's dash, at `offset` of the current line. `indent` is
   * the indentation of the map or sequence that holds it.
   */
  private value(indent: number, offset: number): Parsed {
    const line = this.line;
    const lineEnd = this.ends[line] ?? this.source.length;
    let start = offset;
    while (start < lineEnd && this.source.charCodeAt(start) === 32) start++;
    const rest = this.source.slice(start, lineEnd);
    if (rest === "") return this.nested(indent, start);
    if (rest.startsWith("#")) bail();
    const c = rest[0];
    if (c === "|" || c === ">") return this.blockScalar(indent, start, rest);
    let parsed: Parsed;
    let end: number;
    if (c === "[" || c === "{") {
      const flow = new Flow(this.source, start, lineEnd);
      const result = flow.collection(this.depth + 1);
      parsed = { ...result, lineEnd: 0 };
      end = flow.position;
    } else if (c === '"' || c === "'") {
      const quoted = readQuoted(this.source, start, lineEnd);
      parsed = { node: quoted.node, data: quoted.node.value, lineEnd: 0 };
      end = quoted.end;
    } else {
      return this.plain(indent, start, rest);
    }
    // Only white space and a comment may follow on the line.
    const trailing = this.source.slice(end, lineEnd);
    if (!/^(?: +#.*| *)$/.test(trailing)) bail();
    this.line++;
    this.noContinuation(indent);
    const nodeEnd = this.after(line);
    const range = parsed.node.range ?? [start, end, end];
    parsed.node.range = [range[0], range[1], nodeEnd];
    return { ...parsed, lineEnd: nodeEnd };
  }

  /** A value on the following lines (a nested map or sequence), or null when there is none. */
  private nested(indent: number, offset: number, inSequence = false): Parsed {
    const line = this.line;
    this.line++;
    this.skipBlank();
    const next = this.indents[this.line];
    if (next !== undefined && next > indent) return this.block(next);
    // A sequence may sit at its key's own indentation.
    if (!inSequence && next === indent && /^- |^-$/.test(this.text(this.line).slice(indent)))
      return this.sequence(indent);
    // Nothing: null, placed where the line ends (after the colon or dash, and any spaces). A comment on
    // the very next line would stretch yaml's ranges over it; that is left to yaml.
    this.line = line + 1;
    if (this.text(this.line).trimStart().startsWith("#")) bail();
    // A map or sequence that ends with it ends there too, before the newline.
    const empty = scalar(null, offset, offset, offset);
    return { node: empty, data: null, lineEnd: offset };
  }

  private plain(indent: number, start: number, rest: string): Parsed {
    const line = this.line;
    if (!PLAIN_START.test(rest)) bail();
    const comment = rest.search(/ #/);
    const text = (comment < 0 ? rest : rest.slice(0, comment)).replace(/ +$/, "");
    if (/: |:$/.test(text)) bail();
    const value = plainValue(text);
    this.line++;
    this.noContinuation(indent);
    const nodeEnd = this.after(line);
    return { node: scalar(value, start, start + text.length, nodeEnd), data: value, lineEnd: nodeEnd };
  }

  /** A plain or quoted scalar could continue on more-indented lines; this reader leaves that to yaml. */
  private noContinuation(indent: number): void {
    this.checkComments(this.line);
    let line = this.line;
    while (line < this.indents.length && this.indents[line] === -1) line++;
    const next = this.indents[line];
    if (next !== undefined && next > indent) bail();
  }

  /**
   * A literal (|) or folded (>) block scalar, clipped or stripped (-). Folded text may not have
   * more-indented lines, whose folding rules differ; those are left to yaml.
   */
  private blockScalar(indent: number, start: number, header: string): Parsed {
    const match = /^([|>])(-?)$/.exec(header);
    if (match === null) bail();
    const folded = match[1] === ">";
    const strip = match[2] === "-";
    const headerLine = this.line;
    let line = headerLine + 1;
    const first = this.contentIndent(line);
    if (first === undefined || first <= indent) bail();
    const lines: string[] = [];
    let lastContent = headerLine;
    for (; line < this.starts.length; line++) {
      const text = this.text(line);
      if (text === "") {
        if (line === this.starts.length - 1) break;
        lines.push("");
        continue;
      }
      const spaces = leadingSpaces(text);
      if (spaces === text.length) bail();
      if (spaces < first) break;
      if (folded && spaces > first) bail();
      lines.push(text.slice(first));
      lastContent = line;
    }
    // Blank lines after the last content line are not part of the value (clip or strip).
    lines.length = lastContent - headerLine;
    const body = folded ? fold(lines) : lines.join("\n");
    const value = body + (strip ? "" : "\n");
    this.line = lastContent + 1;
    const end = this.after(lastContent);
    const type = folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    return { node: scalar(value, start, end, end, type), data: value, lineEnd: end };
  }

  /** The indentation of a block scalar's first line, which must be a content line. */
  private contentIndent(line: number): number | undefined {
    if (line >= this.starts.length) return undefined;
    const text = this.text(line);
    const spaces = leadingSpaces(text);
    return spaces === text.length ? undefined : spaces;
  }

  private sequence(column: number): Parsed {
    this.enter();
    const node = new YAMLSeq();
    const data: unknown[] = [];
    let lineEnd = 0;
    const start = (this.starts[this.line] ?? 0) + column;
    for (;;) {
      this.skipBlank();
      if (this.line >= this.indents.length) break;
      const text = this.text(this.line);
      if (this.indents[this.line] !== column) break;
      const entry = text.slice(column);
      if (!(entry === "-" || entry.startsWith("- "))) break;
      const lineStart = this.starts[this.line] ?? 0;
      const after = entry.slice(1).search(/[^ ]/);
      let item: Parsed;
      if (after < 0) {
        item = this.nested(column, this.ends[this.line] ?? 0, true);
      } else {
        const itemColumn = column + 1 + after;
        const content = text.slice(itemColumn);
        if (content.startsWith("- ") || content === "-") bail();
        // "- key: value" starts a map whose later keys line up under the first.
        item = /^[^'"[{|>#][^:]*:(?: |$)/.test(content)
          ? this.map(itemColumn)
          : this.value(column, lineStart + column + 1);
      }
      node.items.push(item.node);
      data.push(item.data);
      lineEnd = item.lineEnd;
    }
    node.range = [start, lineEnd, lineEnd];
    this.depth--;
    return { node, data, lineEnd };
  }
}

/** A one-line flow collection: `[a, "b", {c: d}]`. */
class Flow {
  position: number;

  constructor(
    private readonly source: string,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  collection(depth: number): { node: Node; data: unknown } {
    if (depth > MAX_DEPTH) bail();
    const open = this.source[this.position];
    const start = this.position;
    this.position++;
    const close = open === "[" ? "]" : "}";
    const items: Array<Node | Pair> = [];
    const seqData: unknown[] = [];
    const mapData: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.spaces();
    if (this.source[this.position] !== close) {
      for (;;) {
        if (open === "[") {
          const item = this.node(depth);
          items.push(item.node);
          seqData.push(item.data);
        } else {
          const keyStart = this.position;
          const keyText = this.plainText();
          if (keyText === undefined || !KEY.test(keyText) || RESERVED_KEYS.has(keyText) || seen.has(keyText))
            bail();
          if (typeof plainValue(keyText) !== "string") bail();
          seen.add(keyText);
          const key = scalar(keyText, keyStart, keyStart + keyText.length, keyStart + keyText.length);
          if (this.source[this.position] !== ":" || this.source[this.position + 1] !== " ") bail();
          this.position += 2;
          this.spaces();
          const value = this.node(depth);
          items.push(new Pair(key, value.node));
          mapData[keyText] = value.data;
        }
        this.spaces();
        const c = this.source[this.position];
        if (c === close) break;
        if (c !== ",") bail();
        this.position++;
        this.spaces();
        if (this.source[this.position] === close) bail();
      }
    }
    this.position++;
    if (this.position > this.end) bail();
    const node = open === "[" ? new YAMLSeq() : new YAMLMap();
    node.flow = true;
    node.items = items as never;
    node.range = [start, this.position, this.position];
    return { node, data: open === "[" ? seqData : mapData };
  }

  /** A node inside the collection; its range runs on over the spaces after it, as yaml's does. */
  private node(depth: number): { node: Node; data: unknown } {
    const c = this.source[this.position];
    let parsed: { node: Node; data: unknown };
    if (c === "[" || c === "{") {
      parsed = this.collection(depth + 1);
    } else if (c === '"' || c === "'") {
      const quoted = readQuoted(this.source, this.position, this.end);
      this.position = quoted.end;
      parsed = { node: quoted.node, data: quoted.node.value };
    } else {
      const start = this.position;
      const text = this.plainText();
      if (text === undefined) bail();
      const value = plainValue(text);
      parsed = { node: scalar(value, start, start + text.length, start + text.length), data: value };
    }
    this.spaces();
    const range = parsed.node.range ?? [0, 0, 0];
    parsed.node.range = [range[0], range[1], this.position];
    return parsed;
  }

  /** A plain scalar in flow context: up to a comma, a bracket, a brace or ": ". */
  private plainText(): string | undefined {
    const rest = this.source.slice(this.position, this.end);
    if (!PLAIN_START.test(rest)) return undefined;
    const match = /^[^,[\]{}#]*?(?=\s*(?:[,\]}]|: ))/.exec(rest);
    if (match === null) return undefined;
    const text = match[0];
    if (text.includes(": ") || text.endsWith(":")) return undefined;
    this.position += text.length;
    return text;
  }

  private spaces(): void {
    while (this.position < this.end && this.source.charCodeAt(this.position) === 32) this.position++;
  }
}

/** Folds a folded scalar's lines: a line break between two lines becomes a space, and each empty line a newline. */
function fold(lines: readonly string[]): string {
  let text = "";
  let blanks = 0;
  for (const [i, line] of lines.entries()) {
    if (line === "") {
      blanks++;
      continue;
    }
    if (i > 0) text += blanks > 0 ? "\n".repeat(blanks) : " ";
    text += line;
    blanks = 0;
  }
  return text;
}

/** A quoted scalar that ends on its line. Double quotes allow only the escapes \" and \\. */
function readQuoted(source: string, start: number, lineEnd: number): { node: Scalar; end: number } {
  const quote = source[start];
  let value = "";
  let i = start + 1;
  for (;;) {
    if (i >= lineEnd) bail();
    const c = source[i];
    if (c === quote) {
      if (quote === "'" && source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      break;
    }
    if (quote === '"' && c === "\\") {
      const next = source[i + 1];
      if (next !== '"' && next !== "\\") bail();
      value += next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  const end = i + 1;
  return {
    node: scalar(value, start, end, end, quote === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE),
    end,
  };
}
