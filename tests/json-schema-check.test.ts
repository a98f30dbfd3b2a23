import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { briefSchemas } from "../src/brief-schema.ts";
import { conforms, type JsonSchema } from "../src/json-schema-check.ts";
import { ROOT, seededRandom, YAML_FILES } from "./helpers.ts";

// Valid briefs skip zod: they are checked against schema/brief.schema.json instead. That check must
// never pass a brief zod would refuse (the brief would then build without its errors being reported), and
// should pass what zod passes. Both are compared on every brief and fixture, and on mutations of them.

const published = JSON.parse(readFileSync(join(ROOT, "schema/brief.schema.json"), "utf8")) as JsonSchema;
const zodAccepts = (data: unknown) => briefSchemas().briefSchema.safeParse(data).success;

const files = YAML_FILES;
const documents = files.flatMap((file) => {
  try {
    return [
      {
        file,
        data: parse(readFileSync(file, "utf8"), {
          schema: "core",
          maxAliasCount: 100,
          logLevel: "silent",
        }) as unknown,
      },
    ];
  } catch {
    return []; // hostile or broken YAML: nothing to validate
  }
});

type Path = Array<string | number>;
function paths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (typeof value === "object" && value !== null)
    return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

const REPLACEMENTS: unknown[] = [
  null,
  1.5,
  7,
  0,
  Number.POSITIVE_INFINITY,
  "",
  "x",
  "maybe",
  "2026-02-30",
  "2024-02-29",
  "ftp://example.org",
  "HTTPS://EXAMPLE.ORG",
  "Not-An-Id",
  "ok-id",
  true,
  [],
  ["x"],
  {},
  { layout: "text", body: "b" },
];

describe("the published-schema check", () => {
  it("agrees with zod on every brief and fixture", () => {
    expect(documents.length).toBeGreaterThan(30);
    const disagreements = documents
      .filter(({ data }) => conforms(published, data) !== zodAccepts(data))
      .map(({ file }) => file);
    expect(disagreements).toEqual([]);
    // Both verdicts occur: the check is not trivially true or false.
    expect(documents.some(({ data }) => conforms(published, data))).toBe(true);
    expect(documents.some(({ data }) => !conforms(published, data))).toBe(true);
  });

  it("agrees with zod on thousands of mutations of valid briefs", () => {
    const valid = documents.filter(({ data }) => zodAccepts(data)).map(({ data }) => data);
    expect(valid.length).toBeGreaterThan(10);
    const random = seededRandom(42);
    const tally = { accepted: 0, refused: 0 };
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const data = structuredClone(valid[random(valid.length)]);
      const all = paths(data).filter((p) => p.length > 0);
      const path = all[random(all.length)] ?? [];
      type Node = Record<string | number, unknown>;
      const parent = path.slice(0, -1).reduce((node, step) => node[step] as Node, data as Node);
      const last = path.at(-1) as string | number;
      const op = random(5);
      const target = parent[last];
      if (op === 0 && !Array.isArray(parent)) delete parent[last];
      else if (op === 1 && !Array.isArray(parent)) parent.zzz = "unknown key";
      // Emptied: an empty list, text or map, where the schema may ask for at least one.
      else if (op === 2) parent[last] = Array.isArray(target) ? [] : typeof target === "string" ? "" : {};
      else parent[last] = structuredClone(REPLACEMENTS[random(REPLACEMENTS.length)]);
      const fast = conforms(published, data);
      if (fast !== zodAccepts(data)) disagreements.push(`${path.join(".")} (op ${op}): check says ${fast}`);
      else tally[fast ? "accepted" : "refused"]++;
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(300);
    expect(tally.refused).toBeGreaterThan(300);
  });

  it("refuses what it does not understand, so zod decides", () => {
    expect(conforms({ type: "string", format: "email" }, "a@b.c")).toBe(false);
    expect(conforms({ not: { type: "string" } }, 1)).toBe(false);
    expect(conforms({ type: ["string", "null"] }, null)).toBe(false);
    expect(conforms({ type: "string", pattern: "^a" }, "abc")).toBe(true);
  });
});
