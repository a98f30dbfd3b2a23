import { describe, expect, it } from "vitest";
import { textHash } from "../src/hash.ts";
import { seededRandom } from "./helpers.ts";

const digest = (...parts: string[]) => parts.reduce((h, part) => h.update(part), textHash()).digest();

describe("the cache keys' text hash", () => {
  it("is 64 bits of hex, the same for the same parts", () => {
    expect(digest("brief", "text")).toMatch(/^[0-9a-f]{16}$/);
    expect(digest("brief", "text")).toBe(digest("brief", "text"));
  });

  it("tells apart where the parts split, the empty text and no text", () => {
    const digests = [digest("ab", "c"), digest("a", "bc"), digest("abc"), digest("abc", ""), digest()];
    expect(new Set(digests).size).toBe(digests.length);
  });

  it("changes with any one edit of a brief-sized text", () => {
    const random = seededRandom(7);
    const base = Array.from({ length: 2000 }, (_, i) => `word${i % 97} `).join("");
    const texts = new Set([base]);
    for (let i = 0; i < 2000; i++) {
      const at = random(base.length);
      texts.add(base.slice(0, at) + String.fromCharCode(32 + random(95)) + base.slice(at + 1));
    }
    const digests = new Set([...texts].map((text) => digest(text)));
    expect(texts.size).toBeGreaterThan(1900);
    expect(digests.size).toBe(texts.size);
  });
});
