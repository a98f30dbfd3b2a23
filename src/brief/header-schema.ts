import * as z from "zod";
import { canonicalLang } from "../messages/locale.ts";

// The brief's header in zod (every top-level field except the slides), made by brief-schema.ts with its
// shared pieces: the sources, the version history and the audience variants.

interface Shared {
  inline: z.ZodString;
  sourceKey: RegExp;
  slideId: RegExp;
  variantName: RegExp;
  acronym: RegExp;
}

/** The header's fields, and the schemas of a source, a version-history entry and a variant. */
export function defineHeader({ inline, sourceKey, slideId, variantName, acronym }: Shared) {
  const source = z.strictObject({
    title: inline
      .optional()
      .describe("The work's title. Required unless the work is known only `via` another source."),
    author: z.string().optional(),
    publisher: z.string().optional(),
    date: z.string().optional().describe("Free-form date (older briefs); prefer `published`."),
    published: z.iso.date().optional().describe("When it was published: ISO date, YYYY-MM-DD."),
    accessed: z.iso.date().optional().describe("When it was read: ISO date, YYYY-MM-DD."),
    archive: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A local copy of what was read (text, Markdown or HTML), relative to the brief's folder (else the project): evidence quotes are checked against it.",
      ),
    via: z
      .string()
      .regex(sourceKey)
      .optional()
      .describe('Key of the source this work is known through: listed as "as cited in [n]".'),
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/i, "must be an http(s) URL")
      .optional(),
    reliability: z
      .enum(["A", "B", "C", "D", "E", "F"])
      .optional()
      .describe("Admiralty code: source reliability."),
    credibility: z.int().min(1).max(6).optional().describe("Admiralty code: information credibility."),
  });

  const isoDate = z.iso.date().describe("ISO date, YYYY-MM-DD. Also fixes the PDF's dates.");

  const change = z.strictObject({
    version: z.string().describe('The version this entry describes. Quote it: "1.10" is not 1.1.'),
    date: z.iso.date().describe("ISO date, YYYY-MM-DD."),
    summary: inline.describe("What changed in this version."),
  });

  const variant = z
    .strictObject({
      marking: z.string().describe("The variant's handling banner, replacing the brief's marking."),
      omit: z
        .array(z.string().regex(slideId))
        .optional()
        .describe("Ids of slides, judgments, points and rows to leave out of this variant's outputs."),
    })
    .describe("A version of the brief for another audience: build it with --variant NAME.");

  /** The brief's header: every top-level field except the slides. */
  const headerShape = {
    format: z.literal(1).optional().describe("Version of the brief format. Defaults to 1."),
    title: inline,
    subtitle: inline.optional(),
    author: z.string().optional(),
    organisation: z.string().optional(),
    date: isoDate.optional(),
    version: z.string().optional().describe('Document version. Quote it: "1.10" is not 1.1.'),
    status: z.enum(["draft", "final"]).optional().describe("draft stamps DRAFT on every slide and page."),
    marking: z.string().optional().describe("Handling banner shown top and bottom of every slide and page."),
    keywords: z.array(z.string()).optional().describe("Keywords for the PDFs' metadata."),
    lang: z
      .string()
      .refine((tag) => canonicalLang(tag) !== undefined, { message: "not a BCP 47 language tag" })
      .optional()
      .describe("The brief's language, a BCP 47 tag (en, en-GB, fr, de, nl, pl, uk, ar…). Defaults to en."),
    sources: z.record(z.string().regex(sourceKey), source).optional(),
    glossary: z
      .record(z.string().regex(acronym), z.string().min(1))
      .optional()
      .describe("Acronyms and what they stand for: expanded at first use, listed at the end of the handout."),
    "allow-caps": z
      .array(z.string())
      .optional()
      .describe("All-capital words that are not acronyms (so need no glossary entry)."),
    changes: z.array(change).min(1).optional().describe("Version history, one entry per version."),
    variants: z
      .record(z.string().regex(variantName), variant)
      .optional()
      .describe("Versions of the brief for other audiences, each with its own marking and omissions."),
  };

  return { headerShape, source, change, variant };
}
