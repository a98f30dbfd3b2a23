import { handlebarsCompiler } from "./handlebars-compiler.ts";

/**
 * A template that failed to compile or render, positioned in the template's own file: the file, the
 * 1-based line and column, and Handlebars' whole message made one line (its excerpt and caret dropped:
 * the diagnostic's code frame shows the template itself).
 */
export class TemplateFailure extends Error {
  override name = "TemplateFailure";
  constructor(
    message: string,
    readonly path: string,
    readonly line: number,
    readonly column: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface HandlebarsError extends Error {
  lineNumber?: number;
  column?: number;
}

/**
 * Positions an error thrown while compiling or running the template at `path` (whose text is `source`).
 * An error already positioned (thrown by a partial the template called) is returned as it is.
 */
export function locateTemplateError(error: unknown, path: string, source: string): TemplateFailure {
  if (error instanceof TemplateFailure) return error;
  const raw = error as HandlebarsError;
  const text = String(raw?.message ?? error);
  const at = (line: number, column: number, message: string) =>
    new TemplateFailure(message, path, line, column, { cause: error });

  // A syntax error: "Parse error on line 3:\n<excerpt>\n---^\nExpecting ..., got 'X'".
  const parse = /^(Parse|Lexical) error on line (\d+)[:.]/.exec(text);
  if (parse !== null) {
    const line = Number(parse[2]);
    const expecting = text.split("\n").find((l) => /^Expecting |Unrecognized text/.test(l));
    const what = parse[1] === "Lexical" ? "unrecognised text" : lowerFirst(expecting ?? "");
    return at(line, syntaxColumn(source, line), `syntax error: ${what}`.replace(/: $/, ""));
  }
  // Handlebars' own exceptions carry the node's position (0-based column) and repeat it in the message.
  if (typeof raw?.lineNumber === "number" && typeof raw.column === "number") {
    // Strict mode names the object it looked in as "[object Object]", which tells a reader nothing.
    const message = text
      .replace(/ - \d+:\d+$/, "")
      .replace(/ not defined in \[object Object\]$/, " not defined: no field or helper of that name here");
    return at(raw.lineNumber, raw.column + 1, oneLine(message));
  }
  const partial = /^The partial (.+) could not be found$/.exec(text)?.[1];
  if (partial !== undefined) {
    const found = findPartialCall(source, partial);
    return at(found?.line ?? 1, (found?.column ?? 0) + 1, `the partial "${partial}" does not exist`);
  }
  return at(1, 1, oneLine(text));
}

interface JisonParser {
  lexer?: { yylloc?: { first_line: number; first_column: number } };
}

// Where the parser stopped, as its lexer recorded it; parsed again here so the state is this template's.
function syntaxColumn(source: string, line: number): number {
  const compiler = handlebarsCompiler();
  try {
    compiler.parse(source);
  } catch {
    // Handlebars.Parser is the jison parser Handlebars.parse runs; its types leave it out.
    const parser = (compiler as unknown as { Parser?: JisonParser }).Parser;
    const where = parser?.lexer?.yylloc;
    if (where?.first_line === line) return where.first_column + 1;
  }
  return 1;
}

// The first `{{> name}}` (or `{{#> name}}`) in a template, by its parsed position.
function findPartialCall(source: string, name: string): { line: number; column: number } | undefined {
  let found: { line: number; column: number } | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || node === null || typeof node !== "object") return;
    const n = node as { type?: string; name?: { original?: unknown }; loc?: hbs.AST.SourceLocation };
    if ((n.type === "PartialStatement" || n.type === "PartialBlockStatement") && n.name?.original === name) {
      if (n.loc !== undefined) found = n.loc.start;
      return;
    }
    for (const value of Object.values(node)) {
      if (value !== n.loc) visit(value);
    }
  };
  try {
    visit(handlebarsCompiler().parse(source));
  } catch {
    // The template does not parse: nothing to point at.
  }
  return found;
}

function oneLine(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
