import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars/runtime";
import type { Layout } from "../brief/brief-schema.ts";
import { LAYOUTS } from "../brief/brief-schema.ts";
import { TemplateError } from "../errors.ts";
import { escapeEnd } from "../escape-html.ts";
import type { MessageKey } from "../messages/catalogue.ts";
import { type Locale, localeFor } from "../messages/locale.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { isWithin } from "../path-within.ts";
import { decodeText, readInput } from "../read-input.ts";
import { fontFaceRule } from "./brand-fonts.ts";
import type { BrandFont, BrandTheme } from "./brand-theme.ts";
import { handlebarsCompiler } from "./handlebars-compiler.ts";
import { COMPILE_OPTIONS, findPrecompiled } from "./template-cache.ts";
import { locateTemplateError } from "./template-failure.ts";

/** The folder of built-in templates shipped with briefdeck. */
export const BUILTIN_TEMPLATES = join(PACKAGE_ROOT, "templates/");

type Template = Handlebars.TemplateDelegate;

/** Compiled templates: the deck shell, one template per layout, the partials and the theme CSS. */
export interface Templates {
  deck: Template;
  index: Template;
  handout: Template;
  /**
   * The slides PDF's document without reveal.js (render/print-deck.ts); undefined when an overrides folder
   * has its own deck.hbs, whose PDF is printed from reveal.js's print view of that deck.
   */
  printDeck: Template | undefined;
  handoutCss: string;
  layouts: Record<Layout, Template>;
  partial(name: string, context: object): string;
  theme: string;
  /** The brand's name and logos, for the templates (undefined without a brand). */
  brand: Pick<BrandTheme, "name" | "titleLogo" | "smallLogo" | "baseFamily"> | undefined;
  /** The brand's CSS alone (variables and its fonts whole), for the index page. */
  brandCss: string;
  /** The brand's local fonts: each deck carries them subset to its text. */
  brandFonts: readonly BrandFont[];
  /** The non-ASCII characters the templates write themselves (a middle dot, a dash): kept in every subset. */
  glyphs: string;
  /** Every file the templates were read from, for watching. */
  files: string[];
  /** A hash of every template's text: part of each brief's cache key. */
  fingerprint: string;
}

const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** Where the templates come from: an overrides folder, whether its CSS replaces the theme, a brand. */
export interface TemplateSource {
  folder: string | undefined;
  /** The folder's theme.css and handout.css replace the built-in ones instead of being added after them. */
  replaceTheme?: boolean;
  brand?: BrandTheme | undefined;
}

/**
 * Loads and compiles the templates. Files in the overrides folder replace the built-in file of the same
 * relative path; everything else falls back to the built-ins. CSS adds to the theme: the built-in
 * theme.css, then the brand's variables and fonts, then the folder's theme.css (unless `replaceTheme`).
 * Compiled in strict mode, so a template that names a missing field fails instead of printing nothing.
 */
export function loadTemplates(source?: string | TemplateSource): Templates {
  const {
    folder: overrides,
    replaceTheme = false,
    brand,
  } = typeof source === "object" ? source : { folder: source, replaceTheme: false, brand: undefined };
  const reader = createReader(overrides);
  refuseRetiredTemplates(overrides);
  const partialFiles = partialNames(overrides).map((name) => [name, `partials/${name}.hbs`] as const);
  const printsDeck = locate("deck.hbs", overrides) === join(BUILTIN_TEMPLATES, "deck.hbs");
  const names = [
    ...partialFiles.map(([, relative]) => relative),
    ...LAYOUTS.map((l) => `layouts/${l}.hbs`),
    "deck.hbs",
    "index.hbs",
    "handout.hbs",
    ...(printsDeck ? ["print-deck.hbs"] : []),
  ];
  // Every template is read first: Handlebars' compiler is set up only when one has no precompiled form.
  const sources = new Map(
    names.map((relative) => {
      const path = locate(relative, overrides);
      const text = reader.read(relative, path);
      return [relative, { path, text, spec: findPrecompiled(relative, text) }] as const;
    }),
  );
  const hbs = createEnvironment([...sources.values()].every(({ spec }) => spec !== undefined));
  const compile = (relative: string) => compileTemplate(hbs, sources.get(relative) ?? notRead(relative));
  // The built-in stylesheet, the brand, then an override's own (added, or in place of the built-in one).
  const readCss = (relative: string): string => {
    const builtin = join(BUILTIN_TEMPLATES, relative);
    const own = locate(relative, overrides);
    const parts = own === builtin || !replaceTheme ? [reader.read(relative, builtin)] : [];
    parts.push(brand?.css ?? "");
    if (own !== builtin) parts.push(reader.read(`${relative}+`, own));
    return parts.join("\n");
  };
  for (const [name, relative] of partialFiles) hbs.registerPartial(name, compile(relative));
  const layouts = Object.fromEntries(LAYOUTS.map((l) => [l, compile(`layouts/${l}.hbs`)])) as Record<
    Layout,
    Template
  >;
  const partials = hbs.partials as Record<string, Template>;
  return {
    deck: compile("deck.hbs"),
    index: compile("index.hbs"),
    handout: compile("handout.hbs"),
    printDeck: printsDeck ? compile("print-deck.hbs") : undefined,
    handoutCss: readCss("handout.css"),
    layouts,
    partial(name, context) {
      const template = partials[name];
      if (template === undefined) throw new Error(`no partial named "${name}"`);
      return template(context).trim();
    },
    theme: readCss("theme.css"),
    brand,
    brandCss:
      brand === undefined
        ? ""
        : escapeEnd(
            [brand.css, ...brand.fonts.map((f) => fontFaceRule(f, f.bytes, f.mime))].join("\n"),
            "style",
          ),
    brandFonts: brand?.fonts ?? [],
    glyphs: [...reader.glyphs].sort().join(""),
    files: [...reader.files, ...(brand?.files ?? [])],
    fingerprint: reader.hash.update(brand?.fingerprint ?? "").digest("hex"),
  };
}

