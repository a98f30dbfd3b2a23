import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import { type Diagnostic, diagnose, sortDiagnostics } from "../diagnostics.ts";
import { checkValueControls, findControlCharacters } from "./control-characters.ts";
import { findUnclosedFlows, quoteHint } from "./yaml-hints.ts";
import { createLocator, keyName, type Locator, startOf } from "./yaml-position.ts";

/** Largest brief accepted, in bytes. A real brief is a few kilobytes. */
export const MAX_BRIEF_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ALIASES = 100;
// `__proto__`, `constructor` and friends must never become keys of a plain object.
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** How briefs are read: YAML 1.2's core schema, strictly, with duplicate keys refused. */
export const YAML_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  schema: "core",
  merge: false,
} as const;

/** A brief's YAML as parsed: its plain data (when parsing worked) and the tree that carries positions. */
export interface ParsedBrief {
  file: string;
  locator: Locator;
  /** The YAML tree, for positions. Undefined when the text could not be parsed at all. */
  root: Node | undefined;
  /** The plain data. Undefined when the YAML had errors. */
  data: unknown;
  diagnostics: Diagnostic[];
}

/** What a brief over the size cap is told. */
export function tooLargeMessage(bytes: number): string {
  return `the brief is ${bytes} bytes or more; the limit is ${MAX_BRIEF_BYTES}`;
}

/**
 * Parses a brief's YAML text with source positions. Parser warnings count as errors, and hostile input
 * (oversized files, alias bombs, deep nesting, tags, prototype keys) is refused with a diagnostic.
 */
export function parseBrief(source: string, file: string): ParsedBrief {
  const locator = createLocator(file, source);
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > MAX_BRIEF_BYTES) {
    const message = tooLargeMessage(bytes);
    return {
      file,
      locator,
      root: undefined,
      data: undefined,
      diagnostics: [diagnose("file-too-large", message, { file, line: 1, column: 1 })],
    };
  }
  const deep = findExcessiveNesting(source);
  if (deep !== undefined) {
    const message = `the YAML is nested more than ${MAX_DEPTH} levels deep`;
    return {
      file,
      locator,
      root: undefined,
      data: undefined,
      diagnostics: [diagnose("too-deep", message, locator.at(deep))],
    };
  }
  const controls = findControlCharacters(locator);
  if (controls.length > 0) return { file, locator, root: undefined, data: undefined, diagnostics: controls };
  const doc = withoutStackTraces(() => parseDocument(source, YAML_OPTIONS));
  const diagnostics = explainErrors([...doc.errors, ...doc.warnings], locator);
  const root = isNode(doc.contents) ? doc.contents : undefined;
  if (diagnostics.length === 0) diagnostics.push(...inspectTree(root, locator));
  if (diagnostics.length > 0)
    return { file, locator, root, data: undefined, diagnostics: sortDiagnostics(diagnostics) };
  try {
    return { file, locator, root, data: doc.toJS({ maxAliasCount: MAX_ALIASES }), diagnostics };
  } catch (error) {
    // The yaml library refuses aliases that expand past the limit (a "billion laughs" file).
    const at = locator.at(firstAlias(root) ?? 0);
    const message = `the YAML's aliases expand too far (${(error as Error).message})`;
    return { file, locator, root, data: undefined, diagnostics: [diagnose("too-many-aliases", message, at)] };
  }
}

