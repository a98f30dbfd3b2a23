import { z } from "zod";

// brand.yml (https://posit-dev.github.io/brand-yml/), loosely: fields briefdeck does not use are kept so
// they can be named in a warning, not refused.
const image = z.union([
  z.string().min(1),
  z.looseObject({ path: z.string().min(1), alt: z.string().optional() }),
]);
const textStyle = z.union([
  z.string().min(1),
  z.looseObject({
    family: z.string().min(1).optional(),
    weight: z.union([z.int(), z.string()]).optional(),
    color: z.string().optional(),
  }),
]);
const fontFile = z.union([
  z.string().min(1),
  z.looseObject({
    path: z.string().min(1),
    weight: z.union([z.int(), z.string()]).optional(),
    style: z.enum(["normal", "italic"]).optional(),
  }),
]);

let schema: ReturnType<typeof defineBrand> | undefined;

function defineBrand() {
  return z.looseObject({
    meta: z
      .looseObject({
        name: z
          .union([z.string(), z.looseObject({ full: z.string().optional(), short: z.string().optional() })])
          .optional(),
      })
      .optional(),
    logo: z
      .looseObject({
        images: z.record(z.string(), image).optional(),
        small: image.optional(),
        medium: image.optional(),
        large: image.optional(),
      })
      .optional(),
    color: z
      .looseObject({ palette: z.record(z.string(), z.string()).optional() })
      .catchall(z.unknown())
      .optional(),
    typography: z
      .looseObject({
        fonts: z
          .array(
            z.looseObject({
              family: z.string().min(1),
              source: z.enum(["file", "google", "bunny", "system"]).optional(),
              files: z.array(fontFile).optional(),
            }),
          )
          .optional(),
        base: textStyle.optional(),
        headings: textStyle.optional(),
        monospace: textStyle.optional(),
      })
      .optional(),
  });
}

/** The zod schema of _brand.yml, made on first use. */
export function brandSchema() {
  schema ??= defineBrand();
  return schema;
}

export type BrandInput = z.infer<ReturnType<typeof defineBrand>>;

/** The brand colours briefdeck draws with, and the theme variable each sets. */
export const BRAND_COLOURS = {
  foreground: "--bd-ink",
  background: "--bd-paper",
  primary: "--bd-accent",
  secondary: "--bd-muted",
  success: "--bd-holds",
  warning: "--bd-partial",
  danger: "--bd-fails",
  info: "--bd-unknown",
} as const;
export type BrandColour = keyof typeof BRAND_COLOURS;

/** Every field briefdeck reads, for the "not used" warnings ("*" is any key; "[]" any item). */
export const USED_FIELDS = [
  "meta.name",
  "meta.name.full",
  "meta.name.short",
  "logo.images.*",
  "logo.images.*.path",
  "logo.images.*.alt",
  ...["small", "medium", "large"].flatMap((size) => [
    `logo.${size}`,
    `logo.${size}.path`,
    `logo.${size}.alt`,
  ]),
  "color.palette.*",
  ...Object.keys(BRAND_COLOURS).map((name) => `color.${name}`),
  "typography.fonts.[].family",
  "typography.fonts.[].source",
  "typography.fonts.[].files.[]",
  "typography.fonts.[].files.[].path",
  "typography.fonts.[].files.[].weight",
  "typography.fonts.[].files.[].style",
  ...["base", "headings", "monospace"].flatMap((s) => [
    `typography.${s}`,
    `typography.${s}.family`,
    `typography.${s}.weight`,
    `typography.${s}.color`,
  ]),
];
