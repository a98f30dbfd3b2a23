import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from "yaml";
import type { Position } from "../diagnostics.ts";

/** Maps byte offsets in one source file to file:line:col positions. */
export interface Locator {
  readonly file: string;
  readonly source: string;
  at(offset: number): Position;
}

/** A locator over a file's text. Line starts are computed once, on first use. */
export function createLocator(file: string, source: string): Locator {
  let starts: number[] | undefined;
  return {
    file,
    source,
    at(offset) {
      starts ??= lineStarts(source);
      const clamped = Math.max(0, Math.min(offset, source.length));
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if ((starts[mid] ?? 0) <= clamped) low = mid;
        else high = mid - 1;
      }
      return { file, line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
    },
  };
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The string form of a map key, or undefined for a complex key. */
export function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

// Each map's pairs by key, built on a map's first lookup: a brief with thousands of problems in one map
// (unknown keys, unused sources) looks a key up per problem, and a scan per lookup made that quadratic.
// Parsed trees are never changed after parsing, so an index stays true.
const pairsByKey = new WeakMap<object, Map<string, Pair<Node, Node>>>();

/** The pair under `key` in a YAML map node, if the node is a map and has that key. */
export function findPair(node: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(node)) return undefined;
  let pairs = pairsByKey.get(node);
  if (pairs === undefined) {
    pairs = new Map();
    for (const item of node.items) {
      const name = isPair(item) ? keyName(item) : undefined;
      // The first pair of a name wins, as a scan would find it (a repeated key is an error anyway).
      if (name !== undefined && !pairs.has(name)) pairs.set(name, item as Pair<Node, Node>);
    }
    pairsByKey.set(node, pairs);
  }
  return pairs.get(key);
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

/**
 * Finds texts inside a scalar node's source in the order they are asked for, each after the last one
 * found: a field's citations or images, met in order, found in one pass over the field however many
 * there are. Returns -1 for a text not found after the last (an escape sequence can hide one).
 */
export function scanWithin(source: string, node: Node | undefined): (needle: string) => number {
  const start = startOf(node);
  const text = source.slice(start, node?.range?.[1] ?? source.length);
  let from = 0;
  return (needle) => {
    const index = text.indexOf(needle, from);
    if (index < 0) return -1;
    from = index + needle.length;
    return start + index;
  };
}