// yaml makes an Error for each problem it finds, and a stack trace for each Error: most of the time of a
// broken file with a hundred thousand problems. The positions are what a brief's author needs.
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function firstAlias(root: Node | undefined): number | undefined {
  let offset: number | undefined;
  visit(root ?? null, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * The offset where the text nests deeper than the limit, found before parsing: the parser recurses, so
 * a file nested thousands deep would otherwise exhaust the stack at a depth that varies by machine.
 * Counts flow brackets outside quotes, and indentation (two columns a level).
 */
function findExcessiveNesting(source: string): number | undefined {
  // A real brief is far from either limit: no line indented that deep, and fewer brackets in the whole
  // text than the limit allows nested. Two searches in native code then stand for the scan below.
  if (!DEEP_INDENT.test(source) && countOpeners(source) <= MAX_DEPTH) return undefined;
  let depth = 0;
  let quote: string | undefined;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      lineStart = i + 1;
      const indent = /^[ -]*/.exec(source.slice(lineStart, lineStart + 4 * MAX_DEPTH + 2))?.[0].length ?? 0;
      if (indent > 2 * MAX_DEPTH) return lineStart + indent;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === '"' || (c === "'" && /[\s[{,:]/.test(source[i - 1] ?? " "))) {
      quote = c;
    } else if (c === "#" && /\s/.test(source[i - 1] ?? " ")) {
      const end = source.indexOf("\n", i);
      i = (end < 0 ? source.length : end) - 1;
    } else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === "]" || c === "}") && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

// A line indented past the limit, as the scan below measures indentation (spaces and "- ").
const DEEP_INDENT = new RegExp(`\\n[ -]{${2 * MAX_DEPTH + 1}}`);

/** How many "[" and "{" the text holds, counted up to one past the limit. */
function countOpeners(source: string): number {
  const opener = /[[{]/g;
  let count = 0;
  while (count <= MAX_DEPTH && opener.exec(source) !== null) count++;
  return count;
}

// Walks the tree without recursion, so depth is bounded by our limit and not by the call stack.
function inspectTree(root: Node | undefined, locator: Locator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  let aliases = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isNode(node)) continue;
    // Positions only for what is reported: most nodes are fine.
    const at = () => locator.at(startOf(node));
    if (depth > MAX_DEPTH) {
      return [diagnose("too-deep", `the YAML is nested more than ${MAX_DEPTH} levels deep`, at())];
    }
    if (isAlias(node) && ++aliases > MAX_ALIASES) {
      return [diagnose("too-many-aliases", `the YAML uses more than ${MAX_ALIASES} aliases`, at())];
    }
    if (node.tag !== undefined && !(isScalar(node) && node.tag === "tag:yaml.org,2002:str")) {
      diagnostics.push(diagnose("custom-tag", `the tag ${node.tag} is not allowed in a brief`, at()));
    }
    if (isScalar(node) && Buffer.isBuffer(node.value)) {
      diagnostics.push(diagnose("custom-tag", "binary values are not allowed in a brief", at()));
    }
    if (isScalar(node) && typeof node.value === "string") {
      const control = checkValueControls(node.value, at);
      if (control !== undefined) diagnostics.push(control);
    }
    if (!isCollection(node)) continue;
    for (const item of node.items) {
      if (isPair(item)) {
        // A list or map as a key (`? ...`, `[a]: b`) has no name a brief could mean.
        if (isCollection(item.key)) {
          diagnostics.push(
            diagnose("complex-key", "a key must be text, not a list or map", locator.at(startOf(item.key))),
          );
        }
        const name = keyName(item);
        if (isMap(node) && name !== undefined && RESERVED_KEYS.has(name)) {
          diagnostics.push(
            diagnose(
              "reserved-key",
              `"${name}" cannot be used as a key`,
              locator.at(startOf(item.key as Node)),
            ),
          );
        }
        stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return diagnostics;
}

// The yaml library's errors as diagnostics. An unclosed bracket is shown where it opened, not where the
// parser gave up; a value that is really unquoted text gets a hint that shows it quoted; and errors that
// say the same of one place are reported once.
function explainErrors(errors: readonly YAMLError[], locator: Locator): Diagnostic[] {
  let unclosed: ReturnType<typeof findUnclosedFlows> | undefined;
  const seen = new Set<string>();
  const explained = errors.flatMap((error) => {
    const d = explainError(error, locator, () => {
      unclosed ??= findUnclosedFlows(locator.source);
      return unclosed;
    });
    const key =
      d.code === "yaml-syntax" && d.hint?.startsWith("the value")
        ? d.hint
        : `${d.code} ${d.line}:${d.column} ${d.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [d];
  });
  // An unclosed list or map swallows the text after it: what the parser says of that text follows from it.
  const first = sortDiagnostics(explained.filter((d) => d.code === "unclosed-bracket"))[0];
  if (first === undefined) return explained;
  return explained.filter(
    (d) =>
      d.code !== "yaml-syntax" || d.line < first.line || (d.line === first.line && d.column < first.column),
  );
}

function explainError(
  error: YAMLError,
  locator: Locator,
  unclosed: () => ReturnType<typeof findUnclosedFlows>,
): Diagnostic {
  const at = locator.at(error.pos[0]);
  if (error.code === "DUPLICATE_KEY")
    return diagnose("duplicate-key", "this key is already defined in the same map", at);
  if (error.code === "TAG_RESOLVE_FAILED") return diagnose("custom-tag", error.message, at);
  if (/call stack/i.test(error.message))
    return diagnose("too-deep", "the YAML is nested too deeply to read", at);
  const closer = /end with an? ([\]}])/.exec(error.message)?.[1];
  if (closer !== undefined) {
    const bracket = closer === "]" ? "[" : "{";
    const opened = unclosed().findLast((f) => f.bracket === bracket && f.offset <= error.pos[0]);
    if (opened !== undefined) {
      const what = bracket === "[" ? "list" : "map";
      const hint =
        quoteHint(locator.source, opened.offset) ??
        `close it with "${closer}" where the ${what} ends, or put the value in quotes if the "${bracket}" is text`;
      const message = `this "${bracket}" opens a ${what} that is never closed`;
      return diagnose("unclosed-bracket", message, locator.at(opened.offset), hint);
    }
  }
  const message = error.message.replace(/\s+at line \d+.*$/s, "");
  return diagnose(
    "yaml-syntax",
    message,
    at,
    quoteHint(locator.source, error.pos[0]) ?? yamlHint(error.code),
  );
}

function yamlHint(code: string): string | undefined {
  if (code === "BAD_INDENT" || code === "MISSING_CHAR")
    return "check the indentation and the colons on this line and the one above";
  if (code === "MULTILINE_IMPLICIT_KEY")
    return "a value that spans lines must be a block scalar (`|`) or quoted";
  if (code === "BLOCK_AS_IMPLICIT_KEY") return "check the indentation of this line";
  return "check this line against the brief format in the README";
}
