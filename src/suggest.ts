/** The closest candidate to `word` by edit distance, if it is close enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  return closest(
    word,
    list,
    list.map((c) => c.toLowerCase()),
  );
}

function closest(
  word: string,
  candidates: readonly string[],
  lowered: readonly string[],
): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  lowered.forEach((other, i) => {
    // The distance is at least the difference in length: most candidates need no table.
    if (Math.abs(other.length - lower.length) > Math.min(limit, bestDistance)) return;
    const distance = editDistance(lower, other);
    if (distance < bestDistance) {
      best = candidates[i];
      bestDistance = distance;
    }
  });
  return bestDistance <= limit ? best : undefined;
}

/** A "did you mean" hint, or the fallback when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, fallback: string): string {
  const match = suggest(word, candidates);
  return match === undefined ? fallback : `did you mean "${match}"?`;
}

/**
 * "Did you mean" hints for many words against one list of names, as a brief with many unknown citations
 * needs: each word's hint is kept, and after a bounded number of comparisons in all the fallback is given
 * without searching, so thousands of unknown words against thousands of names stay fast.
 */
export function createDidYouMean(candidates: readonly string[], fallback: string): (word: string) => string {
  const hints = new Map<string, string>();
  const lowered = candidates.map((c) => c.toLowerCase());
  let budget = 100_000;
  return (word) => {
    let hint = hints.get(word);
    if (hint === undefined) {
      const match = budget >= candidates.length ? closest(word, candidates, lowered) : undefined;
      budget -= candidates.length;
      hint = match === undefined ? fallback : `did you mean "${match}"?`;
      hints.set(word, hint);
    }
    return hint;
  };
}

/** Names for a hint: all of a short list, or the first few and how many there are. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")}, … (${names.length} in all)`;
}

// Optimal string alignment distance: Levenshtein plus transposition of neighbours, a common typo.
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