// Reads template files, recording each path (for watching), the non-ASCII characters they write and a
// hash of every text in the order read (part of each brief's cache key).
function createReader(overrides: string | undefined) {
  const files: string[] = [];
  const glyphs = new Set<string>();
  const hash = createHash("sha256");
  const read = (relative: string, path: string): string => {
    files.push(path);
    refuseLinkOutside(path, overrides);
    // A template is read like a brief: a FIFO or a device in an overrides folder must not hang the build.
    const input = readInput(path, MAX_TEMPLATE_BYTES);
    if ("error" in input) throw new TemplateError(`the template ${path} cannot be read: ${input.error}`);
    const decoded = decodeText(input.bytes);
    if (!("text" in decoded)) {
      const { line, column, byte } = decoded.notUtf8;
      throw new TemplateError(
        `the template ${path}:${line}:${column} is not UTF-8 text (byte ${byte} there is from another encoding): save it as UTF-8`,
      );
    }
    const { text } = decoded;
    for (const char of text.match(/[^\0-\x7f]/gu) ?? []) glyphs.add(char);
    hash.update(relative).update("\0").update(text).update("\0");
    return text;
  };
  return { read, files, glyphs, hash };
}

// A Handlebars environment with briefdeck's helpers: its runtime alone when every template is
// precompiled, or the whole of it, compiler included.
function createEnvironment(precompiled: boolean): typeof Handlebars {
  const hbs = (precompiled ? Handlebars : handlebarsCompiler()).create();
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  // `{{t "key" name=value}}`: briefdeck's words in the language of the page (@root.locale; English without).
  hbs.registerHelper("t", (key: MessageKey, options: Handlebars.HelperOptions) => {
    const root = options.data?.root as { locale?: Locale } | undefined;
    return (root?.locale ?? localeFor("en")).t(key, options.hash);
  });
  return hbs;
}

interface TemplateSourceText {
  path: string;
  text: string;
  spec: object | undefined;
}

// One template, from its precompiled form or its text, whose errors are positioned in its own file.
function compileTemplate(hbs: typeof Handlebars, { path, text, spec }: TemplateSourceText): Template {
  const template =
    spec !== undefined
      ? hbs.template(spec as Parameters<typeof hbs.template>[0])
      : hbs.compile(text, COMPILE_OPTIONS);
  // Handlebars compiles on first use: a syntax error, like a missing partial or field, is thrown when
  // the template runs. Positioned here, in the template that failed, not in the brief being rendered.
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      throw locateTemplateError(error, path, text);
    }
  };
}

function notRead(relative: string): never {
  throw new Error(`the template ${relative} was not read`);
}

// An override that is a symbolic link to a file outside its folder (a key elsewhere on the disk) would be
// copied into the deck and published with it: refused, as a brand's files outside the brand's folder are.
function refuseLinkOutside(path: string, overrides: string | undefined): void {
  if (overrides === undefined || path.startsWith(BUILTIN_TEMPLATES)) return;
  let real: string;
  let folder: string;
  try {
    real = realpathSync(path);
    folder = realpathSync(overrides);
  } catch {
    return; // gone since it was found: readInput says so
  }
  if (!isWithin(real, folder))
    throw new TemplateError(
      `the template ${path} links to ${real}, outside the templates folder ${overrides}: copy the file into the folder`,
    );
}

// Templates briefdeck no longer reads: the handout's header and footer are its page's margin boxes now.
const RETIRED = ["handout-header.hbs", "handout-footer.hbs"];

/**
 * Refuses an overrides folder that still holds a retired template: it would be left out without a word,
 * and with it whatever marking it printed on every handout page.
 */
function refuseRetiredTemplates(overrides: string | undefined): void {
  if (overrides === undefined) return;
  const found = RETIRED.map((name) => join(overrides, name)).find((path) => existsSync(path));
  if (found !== undefined)
    throw new TemplateError(
      `the template ${found} is no longer used: the handout's running header and footer are its page's margin boxes now, filled with the marking, title and page numbers by briefdeck and styled in handout.css (@page { @top-center { … } }); see README, Templates. Fix: remove the file, and move any styling into the folder's handout.css`,
    );
}

function locate(relative: string, overrides: string | undefined): string {
  if (overrides !== undefined) {
    const candidate = join(overrides, relative);
    if (existsSync(candidate)) return candidate;
    // A link to nowhere is an override the user meant: not silently the built-in template instead.
    if (lstatSync(candidate, { throwIfNoEntry: false })?.isSymbolicLink())
      throw new TemplateError(
        `the template ${candidate} is a link to ${readlinkSync(candidate)}, which does not exist: fix the link or remove it`,
      );
  }
  return join(BUILTIN_TEMPLATES, relative);
}

// Partials are the built-in ones plus any extra ones an override folder adds.
function partialNames(overrides: string | undefined): string[] {
  const names = new Set<string>();
  for (const dir of [BUILTIN_TEMPLATES, overrides]) {
    if (dir === undefined) continue;
    try {
      for (const file of readdirSync(join(dir, "partials"))) {
        // Dotfiles are editors' lock and swap files (Emacs's .#name.hbs is a dangling link), not partials.
        if (file.endsWith(".hbs") && !file.startsWith(".")) names.add(file.slice(0, -4));
      }
    } catch {
      // An override folder need not have partials.
    }
  }
  return [...names].sort();
}
