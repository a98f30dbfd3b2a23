import * as z from "zod";

// The `timeline` and `figures` layouts in zod, made by brief-schema.ts with its shared pieces. What zod
// cannot say (dates in order, a span's end after its start, how many events or numbers fit) is checked
// in validate-data-layouts.ts, with positions and hints.

/** The most events a timeline slide shows, and the most lanes. */
export const MAX_EVENTS = 8;
export const MAX_LANES = 4;
/** How many numbers a figures slide shows. */
export const MIN_FIGURES = 3;
export const MAX_FIGURES = 6;
/** A date as a timeline takes it: a year, a month or a day. */
export const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

interface Shared<Base extends z.ZodRawShape> {
  inline: z.ZodString;
  id: z.ZodString;
  slideBase: Base;
  sourceKey: RegExp;
}

/** The two layouts' slide schemas, keyed by layout name. */
export function defineDataLayouts<Base extends z.ZodRawShape>({
  inline,
  id,
  slideBase,
  sourceKey,
}: Shared<Base>) {
  const key = z.string().regex(sourceKey);
  const cite = z
    .union([key, z.array(key).min(1)])
    .describe("Key of the source (or a list of keys): shown as a numbered citation.");
  // A bare year (2024) is a number to YAML; it is taken as written.
  const date = (what: string) =>
    z.union([z.string(), z.int()]).describe(`${what}: YYYY, YYYY-MM or YYYY-MM-DD.`);

  const event = z.strictObject({
    id: id.optional(),
    date: date("When it happened").optional(),
    from: date("When a span starts (with `to`, instead of `date`)").optional(),
    to: date("When a span ends").optional(),
    label: inline.describe("What happened, in a few words."),
    detail: inline.optional().describe("A line of detail under the label."),
    cite: cite.optional(),
    lane: z
      .string()
      .min(1)
      .optional()
      .describe("The row the event is drawn on (for example an actor); rows follow first use."),
  });

  const figure = z.strictObject({
    id: id.optional(),
    value: z
      .union([z.string().min(1), z.number()])
      .describe('The number as shown: quote it to keep its form ("4.20", "1,200").'),
    unit: z.string().optional().describe('Shown after the value: "%", "bn EUR", "troops".'),
    label: inline.describe("What the number is."),
    cite: cite.optional(),
    compare: inline
      .optional()
      .describe('A comparison shown under the label, as written: "+12% on 2024", "was 3 in 2022".'),
  });

  return {
    timeline: z.strictObject({
      layout: z.literal("timeline"),
      ...slideBase,
      events: z
        .array(event)
        .min(1)
        .describe(
          `Dated events in date order (at most ${MAX_EVENTS}): \`date\`, or \`from\` and \`to\` for a span.`,
        ),
      now: z
        .boolean()
        .optional()
        .describe("Mark the brief's date as 'now' on the axis (default true when the brief has a date)."),
    }),
    figures: z.strictObject({
      layout: z.literal("figures"),
      ...slideBase,
      items: z
        .array(figure)
        .min(1)
        .describe(`The key numbers, ${MIN_FIGURES} to ${MAX_FIGURES}: value, unit, label, cite, compare.`),
    }),
  } as const;
}
