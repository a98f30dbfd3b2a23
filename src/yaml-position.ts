import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from "yaml";
import type { Position } from "./diagnostics.ts";

/** Maps byte offsets in one source file to file:line:col positions. */
export interface Locator {
  readonly file: string;
  readonly source: string;
  at(offset: number): Position;
}

/** A locator over a file's text, using the YAML parser's own line counter. */
export function createLocator(file: string, source: string, lines: LineCounter): Locator {
  return {
    file,
    source,
    at(offset) {
      const { line, col } = lines.linePos(Math.max(0, Math.min(offset, source.length)));
      return { file, line, column: col };
    },
  };
}

/** The string form of a map key, or undefined for a complex key. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

/** The pair under `key` in a YAML map node, if the node is a map and has that key. */
export function findPair(node: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && keyName(item) === key) return item as Pair<Node, Node>;
  }
  return undefined;
}

/**
 * Follows a path of map keys and sequence indexes through the YAML tree. Returns the deepest node
 * reached and, when the last step was a map key, the pair that holds it (so the key can be pointed at).
 */
export function findNode(
  root: unknown,
  path: readonly PropertyKey[],
): { node: Node | undefined; pair?: Pair; complete: boolean } {
  let node = root as Node | undefined;
  let pair: Pair | undefined;
  let steps = 0;
  for (const step of path) {
    if (isSeq(node) && typeof step === "number") {
      const next = node.items[step];
      if (next === undefined) break;
      node = next as Node;
      pair = undefined;
    } else if (isMap(node)) {
      const found = findPair(node, String(step));
      if (found === undefined) break;
      pair = found;
      node = found.value ?? (found.key as Node);
    } else {
      break;
    }
    steps++;
  }
  const complete = steps === path.length;
  return pair === undefined ? { node, complete } : { node, pair, complete };
}

/** The offset where a node starts, or 0 when the node carries no range. */
export function startOf(node: Node | undefined | null): number {
  return node?.range?.[0] ?? 0;
}

/**
 * The offset of the `occurrence`-th appearance of `needle` inside a scalar node's source text. Markdown
 * fields are scalars, often block scalars, so a position inside the value is found in the raw text.
 */
export function offsetWithin(source: string, node: Node | undefined, needle: string, occurrence = 0): number {
  const start = startOf(node);
  const end = node?.range?.[1] ?? source.length;
  let from = start;
  for (let seen = 0; ; seen++) {
    const index = source.indexOf(needle, from);
    if (index < 0 || index >= end) return start;
    if (seen === occurrence) return index;
    from = index + needle.length;
  }
}
