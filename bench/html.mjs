// HTML: cold build of the coalition brief by briefdeck (--no-pdf) vs Marp CLI and reveal-md on the same
// content as Markdown, plus a bare `node -e 1` as the floor; and briefdeck's scaling from 12 to 300 slides.
import { join } from "node:path";
import { writeBriefMarkdown } from "./brief-markdown.mjs";
import { BIN, f, genBrief, heading, peerBin, pick, ROOT, ROUNDS, row, TMP, wanted } from "./lib.mjs";

export const BRIEF = "briefs/coalition-vs-peacekeeping.yaml";
/** The same brief as a Markdown deck for the peers, made from it now (see brief-markdown.mjs). */
export const MD = join(TMP, "coalition.md");
writeBriefMarkdown(ROOT, BRIEF, MD);

const briefdeck = (id, name, brief) => ({
  id,
  name,
  briefdeck: true,
  args: (out) => [BIN, "build", brief, "--out", out, "--no-pdf", "--force"],
});

// Where NODE_EXTRA_CA_CERTS is set, Node 20 parses that file as every process starts (nodejs/node#40524),
// the same for every tool: the tools then run a second time in the same race without it, in a table of
// their own.
const CA_FILE = "NODE_EXTRA_CA_CERTS";
const withoutCaFile = (t) => ({ ...t, id: `${t.id}-no-ca`, of: t.id, unsetEnv: [CA_FILE] });

/** The HTML tasks and the linearity sizes, each with its rounds; they run in the main race. */
export function htmlTasks() {
  const r = { runs: ROUNDS.html, warmups: 2 };
  const tools = [
    { id: "node", name: "node -e 1", args: () => ["-e", "1"], noOutput: true },
    briefdeck("briefdeck", "briefdeck", BRIEF),
    {
      id: "marp",
      name: "marp",
      args: (out) => [peerBin("@marp-team/marp-cli"), MD, "-o", `${out}/marp.html`],
    },
    {
      id: "reveal-md",
      name: "reveal-md",
      args: (out) => [peerBin("reveal-md"), MD, "--static", `${out}/rmd`],
    },
  ].filter((t) => wanted(t.id));
  const twins = process.env[CA_FILE] ? tools.map(withoutCaFile) : [];
  const sizes = wanted("linearity")
    ? [12, 300].map((n) => ({ ...briefdeck(`linear-${n}`, `${n} slides`, genBrief(n)), ...r }))
    : [];
  return { tools: [...tools, ...twins].map((t) => ({ ...t, ...r })), sizes };
}

// One table of cold HTML builds: each tool's times, above the floor, and over briefdeck's.
function htmlTable(tools) {
  const bd = tools.find((t) => (t.of ?? t.id) === "briefdeck");
  const floor = tools.find((t) => (t.of ?? t.id) === "node")?.stats.median;
  for (const t of tools)
    t.ratio = bd?.stats.median && t.stats.median ? t.stats.median / bd.stats.median : null;
  row("ms", "min", "median", "p95", "−floor", "÷bd");
  for (const { id, of, name, stats: s, ratio, error } of tools) {
    const net = (of ?? id) !== "node" && floor && s.median ? s.median - floor : undefined; // time above a bare node start
    const cells = [f(s.min), f(s.median), f(s.p95), f(net), ratio ? `${f(ratio, 2)}x` : "-"];
    row(name, ...(error ? ["FAILED"] : cells));
  }
  return floor;
}

/** Prints the HTML tables and returns their part of results.json (the structure the harness always had). */
export function reportHtml({ tools, sizes }) {
  const out = { tools: [], linearity: null };
  const own = tools.filter((t) => t.of === undefined);
  const twins = tools.filter((t) => t.of !== undefined);
  if (own.length) {
    heading(`HTML build, cold process (${ROUNDS.html} rounds)`);
    const floor = htmlTable(own);
    console.log("(−floor: median minus node -e 1's; ÷bd: median over briefdeck's)");
    out.tools = own.map((t) => ({ ...pick(t), ratioToBriefdeck: t.ratio }));
    if (twins.length) {
      console.log(`\nThe same, in the same race, without ${CA_FILE} (it is set here):`);
      const bare = htmlTable(twins);
      if (floor && bare)
        console.log(
          `(Node 20 parses ${CA_FILE}'s certificates as every process starts: ${f(floor - bare)} ms of each run above)`,
        );
      out.toolsWithoutCaFile = twins.map((t) => ({ ...pick(t), ratioToBriefdeck: t.ratio }));
    }
  }
  if (sizes.length) {
    const [a, b] = sizes.map((t) => t.stats.median);
    const ratio = a && b ? b / a : null;
    const linearity = { ratio, target: 10, msPerExtraSlide: ratio && (b - a) / 288 };
    if (!ratio) console.log("\nlinearity (HTML): FAILED");
    else {
      const verdict = `${f(ratio, 2)}x, target < 10x: ${ratio < 10 ? "ok" : "MISSED"}`;
      console.log(`\nlinearity (HTML): median ${f(a)} ms at 12 slides, ${f(b)} ms at 300`);
      console.log(`  300/12 = ${verdict}; ${f(linearity.msPerExtraSlide, 2)} ms per extra slide`);
    }
    out.linearity = { ...linearity, slides12: pick(sizes[0]), slides300: pick(sizes[1]) };
  }
  return out;
}
