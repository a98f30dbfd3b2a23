import { join, relative } from "node:path";
import { type Diagnostic, diagnose } from "../diagnostics.ts";

// The classes without which a slide has no layout: its frame, and the title slide's and headings' styles.
const ESSENTIAL = ["bd-slide", "bd-content", "bd-heading", "bd-title"];

/**
 * check --templates: a templates folder whose theme (replaced, or a deck.hbs that drops the styles) leaves
 * the slides' classes unstyled, so the decks would come out as bare HTML, is an error at its theme.css.
 */
export function checkThemeCoverage(deck: string | undefined, folder: string, cwd: string): Diagnostic[] {
  if (deck === undefined) return [];
  const styles = [...deck.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "").join("\n");
  const used = ESSENTIAL.filter((name) => deck.includes(`class="${name}`) || deck.includes(` ${name}"`));
  const missing = used.filter((name) => !new RegExp(`\\.${name}(?![\\w-])`).test(styles));
  if (missing.length === 0) return [];
  const theme = join(folder, "theme.css");
  const at = { file: relative(cwd, theme) || theme, line: 1, column: 1 };
  const message = `the decks lose their layout: no style for ${missing.map((m) => `.${m}`).join(", ")}`;
  const hint =
    "add to the built-in theme instead (drop replace-theme), or style these classes in your theme.css";
  return [diagnose("theme-unstyled", message, at, hint)];
}
