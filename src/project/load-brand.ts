import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { formatHex, interpolate, parse } from "culori";
import type { Locator } from "../brief/yaml-position.ts";
import { findNode, startOf } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { isWithin } from "../path-within.ts";
import { readInput } from "../read-input.ts";
import { subsetterVersion } from "../render/brand-fonts.ts";
import type { BrandFont, BrandTheme, LogoView } from "../render/brand-theme.ts";
import { checkBrandContrast, THEME_COLOURS } from "./brand-contrast.ts";
import { BRAND_COLOURS, type BrandColour, type BrandInput, brandSchema } from "./brand-schema.ts";
import { findUnusedFields } from "./brand-unused.ts";
import { readYamlFile } from "./read-yaml-file.ts";

const MAX_ASSET_BYTES = 4 * 1024 * 1024;
const MIME: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
};
const FALLBACK_FONTS = '"Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif';

/** A file the brand names, read. */
type BrandFile = Pick<BrandFont, "bytes" | "mime" | "at" | "path">;

/** The brand file read: what it adds to the theme (none when it has errors) and its problems. */
export interface LoadedBrand {
  theme: BrandTheme | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Reads a brand.yml file (`path`, shown as `file`): colours set the theme's variables, checked for WCAG AA
 * in every pair the theme draws; logos are read and inlined, `source: file` fonts read (each deck carries
 * them subset to its text, see src/render/brand-fonts.ts); fields briefdeck
 * does not use are warnings. Paths in it resolve against its folder.
 */
export function loadBrand(path: string, file: string): LoadedBrand {
  const checked = readYamlFile(path, file, brandSchema());
  if (checked.data === undefined || checked.locator === undefined)
    return { theme: undefined, diagnostics: checked.diagnostics };
  const brand = checked.data;
  const locator = checked.locator;
  const root = checked.root;
  const at = (path: readonly (string | number)[]) => {
    const found = findNode(root, path);
    return locator.at(startOf((found.node ?? found.pair?.key) as never));
  };
  const diagnostics: Diagnostic[] = findUnusedFields(brand, root, locator);
  const folder = dirname(path);
  const files = [path];
  const readFile = (given: string, where: readonly (string | number)[]): BrandFile | undefined => {
    const full = resolve(folder, given);
    // A logo or font is inlined into decks that travel: it must be the brand's own, inside its folder
    // (a symbolic link included), never a file elsewhere on this machine.
    if (!isInside(folder, full)) {
      diagnostics.push(diagnose("brand-file-outside", `${given} is outside the brand's folder`, at(where)));
      return undefined;
    }
    const input = readInput(full, MAX_ASSET_BYTES);
    if ("error" in input) {
      diagnostics.push(diagnose("brand-file-missing", `${given} cannot be read: ${input.error}`, at(where)));
      return undefined;
    }
    files.push(full);
    const mime = MIME[extname(full).toLowerCase()] ?? "application/octet-stream";
    return { bytes: input.bytes, mime, at: at(where), path: full };
  };
  const read = (relative: string, where: readonly (string | number)[]): string | undefined => {
    const file = readFile(relative, where);
    return file && `data:${file.mime};base64,${file.bytes.toString("base64")}`;
  };
  const name =
    typeof brand.meta?.name === "string"
      ? brand.meta.name
      : (brand.meta?.name?.full ?? brand.meta?.name?.short);
  const colours = resolveColours(brand, at, diagnostics);
  const vars = new Map<string, string>();
  for (const [field, colour] of colours) vars.set(BRAND_COLOURS[field], colour);
  const fonts: BrandFont[] = [];
  readTypography(brand, colours, vars, at, diagnostics, readFile, fonts);
  checkColours(vars, colours, brand, at, diagnostics);
  const logo = (size: "small" | "medium" | "large"): LogoView | undefined => {
    const value = brand.logo?.[size];
    if (value === undefined) return undefined;
    const named = typeof value === "string" ? brand.logo?.images?.[value] : undefined;
    const image = named ?? value;
    const where =
      named !== undefined && typeof value === "string" ? ["logo", "images", value] : ["logo", size];
    const path = typeof image === "string" ? image : image.path;
    const src = read(path, where);
    const alt =
      (typeof image === "string" ? undefined : image.alt) ?? (name === undefined ? "Logo" : `${name} logo`);
    return src === undefined ? undefined : { src, alt };
  };
  const titleLogo = logo("large") ?? logo("medium");
  const smallLogo = logo("small");
  const css = `:root {\n${[...vars].map(([key, value]) => `  ${key}: ${value};`).join("\n")}\n}`;
  if (diagnostics.some((d) => d.severity === "error")) return { theme: undefined, diagnostics };
  const fingerprint = createHash("sha256")
    .update(css)
    .update(JSON.stringify([name, titleLogo, smallLogo]))
    .update(JSON.stringify(fonts.map(({ bytes: _, at: __, path: ___, ...font }) => font)))
    .update(fonts.length > 0 ? subsetterVersion() : "")
    .digest("hex");
  const base = brand.typography?.base;
  const baseFamily = typeof base === "string" ? base : base?.family;
  return {
    theme: { css, fonts, baseFamily, name, titleLogo, smallLogo, files, fingerprint },
    diagnostics,
  };
}

// Whether `path`, its symbolic links followed, is inside `folder` (a missing file is judged as written).
function isInside(folder: string, path: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return isWithin(real(path), real(folder));
}

type At = (path: readonly (string | number)[]) => ReturnType<Locator["at"]>;

// Brand colours as #rrggbb: a palette name, or any CSS colour culori parses.
function resolveColours(brand: BrandInput, at: At, diagnostics: Diagnostic[]): Map<BrandColour, string> {
  const palette = brand.color?.palette ?? {};
  const colours = new Map<BrandColour, string>();
  for (const field of Object.keys(BRAND_COLOURS) as BrandColour[]) {
    const value = brand.color?.[field];
    if (value === undefined) continue;
    const hex = toHex(value, palette);
    if (hex === undefined) {
      const message = `color.${field} "${String(value)}" is not a colour or a palette name`;
      diagnostics.push(diagnose("brand-bad-colour", message, at(["color", field]), paletteHint(palette)));
    } else colours.set(field, hex);
  }
  return colours;
}

function toHex(value: unknown, palette: Record<string, string>): string | undefined {
  if (typeof value !== "string") return undefined;
  const named = palette[value];
  const parsed = parse(named ?? value);
  return parsed === undefined ? undefined : formatHex(parsed);
}

function paletteHint(palette: Record<string, string>): string {
  const names = Object.keys(palette);
  return names.length > 0
    ? `write a CSS colour (#1b4d89) or a palette name: ${names.join(", ")}`
    : "write a CSS colour such as #1b4d89";
}

// The wash and the rules follow a branded background or text colour, so they stay between the two.
function checkColours(
  vars: Map<string, string>,
  colours: ReadonlyMap<BrandColour, string>,
  brand: BrandInput,
  at: At,
  diagnostics: Diagnostic[],
): void {
  const paper = vars.get("--bd-paper") ?? (THEME_COLOURS.get("--bd-paper") as string);
  const ink = vars.get("--bd-ink") ?? (THEME_COLOURS.get("--bd-ink") as string);
  if (colours.has("background") || colours.has("foreground")) {
    vars.set("--bd-wash", formatHex(interpolate([paper, ink])(0.06)));
    vars.set("--bd-rule", formatHex(interpolate([paper, ink])(0.22)));
  }
  const values = new Map([...THEME_COLOURS, ...vars]);
  const fieldOf = new Map<string, string[]>(
    Object.entries(BRAND_COLOURS).map(([field, variable]) => [variable, ["color", field]]),
  );
  fieldOf.set("--bd-heading-ink", ["typography", "headings", "color"]);
  if (
    brand.typography?.base !== undefined &&
    typeof brand.typography.base === "object" &&
    brand.typography.base.color
  )
    fieldOf.set("--bd-ink", ["typography", "base", "color"]);
  for (const failure of checkBrandContrast(values, new Set(vars.keys()))) {
    const branded = vars.has(failure.text) && fieldOf.has(failure.text) ? failure.text : failure.on;
    const where = fieldOf.get(branded) ?? fieldOf.get(failure.on) ?? ["color"];
    const name = (v: string) =>
      v === "#ffffff"
        ? "white text"
        : v === "--bd-wash"
          ? "the wash (mixed from background and foreground)"
          : (fieldOf.get(v)?.slice(1).join(".") ?? v);
    const message =
      `${name(failure.text)}${failure.text === "#ffffff" ? "" : ` ${failure.textColour}`} on ${name(failure.on)} ${failure.onColour} has a contrast of ` +
      `${failure.ratio.toFixed(2)}:1; WCAG AA asks ${failure.required}:1 for ${failure.what}`;
    diagnostics.push(diagnose("brand-contrast", message, at(where)));
  }
}

// The local font files, and the variables that pick the families, weights and colours.
function readTypography(
  brand: BrandInput,
  colours: ReadonlyMap<BrandColour, string>,
  vars: Map<string, string>,
  at: At,
  diagnostics: Diagnostic[],
  read: (path: string, where: readonly (string | number)[]) => BrandFile | undefined,
  fonts: BrandFont[],
): void {
  const typography = brand.typography;
  if (typography === undefined) return;
  for (const [i, font] of (typography.fonts ?? []).entries()) {
    const source = font.source ?? "file";
    if (source === "google" || source === "bunny") {
      const message = `the font "${font.family}" (source: ${source}) is not downloaded; the next font in the list is used`;
      diagnostics.push(diagnose("brand-font-remote", message, at(["typography", "fonts", i, "source"])));
      continue;
    }
    if (source !== "file") continue;
    for (const [j, entry] of (font.files ?? []).entries()) {
      const path = typeof entry === "string" ? entry : entry.path;
      const file = read(path, ["typography", "fonts", i, "files", j]);
      if (file === undefined) continue;
      // The @font-face rules are made per deck, with the font subset to what the deck shows.
      fonts.push({
        family: font.family,
        weight: typeof entry === "string" ? 400 : (entry.weight ?? 400),
        style: typeof entry === "string" ? "normal" : (entry.style ?? "normal"),
        ...file,
        digest: createHash("sha256").update(file.bytes).digest("hex"),
      });
    }
  }
  const styles = { base: "--bd-font", headings: "--bd-heading-font", monospace: "--bd-mono-font" } as const;
  for (const [key, variable] of Object.entries(styles) as [keyof typeof styles, string][]) {
    const style = typography[key];
    if (style === undefined) continue;
    const family = typeof style === "string" ? style : style.family;
    if (family !== undefined) vars.set(variable, `${JSON.stringify(family)}, ${FALLBACK_FONTS}`);
    if (typeof style === "string") continue;
    if (style.weight !== undefined && key === "headings")
      vars.set("--bd-heading-weight", String(style.weight));
    if (style.color !== undefined) {
      const hex = toHex(style.color, { ...brand.color?.palette, ...Object.fromEntries(colours) });
      const where = ["typography", key, "color"];
      if (hex === undefined)
        diagnostics.push(diagnose("brand-bad-colour", `typography.${key}.color is not a colour`, at(where)));
      else
        vars.set(
          key === "headings" ? "--bd-heading-ink" : key === "base" ? "--bd-ink" : "--bd-mono-ink",
          hex,
        );
    }
  }
}
