// The first brief as one Markdown deck, for the peers to build: the same slides, text, tables, speaker notes
// and evidence quotes, so every tool in the HTML race renders the same content. Made from the brief at each
// run, so the two cannot drift apart. Marp and reveal-md both take `---` between slides and HTML comments
// as speaker notes.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const RATING = { holds: "✔ holds", partial: "◐ partial", fails: "✘ fails", unknown: "? unknown" };

/** Writes `<out>` with the Markdown deck of the brief at `briefPath` (project root `root`). */
export function writeBriefMarkdown(root, briefPath, out) {
  const { parse } = createRequire(join(root, "package.json"))("yaml");
  const brief = parse(readFileSync(join(root, briefPath), "utf8"));
  const numbers = new Map();
  const cite = (text) =>
    String(text ?? "").replace(/\[@([^\]\s]+)\]/g, (_, key) => {
      if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
      return `[${numbers.get(key)}]`;
    });
  const evidence = (item) =>
    (item?.evidence ?? [])
      .map((e) => `> “${e.quote}” ${cite(`[@${e.source}]`)} ${e.locator ?? ""}`)
      .join("\n");
  const slides = (brief.slides ?? [])
    .filter((s) => !s.hidden)
    .map((slide) => {
      const parts = [];
      const notes = [];
      const title = cite(slide.title ?? "");
      switch (slide.layout) {
        case "title":
          parts.push(`# ${cite(brief.title)}`, brief.subtitle ? `## ${cite(brief.subtitle)}` : "");
          parts.push(
            [brief.author, brief.organisation, brief.date, brief.version && `v${brief.version}`]
              .filter(Boolean)
              .join(" · "),
          );
          break;
        case "section":
          parts.push(`# ${title}`, cite(slide.subtitle ?? ""));
          break;
        case "judgments":
          parts.push(`## ${title || "Key judgments"}`);
          (slide.items ?? []).forEach((item, i) => {
            const labels = [item.likelihood, item.confidence && `${item.confidence} confidence`]
              .filter(Boolean)
              .join(", ");
            parts.push(`${i + 1}. ${cite(item.text)}${labels ? ` — *${labels}*` : ""}`);
            notes.push(evidence(item));
          });
          break;
        case "bullets":
          parts.push(`## ${title}`);
          for (const point of slide.points ?? []) {
            const text = typeof point === "string" ? point : point.text;
            parts.push(`- ${cite(text)}`, ...(point.points ?? []).map((p) => `  - ${cite(p)}`));
            notes.push(evidence(point));
          }
          break;
        case "comparison":
          parts.push(
            `## ${title}`,
            `| | ${(slide.columns ?? []).map(cite).join(" | ")} |`,
            `|---|${(slide.columns ?? []).map(() => "---|").join("")}`,
          );
          for (const row of slide.rows ?? []) {
            parts.push(
              `| **${cite(row.label)}** | ${row.cells.map((c) => `${RATING[c.rating] ?? c.rating}: ${cite(c.text ?? "")}`).join(" | ")} |`,
            );
            for (const cell of row.cells) notes.push(evidence(cell));
          }
          break;
        case "quote":
          parts.push(`> ${cite(slide.quote)}`, slide.cite ? cite(`[@${slide.cite}]`) : "");
          break;
        case "sources":
          parts.push(
            `## ${title || "Sources"}`,
            ...Object.entries(brief.sources ?? {}).map(
              ([key, s], i) =>
                `${i + 1}. ${s.title ?? `as cited in ${s.via}`} — ${s.publisher ?? ""} (${key})`,
            ),
          );
          break;
        case "changes":
          parts.push(
            `## ${title || "What changed"}`,
            ...(brief.changes ?? []).map((c) => `- **v${c.version}** (${c.date}): ${cite(c.summary)}`),
          );
          break;
        default:
          parts.push(`## ${title}`, cite(slide.body ?? ""));
      }
      if (slide.notes) notes.unshift(cite(slide.notes));
      const said = notes.filter(Boolean).join("\n\n");
      return `${parts.filter(Boolean).join("\n\n")}${said ? `\n\n<!--\n${said.replaceAll("-->", "—>")}\n-->` : ""}`;
    });
  const marking = brief.marking ?? "";
  const front = `---\nmarp: true\ntitle: ${JSON.stringify(String(brief.title))}\npaginate: true\nheader: ${JSON.stringify(marking)}\nfooter: ${JSON.stringify(marking)}\n---\n\n`;
  writeFileSync(out, `${front}${slides.join("\n\n---\n\n")}\n`);
}
