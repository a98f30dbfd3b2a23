import { Marked } from "marked";

/** The images referenced by Markdown text, in order: path and alt text. */
export function findImages(text: string): Array<{ src: string; alt: string }> {
  if (!text.includes("![")) return [];
  const found: Array<{ src: string; alt: string }> = [];
  const marked = new Marked();
  marked.walkTokens(marked.lexer(text), (token) => {
    if (token.type === "image") found.push({ src: token.href, alt: token.text });
  });
  return found;
}
