import * as z from "zod";
import { defineDataLayouts } from "./data-layouts-schema.ts";
import { defineHeader } from "./header-schema.ts";

// The brief format, v1. The same definitions validate every brief at run time and generate
// schema/brief.schema.json for editors, so the two cannot drift apart. The schemas are made on first use.

export const LIKELIHOODS = [
  "almost no chance",
  "very unlikely",
  "unlikely",
  "roughly even chance",
  "likely",
  "very likely",
  "almost certain",
] as const;
export const CONFIDENCES = ["low", "moderate", "high"] as const;
export const RATINGS = ["holds", "partial", "fails", "unknown"] as const;
export const SOURCE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SLIDE_ID = /^[a-z0-9][a-z0-9-]*$/;
export const VARIANT_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** A glossary key: an acronym such as UN, OSCE or G7 (capitals and digits, at least two characters). */
export const ACRONYM = /^[A-Z][A-Z0-9&]*[A-Z0-9]$/;

export const LAYOUTS = [
  "title",
  "judgments",
  "bullets",
  "comparison",
  "text",
  "quote",
  "section",
  "sources",
  "changes",
  "timeline",
  "figures",
  "chart",
] as const;
export type Layout = (typeof LAYOUTS)[number];

function define(z: typeof import("zod")) {
  // Parse without generating code: zod otherwise compiles each object schema with new Function on first
  // use, which a cold build pays for and never earns back.
  z.config({ jitless: true });

  const inline = z.string().describe("Inline Markdown. Cite sources with [@key].");
  const block = z.string().describe("Markdown, usually a block scalar (|). Cite sources with [@key].");

  const id = z
    .string()
    .regex(SLIDE_ID)
    .describe("Stable id (lowercase, digits, '-'). Variants name ids to leave out.");

  const slideBase = {
    title: inline.optional(),
    id: id.optional().describe("Stable anchor for the slide (lowercase, digits, '-')."),
    notes: block.optional().describe("Speaker notes: shown in speaker view and the handout."),
    hidden: z.boolean().optional().describe("Keep the slide out of the deck and the PDFs."),
    annex: z
      .boolean()
      .optional()
      .describe(
        "Move the slide into the annex: after the sources, numbered A1, A2…, outside the slide count.",
      ),
  };

  const evidence = z
    .array(
      z.strictObject({
        source: z.string().regex(SOURCE_KEY).describe("Key of the source the words come from."),
        quote: z
          .string()
          .min(1)
          .describe("The source's exact words (checked against its archive, when it has one)."),
        locator: z.string().optional().describe("Where in the source: page, section or paragraph."),
      }),
    )
    .min(1)
    .describe("The source's own words this rests on: shown in the speaker view and the handout.");

  const point = z.union([
    inline,
    z
      .strictObject({
        id: id.optional(),
        text: inline,
        points: z.array(inline).optional(),
        evidence: evidence.optional(),
      })
      .describe("A point with an id, sub-points or evidence."),
  ]);

  const density = z
    .enum(["normal", "compact"])
    .optional()
    .describe("compact starts the slide at tighter spacing, leaving room for more before it overflows.");

  const cell = z.strictObject({
    rating: z.enum(RATINGS).describe("How the option fares: holds, partial, fails or unknown."),
    text: inline.optional(),
    evidence: evidence.optional(),
  });

  const data = defineDataLayouts({ inline, id, slideBase, sourceKey: SOURCE_KEY });

  /** Each layout's slide schema, keyed by layout name. */
  const SLIDE_SCHEMAS = {
    title: z.strictObject({ layout: z.literal("title"), ...slideBase }),
    judgments: z.strictObject({
      layout: z.literal("judgments"),
      ...slideBase,
      density,
      items: z
        .array(
          z.strictObject({
            id: id.optional(),
            text: inline,
            likelihood: z.enum(LIKELIHOODS).optional().describe("ICD 203 estimative term."),
            confidence: z.enum(CONFIDENCES).optional(),
            evidence: evidence.optional(),
          }),
        )
        .min(1),
    }),
    bullets: z.strictObject({
      layout: z.literal("bullets"),
      ...slideBase,
      step: z.boolean().optional().describe("Reveal the points one at a time."),
      density,
      points: z.array(point).min(1),
    }),
    comparison: z.strictObject({
      layout: z.literal("comparison"),
      ...slideBase,
      density,
      continue: z
        .boolean()
        .optional()
        .describe(
          'Split rows that do not fit onto continuation slides titled "… (continued)", each repeating the header row.',
        ),
      columns: z.array(inline).min(1),
      rows: z.array(z.strictObject({ id: id.optional(), label: inline, cells: z.array(cell) })).min(1),
    }),
    text: z.strictObject({ layout: z.literal("text"), ...slideBase, density, body: block }),
    quote: z.strictObject({
      layout: z.literal("quote"),
      ...slideBase,
      quote: inline,
      cite: z.string().regex(SOURCE_KEY).optional().describe("Key of the quoted source."),
      attribution: inline.optional(),
    }),
    section: z.strictObject({ layout: z.literal("section"), ...slideBase, subtitle: inline.optional() }),
    sources: z.strictObject({ layout: z.literal("sources"), ...slideBase }),
    changes: z.strictObject({
      layout: z.literal("changes"),
      ...slideBase,
      since: z
        .string()
        .optional()
        .describe(
          "Show what changed after this version (one listed in `changes`). Defaults to the one before the latest.",
        ),
    }),
    ...data,
    chart: z.strictObject({
      layout: z.literal("chart"),
      ...slideBase,
      spec: z
        .record(z.string(), z.unknown())
        .describe(
          "A Vega-Lite spec (a mapping). Its `data` may be `{ url: file.csv }`: a CSV or JSON file in the project, relative to the brief. Rendered to SVG at build time. Titled by the slide's `title`, else the spec's `title`.",
        ),
      alt: z
        .string()
        .min(1)
        .describe("What the chart shows, in words: read by screen readers and printed in the handout."),
      cite: z.string().regex(SOURCE_KEY).optional().describe("Key of the data's source."),
    }),
  } as const satisfies Record<Layout, unknown>;

  const { headerShape, source, change, variant } = defineHeader({
    inline,
    sourceKey: SOURCE_KEY,
    slideId: SLIDE_ID,
    variantName: VARIANT_NAME,
    acronym: ACRONYM,
  });

  /**
   * The whole brief, for the published JSON Schema only: a build validates the header and each slide on
   * its own (validate-brief.ts), so it is made when the schema is asked for, not at every start.
   */
  const briefSchema = () =>
    z
      .strictObject({
        ...headerShape,
        slides: z
          .array(z.discriminatedUnion("layout", Object.values(SLIDE_SCHEMAS) as [typeof SLIDE_SCHEMAS.title]))
          .min(1),
      })
      .describe("A briefdeck brief (format v1).");

  /** The header schema used at run time; slides are validated one by one against their layout. */
  const headerSchema = z.strictObject({ ...headerShape, slides: z.array(z.unknown()).min(1) });

  return { SLIDE_SCHEMAS, headerSchema, briefSchema, point, source, change, variant, evidence };
}

