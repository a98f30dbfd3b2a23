import { type Brief, CITATION, markdownFields, type Slide } from "./brief.ts";

/** The sources cited by the visible slides, numbered in order of first citation (notes count last). */
export function numberCitations(brief: Brief, slides: readonly Slide[]): Map<string, number> {
  const numbers = new Map<string, number>();
  const cite = (key: string) => {
    if (brief.sources.has(key) && !numbers.has(key)) numbers.set(key, numbers.size + 1);
  };
  for (const slide of slides) {
    // A quote's source is shown under the quote, before anything in the notes.
    const quoted = slide.layout === "quote" ? slide.cite : undefined;
    for (const field of markdownFields(slide)) {
      if (field.path[0] === "notes" && quoted !== undefined) cite(quoted);
      for (const match of field.text.matchAll(CITATION)) cite(match[1] ?? "");
    }
    if (quoted !== undefined) cite(quoted);
  }
  return numbers;
}
