import { z } from "zod";
import { briefSchemas } from "../brief/brief-schema.ts";

/** What `build` can write for each brief. */
export const FORMATS = ["html", "pdf", "handout", "pptx"] as const;

/** What `build` writes when briefdeck.yaml names no formats. */
export const DEFAULT_FORMATS = ["html", "pdf", "handout"] as const;

let schema: ReturnType<typeof defineSettings> | undefined;

// The header fields every brief may take from the project: the same zod fields as the brief's own.
function defineSettings() {
  const header = briefSchemas().headerSchema.shape;
  const defaults = z
    .strictObject({
      organisation: header.organisation,
      author: header.author,
      marking: header.marking,
      status: header.status,
      keywords: header.keywords,
      lang: header.lang,
      glossary: header.glossary,
      sources: header.sources,
      "allow-caps": header["allow-caps"],
    })
    .describe("Header fields for every brief that does not set them; glossary and sources are shared.");
  return z
    .strictObject({
      briefs: z
        .string()
        .min(1)
        .optional()
        .describe("The briefs: a folder, or a pattern such as briefs/*.yaml."),
      out: z.string().min(1).optional().describe("The output folder (default: dist)."),
      formats: z
        .array(z.enum(FORMATS))
        .min(1)
        .optional()
        .describe(
          "What build writes: html, pdf and handout (printed together), and pptx (an editable PowerPoint).",
        ),
      templates: z.string().min(1).optional().describe("A folder of template overrides."),
      "replace-theme": z
        .boolean()
        .optional()
        .describe("The templates folder's theme.css replaces the built-in theme instead of adding to it."),
      brand: z
        .string()
        .min(1)
        .optional()
        .describe("The brand file, in brand.yml format (default: _brand.yml)."),
      defaults: defaults.optional(),
    })
    .describe("briefdeck project settings (briefdeck.yaml).");
}

/** The zod schema of briefdeck.yaml, made on first use. */
export function settingsSchema() {
  schema ??= defineSettings();
  return schema;
}

export type SettingsInput = z.infer<ReturnType<typeof defineSettings>>;
export type ProjectDefaults = NonNullable<SettingsInput["defaults"]>;

/** The JSON Schema for briefdeck.yaml, as published in schema/settings.schema.json. */
export function createSettingsJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(settingsSchema(), { target: "draft-2020-12", unrepresentable: "any" });
  return { ...json, $id: "https://briefdeck.dev/schema/settings.schema.json", title: "briefdeck settings" };
}
