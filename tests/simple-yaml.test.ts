import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
import { parseBrief, YAML_OPTIONS } from "../src/parse-brief.ts";
import { parseSimpleYaml } from "../src/simple-yaml.ts";
import { ROOT, seededRandom, YAML_FILES } from "./helpers.ts";

// The simple reader must agree with the yaml library exactly, node by node (class, range and value) and
// in the plain data, on everything it accepts; everything else it must decline.

type Verdict = "fast" | "declined" | { differs: string };

function kind(node: unknown): string {
  if (isMap(node)) return "map";
  if (isSeq(node)) return "seq";
  if (isScalar(node)) return "scalar";
  if (isPair(node)) return "pair";
  return typeof node;
}

function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (kind(a) !== kind(b)) {
    out.push(`${path}: ${kind(a)} vs ${kind(b)}`);
    return;
  }
  if (isPair(a) && isPair(b)) {
    differences(a.key, b.key, `${path}.key`, out);
    differences(a.value, b.value, `${path}.value`, out);
    return;
  }
  const [x, y] = [a as { range?: unknown }, b as { range?: unknown }];
  if (JSON.stringify(x.range) !== JSON.stringify(y.range))
    out.push(`${path}: range ${JSON.stringify(x.range)} vs ${JSON.stringify(y.range)}`);
  if (isScalar(a) && isScalar(b)) {
    if (!Object.is(a.value, b.value))
      out.push(`${path}: ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
    return;
  }
  const [items, others] = [(a as { items: unknown[] }).items, (b as { items: unknown[] }).items];
  if (items.length !== others.length) out.push(`${path}: ${items.length} items vs ${others.length}`);
  else for (const [i, item] of items.entries()) differences(item, others[i], `${path}[${i}]`, out);
}

function verdict(source: string): Verdict {
  const fast = parseSimpleYaml(source);
  if (fast === undefined) return "declined";
  const doc = parseDocument(source, YAML_OPTIONS);
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) return { differs: `accepted, but yaml says: ${problems[0]?.message}` };
  const out: string[] = [];
  differences(doc.contents, fast.root, "", out);
  if (JSON.stringify(doc.toJS()) !== JSON.stringify(fast.data)) out.push("the plain data differs");
  return out.length > 0 ? { differs: out.slice(0, 4).join("; ") } : "fast";
}

const files = YAML_FILES;

const PROBES = [
  "a: |\n  one\n\n  three\n   indented\n\n\nb: |-\n  stripped\n\n",
  "a: >-\n  folded\n  lines\n\n  new paragraph\nb: >\n  clipped\n  fold\n",
  "a: |\n  at the end\n",
  "a: |\n  at the end\n\n\n",
  "q: \"with \\\"escapes\\\" and \\\\ slash\"\ns: 'it''s'\n",
  "k:\n- same indent\n- [a, b]\nl:\n  - - nested\n",
  "k:\n  - x: 1\n    y: true\n  -\n  - z:\n    w: ~\n",
  "empty:\nspaces:   \nlist:\n  -   \n  - v\n",
  "f: { a: [ x , y ], b: 'c' , d: {} , e: [] }\n",
  "n: [0, 12, 007, 1.5, -3, +4, 0x1f, 1e3, .inf]\n",
  "b: [true, True, FALSE, null, Null, ~, yes, no]\n",
  "R&D: x\nmay.report: y\nG7: z\nkey with spaces: w\n",
  "c: value # a comment\nd: C# and #hash\ne: 'quoted' # comment\n",
  "u: Україна — “quotes” ‘single’\n",
  "# header comment\n\na: 1\n",
  "a: 1\n# a comment between\nb: 2\n",
  "a: plain\n  continued\n",
  "a: x: y\nb: ends with:\n",
  "a: &anchor 1\nb: *anchor\n",
  "a: !tag x\n",
  "__proto__: x\n",
  "a: 1\na: 2\n",
  "a: [unclosed\n",
  "a: 'multi\n  line'\n",
  "---\na: 1\n",
  "a:\r\n  b\r\n",
  "a:\n\tb: 1\n",
  "no newline at the end: x",
  "- top\n- level\n",
  "a:\n    deep: 1\n  shallow: 2\n",
  // Found by review: an empty value straight before a comment, keys past 1024 characters, deep nesting.
  "a:\n# c\nb: 1\n",
  "a:\n  b:\n# c\nd: 1\n",
  "a:\n  -\n# c\nd: 1\n",
  "a:\n\n# c\nb: 1\n",
  `g:\n  ${"A".repeat(1024)}: ok\n  ${"B".repeat(1025)}: too long\n`,
  `- ${"k".repeat(1030)}: x\n`,
  `${Array.from({ length: 70 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1\n`,
  `${Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}a:`).join("\n")} ${"[".repeat(40)}${"]".repeat(40)}\n`,
];

describe("the simple YAML reader", () => {
  it("reads the first brief itself, as yaml does", () => {
    expect(verdict(readFileSync(join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"), "utf8"))).toBe("fast");
  });

  it("agrees with yaml on every brief and fixture in the repository, or declines", () => {
    const verdicts = files.map((file) => [file, verdict(readFileSync(file, "utf8"))] as const);
    expect(verdicts.filter(([, v]) => typeof v === "object")).toEqual([]);
    expect(verdicts.filter(([, v]) => v === "fast").length).toBeGreaterThan(20);
  });

  it("agrees with yaml on probes of its edges, or declines", () => {
    const verdicts = PROBES.map((probe) => [probe, verdict(probe)] as const);
    expect(verdicts.filter(([, v]) => typeof v === "object")).toEqual([]);
    // It must take the common forms, not decline everything.
    expect(verdicts.filter(([, v]) => v === "fast").map(([p]) => p)).toEqual(
      expect.arrayContaining([PROBES[0], PROBES[1], PROBES[4], PROBES[7], PROBES[11], PROBES[12]]),
    );
  });

  it("agrees with yaml on thousands of mutations of the fixtures, or declines", () => {
    const bases = files.map((f) => readFileSync(f, "utf8")).filter((s) => verdict(s) === "fast");
    const bits = [
      " ",
      "  ",
      "\n",
      "\n\n",
      ":",
      ": ",
      "- ",
      "-",
      "#",
      " #",
      "'",
      '"',
      "[",
      "]",
      "{",
      "}",
      ",",
    ];
    bits.push(
      "|",
      "|-",
      ">",
      ">-",
      "a",
      "1",
      "0.5",
      "~",
      "null",
      "true",
      "\\",
      "&",
      "*",
      "!",
      "?",
      "''",
      "é",
    );
    bits.push("  - x\n", "\n  ", "\n    ", "@", "`", "%");
    const random = seededRandom(20261126);
    const tally = { fast: 0, declined: 0 };
    const differing: string[] = [];
    for (let i = 0; i < 1500; i++) {
      let source = bases[random(bases.length)] ?? "";
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(source.length);
        const bit = bits[random(bits.length)] ?? "";
        const op = random(3);
        if (op === 0) source = source.slice(0, at) + bit + source.slice(at);
        else if (op === 1) source = source.slice(0, at) + source.slice(at + 1 + random(3));
        else source = source.slice(0, at) + bit + source.slice(at + 1);
      }
      const v = verdict(source);
      if (typeof v === "object") differing.push(`${v.differs}\n${source}`);
      else tally[v]++;
    }
    expect(differing.slice(0, 3)).toEqual([]);
    expect(tally.fast).toBeGreaterThan(300);
  });

  it("declines nesting deeper than briefs go, so parseBrief's depth limit still reports it", () => {
    const deep = `title: T\nextra:\n${Array.from({ length: 70 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")} 1\n`;
    expect(parseSimpleYaml(deep)).toBeUndefined();
    expect(parseBrief(deep, "deep.yaml").diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
  });

  it("gives parseBrief the same result either way", () => {
    const source = readFileSync(join(ROOT, "briefs/coalition-vs-peacekeeping.yaml"), "utf8");
    const fast = parseBrief(source, "brief.yaml");
    // An indented comment sends the same text down the full parser.
    const commented = source.replace("\nslides:\n", "\nslides:\n  # the slides\n");
    expect(parseSimpleYaml(commented)).toBeUndefined();
    const slow = parseBrief(commented, "brief.yaml");
    expect(fast.diagnostics).toEqual([]);
    expect(slow.diagnostics).toEqual([]);
    expect(fast.data).toEqual(slow.data);
  });
});