type Schemas = ReturnType<typeof define>;
let schemas: Schemas | undefined;

/** zod's schemas for briefs: the header, each layout's slide, and the whole brief. Made on first use. */
export function briefSchemas(): Schemas {
  schemas ??= define(z);
  return schemas;
}

export type SlideInput = { [K in Layout]: z.infer<Schemas["SLIDE_SCHEMAS"][K]> }[Layout];
export type SourceInput = z.infer<Schemas["source"]>;
export type ChangeInput = z.infer<Schemas["change"]>;
export type VariantInput = z.infer<Schemas["variant"]>;
export type Likelihood = (typeof LIKELIHOODS)[number];
export type HeaderInput = z.infer<Schemas["headerSchema"]>;
export type Point = z.infer<Schemas["point"]>;
export type Evidence = z.infer<Schemas["evidence"]>[number];
export type Rating = (typeof RATINGS)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** The JSON Schema for briefs, as published in schema/brief.schema.json. */
export function createJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(briefSchemas().briefSchema(), {
    target: "draft-2020-12",
    unrepresentable: "any",
  });
  return { ...schema, $id: "https://briefdeck.dev/schema/brief.schema.json", title: "briefdeck brief" };
}
export type TimelineEvent = Extract<SlideInput, { layout: "timeline" }>["events"][number];
export type FigureItem = Extract<SlideInput, { layout: "figures" }>["items"][number];
