import { escapeHtml } from "../escape-html.ts";

/**
 * A URL as HTML that wraps where a reader expects a URL to wrap: after a slash and before a dot, a query,
 * a fragment or a hyphen, never after a hyphen (which would read as a word hyphenated by the line break
 * and be copied without it). Each hyphen is kept together with the character after it (`bd-nobreak`,
 * `white-space: nowrap` in the theme) and may be preceded by a break (`<wbr>`, which adds no text, so the
 * URL copies and extracts whole).
 */
export function breakUrl(url: string): string {
  let out = "";
  for (let i = 0; i < url.length; ) {
    const char = url[i] as string;
    if (char === "-") {
      const run = /^-+[^-]?/u.exec(url.slice(i))?.[0] ?? char;
      out += `<wbr><span class="bd-nobreak">${escapeHtml(run)}</span>`;
      i += run.length;
      continue;
    }
    if (".?#&".includes(char)) out += `<wbr>${escapeHtml(char)}`;
    else if (char === "/" && url[i + 1] !== "/") out += "/<wbr>";
    else out += escapeHtml(char);
    i++;
  }
  return out;
}
