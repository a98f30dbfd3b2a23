import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brief, makeProject, read, runCli } from "./helpers.ts";

// Timelines at the edges of the calendar and of what a careless brief gives them.

/** The deck of a brief with these slides, built without PDFs. */
async function deckOf(slides: string): Promise<string> {
  const project = makeProject({ "briefs/b.yaml": brief(slides) });
  const { code, stderr } = await runCli(["build", "--no-pdf"], project);
  expect(code, stderr).toBe(0);
  return read(join(project, "dist/b.html"));
}

/** Where each marker and the now line sit on the axis, in percent. */
function lefts(deck: string, kind: "bd-marker bd-event-key" | "bd-now"): number[] {
  return [
    ...deck.matchAll(new RegExp(`class="${kind}[^"]*" style="inset-inline-start: ([\\d.]+)%`, "g")),
  ].map((m) => Number(m[1]));
}

describe("timeline dates", () => {
  it("years under 100 are those years, not 1900 and after", async () => {
    const deck = await deckOf(`  - layout: timeline
    title: Antiquity
    events:
      - { date: "0070", label: Seventy }
      - { date: "1970", label: Nineteen seventy }
`);
    const [seventy = 0, nineteenSeventy = 0] = lefts(deck, "bd-marker bd-event-key");
    const [now = 0] = lefts(deck, "bd-now");
    // Year 70, 1970 and now (2026) in that order, 70 far from 1970 (they drew on one spot).
    expect(nineteenSeventy - seventy).toBeGreaterThan(50);
    expect(now).toBeGreaterThan(nineteenSeventy);
    // The axis starts at year 0, which is 1 BC.
    expect(deck).toContain(">1 BC<");
  });

  it("a span from a month to the same month says the month once", async () => {
    const deck = await deckOf(`  - layout: timeline
    title: One month
    events:
      - { from: "2024-03", to: "2024-03", label: March }
`);
    expect(deck).toContain("Mar 2024");
    expect(deck).not.toContain("Mar – Mar 2024");
  });
});
