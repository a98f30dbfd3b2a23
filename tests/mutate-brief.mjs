// Seeded mutations of brief text, for the fuzz test (tests/fuzz.test.ts) and its long run
// (bench/fuzz.mjs). Plain JavaScript so both can import it.

/** A seeded random integer below n (mulberry32): the same sequence for the same seed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

// What people and editors put in briefs by mistake, and what hostile text tries.
const TOKENS = [
  ": ",
  ", ",
  "[",
  "]",
  "{",
  "}",
  "[@",
  "[@nope]",
  "[@memo]",
  " #",
  "#",
  '"',
  "'",
  "|",
  ">",
  "- ",
  "-",
  "&a ",
  "*a",
  "!!str ",
  "!!binary ",
  "!custom ",
  "%",
  "@",
  "`",
  "\t",
  "\n",
  "\r\n",
  "  ",
  "---\n",
  "...\n",
  "\u001b]0;PWNED\u0007\u001b[2J",
  "\u0000",
  "\u202e",
  "\ufeff",
  "é",
  "😀",
  "\\",
  "\\e",
  "?",
  "<<: *a",
  "![](x.png)",
  "![a](../../etc/passwd.png)",
  "[x](#/nowhere)",
  "__proto__: 1",
  "NATO",
  "likely",
];

const VALUES = [
  "",
  "~",
  "null",
  "true",
  "123",
  "1.10",
  "2026-13-45",
  "[]",
  "{}",
  "[A role [@memo]]",
  "Fastest: one buyer",
  "{ rating: holds, text: Fastest: one buyer }",
  '"unclosed',
  "'unclosed",
  "[A, B",
  "{a: b",
  "a, b: c",
  "@memo says",
  "|",
  ">-",
  "&anchor value",
  "*anchor",
  "!!binary aGk=",
  '"\\e]0;x\\a"',
  "x".repeat(300),
  "comparsion",
  "holds",
  "judgments",
  "bullets",
  "sources",
];

const pick = (random, list) => list[random(list.length)];

function lineSpans(text) {
  const spans = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    if (end < 0) break;
    spans.push([start, end + 1]);
    start = end + 1;
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
}

const MUTATIONS = [
  // Delete a few characters.
  (text, random) => {
    const at = random(text.length + 1);
    return text.slice(0, at) + text.slice(at + 1 + random(20));
  },
  // Insert a token.
  (text, random) => {
    const at = random(text.length + 1);
    return text.slice(0, at) + pick(random, TOKENS) + text.slice(at);
  },
  // Replace one character.
  (text, random) => {
    const at = random(text.length);
    return text.slice(0, at) + pick(random, TOKENS).slice(0, 1) + text.slice(at + 1);
  },
  // Replace a value after "key: ".
  (text, random) => {
    const lines = lineSpans(text).filter(([s, e]) => /: \S/.test(text.slice(s, e)));
    if (lines.length === 0) return text;
    const [s, e] = pick(random, lines);
    const line = text.slice(s, e);
    const colon = line.indexOf(": ");
    return `${text.slice(0, s)}${line.slice(0, colon + 2)}${pick(random, VALUES)}\n${text.slice(e)}`;
  },
  // Indent a line more or less.
  (text, random) => {
    const lines = lineSpans(text);
    if (lines.length === 0) return text;
    const [s, e] = pick(random, lines);
    const line = text.slice(s, e);
    const shifted = random(2) === 0 ? " ".repeat(1 + random(4)) + line : line.replace(/^ {1,4}/, "");
    return text.slice(0, s) + shifted + text.slice(e);
  },
  // Duplicate, delete or move a line.
  (text, random) => {
    const lines = lineSpans(text).map(([s, e]) => text.slice(s, e));
    if (lines.length < 2) return text;
    const i = random(lines.length);
    const j = random(lines.length);
    const choice = random(3);
    if (choice === 0) lines.splice(j, 0, lines[i]);
    else if (choice === 1) lines.splice(i, 1);
    else [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join("");
  },
  // Repeat a run of lines many times: duplicate keys, thousands of items.
  (text, random) => {
    const lines = lineSpans(text);
    if (lines.length === 0) return text;
    const first = random(lines.length);
    const last = Math.min(lines.length - 1, first + random(6));
    const block = text.slice(lines[first][0], lines[last][1]);
    return text.slice(0, lines[last][1]) + block.repeat(1 + random(200)) + text.slice(lines[last][1]);
  },
  // Cut the file short.
  (text, random) => text.slice(0, random(text.length + 1)),
];

/** The text with one to four random mutations applied. */
export function mutateBrief(text, random) {
  let mutated = text;
  for (let n = 1 + random(4); n > 0; n--) mutated = pick(random, MUTATIONS)(mutated, random);
  return mutated;
}

/**
 * What is wrong with one run of `check --no-browser` on the briefs, judged from its exit code and
 * stderr: undefined when it exited 0 or 1, printed every diagnostic with file:line:col (up to the cap
 * of 100 a file, then a count), and printed nothing else (no stack trace).
 */
export function judgeCheck(code, stderr) {
  if (code !== 0 && code !== 1) return `exit code ${code}`;
  if (/\n\s+at .*:\d+:\d+\)?\n/.test(stderr)) return "a stack trace";
  if (/(?![\n\t])\p{Cc}/u.test(stderr)) return "a control character sent to the terminal";
  const lines = stderr.split("\n");
  let headers = 0;
  let invalid = 0;
  for (const line of lines) {
    if (line === "" || /^[ >]/.test(line) || /^note: /.test(line)) continue;
    if (/^\S.*:\d+:\d+ (error|warning) [a-z0-9-]+ {2}\S/.test(line)) {
      headers++;
      continue;
    }
    if (/^\S.*: and \d+ more not shown \(/.test(line)) continue;
    if (/^\d+ ok, \d+ invalid$/.test(line)) continue;
    const summary = /^(invalid|ok {5}) .* \((\d+) errors?, (\d+) warnings?\)$/.exec(line);
    if (summary === null) return `a line that is no diagnostic: ${JSON.stringify(line.slice(0, 200))}`;
    const total = Number(summary[2]) + Number(summary[3]);
    if (headers !== Math.min(total, 100))
      return `${headers} diagnostics printed for ${total} counted: ${line}`;
    if ((summary[1] === "invalid") !== Number(summary[2]) > 0) return `a wrong verdict: ${line}`;
    if (summary[1] === "invalid") invalid++;
    headers = 0;
  }
  if ((code === 1) !== invalid > 0) return `exit code ${code} with ${invalid} invalid`;
  return undefined;
}
