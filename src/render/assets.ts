import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import type { Brief } from "../brief/brief.ts";
import { markdownFields } from "../brief/brief.ts";
import { findImages } from "../brief/markdown-images.ts";
import { findNode, offsetWithin } from "../brief/yaml-position.ts";
import { type Diagnostic, diagnose } from "../diagnostics.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { isWithin } from "../path-within.ts";
import { readInput } from "../read-input.ts";
import { fallbackFiles, findFallbackFonts, loadFallbackFonts, parseUnicodeRange } from "./fallback-fonts.ts";

const require = createRequire(import.meta.url);

/** The parts of reveal.js and the fonts that every deck inlines. Read once per process. */
export interface RuntimeAssets {
  revealCss: string;
  revealScript: string;
  notesScript: string;
  /**
   * The @font-face rules for the font subsets that `text` needs (Latin always), fonts inlined, and for
   * the bundled fallback fonts of scripts the built-in font lacks (Arabic, Hebrew) when `text` uses them.
   */
  fontCss(text: string): string;
  /** The bundled fallback families `text` needs, for the font stack ("Noto Sans Arabic"); none for most. */
  fallbackFamilies(text: string): string[];
  /** The files read, for cache keys. */
  files: string[];
}

let runtime: RuntimeAssets | undefined;

/** One weight and style of the built-in font. */
interface FontFace {
  weight: number;
  style: "normal" | "italic";
}

// Latin (with extensions) and Cyrillic, in the weights the theme uses.
const FONT_SUBSETS = ["latin", "latin-ext", "cyrillic", "cyrillic-ext"];
const FONT_FACES: FontFace[] = [
  { weight: 400, style: "normal" },
  { weight: 400, style: "italic" },
  { weight: 600, style: "normal" },
  { weight: 700, style: "normal" },
];

/**
 * Where an installed package's entry file is. Looked for first in the node_modules beside src/ and lib/
 * (the usual install), which costs a stat instead of a cold start of Node's resolver (about 5 ms); a
 * package installed elsewhere is found by the resolver as usual.
 */
function packageDir(name: string, entry: string): string {
  const beside = join(PACKAGE_ROOT, "node_modules", name, entry);
  // The real path, as the resolver gives it, so a linked install keeps its cache keys.
  return dirname(existsSync(beside) ? realpathSync(beside) : require.resolve(name));
}

let files: ReturnType<typeof findRuntimeFiles> | undefined;
function runtimeFiles() {
  files ??= findRuntimeFiles();
  return files;
}

function findRuntimeFiles() {
  const dist = packageDir("reveal.js", "dist/reveal.js");
  const fonts = packageDir("@fontsource/source-sans-3", "index.css");
  const faces = FONT_SUBSETS.flatMap((subset) =>
    FONT_FACES.map((face) => ({
      ...face,
      subset,
      file: join(fonts, "files", `source-sans-3-${subset}-${face.weight}-${face.style}.woff2`),
    })),
  );
  const fallbacks = findFallbackFonts(packageDir);
  return {
    dist,
    fonts,
    faces,
    fallbacks,
    scripts: [join(dist, "reveal.css"), join(dist, "reveal.js"), join(dist, "plugin", "notes.js")],
  };
}

/** Every font file a deck may inline: the built-in font's subsets and the fallbacks'. */
function fontFiles({ faces, fallbacks }: ReturnType<typeof findRuntimeFiles>): string[] {
  return [...faces.map((f) => f.file), ...fallbackFiles(fallbacks)];
}

/** Identifies the installed reveal.js and fonts without reading them: part of each brief's cache key. */
export function runtimeFingerprint(): string {
  const found = runtimeFiles();
  return [...found.scripts, ...fontFiles(found)]
    .map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join("\n");
}

/** reveal.js, its notes plugin and the fonts, ready to inline. */
export function loadRuntimeAssets(): RuntimeAssets {
  if (runtime !== undefined) return runtime;
  const found = runtimeFiles();
  const { fonts, faces, scripts, fallbacks } = found;
  const [revealCss = "", revealScript = "", notesScript = ""] = scripts.map((f) => readFileSync(f, "utf8"));
  const unicode = JSON.parse(readFileSync(join(fonts, "unicode.json"), "utf8")) as Record<string, string>;
  const rules = new Map<string, string>();
  const rule = ({ subset, weight, style, file }: (typeof faces)[number]) => {
    let css = rules.get(file);
    if (css === undefined) {
      const data = readFileSync(file).toString("base64");
      css =
        `@font-face{font-family:"Source Sans 3";font-style:${style};font-weight:${weight};font-display:block;` +
        `src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${unicode[subset] ?? "U+0-10FFFF"}}`;
      rules.set(file, css);
    }
    return css;
  };
  const ranges = new Map(FONT_SUBSETS.map((subset) => [subset, parseUnicodeRange(unicode[subset] ?? "")]));
  const covered = (code: number) =>
    [...ranges.values()].some((spans) => spans.some(([low, high]) => code >= low && code <= high));
  const fallback = loadFallbackFonts(fallbacks, covered);
  runtime = {
    revealCss: withoutPaperPrint(revealCss),
    revealScript,
    notesScript,
    // A deck carries only the subsets its text uses: a Latin brief does without 300 kB of Cyrillic.
    fontCss(text) {
      const used = new Set(["latin"]);
      // Only characters beyond ASCII can call for another subset; a long deck is mostly ASCII.
      for (const char of new Set(text.match(/[^\0-\x7f]/gu))) {
        const code = char.codePointAt(0) ?? 0;
        for (const [subset, spans] of ranges) {
          if (spans.some(([low, high]) => code >= low && code <= high)) used.add(subset);
        }
      }
      const wanted = (face: (typeof faces)[number]) => used.has(face.subset);
      return [...faces.filter(wanted).map(rule), ...fallback.css(text)].join("\n");
    },
    fallbackFamilies: fallback.families,
    files: [...scripts, ...fontFiles(found)],
  };
  return runtime;
}

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** A brief's images, read from disk and encoded as data: URIs, keyed by the path written in the brief. */
export interface LoadedImages {
  images: Map<string, string>;
  files: string[];
  diagnostics: Diagnostic[];
}

/**
 * Reads every image a brief references. Paths were checked lexically by validation; this also follows
 * symbolic links, so a link that points out of the project is refused too.
 */
export function loadImages(brief: Brief, projectRoot: string): LoadedImages {
  const images = new Map<string, string>();
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const root = realpathSync(projectRoot);
  for (const slide of brief.slides) {
    for (const field of markdownFields(slide)) {
      for (const { src } of findImages(field.text)) {
        if (images.has(src)) continue;
        const node = findNode(slide.node, field.path).node;
        const at = brief.locator.at(offsetWithin(brief.locator.source, node, src));
        const path = resolve(dirname(resolve(projectRoot, brief.file)), safeDecode(src));
        const type = IMAGE_TYPES[extname(path).toLowerCase()];
        if (type === undefined) {
          diagnostics.push(
            diagnose("image-unsupported", `image "${src}" is not a PNG, JPEG, GIF, WebP or SVG file`, at),
          );
          continue;
        }
        let real: string;
        try {
          real = realpathSync(path);
        } catch {
          diagnostics.push(
            diagnose("image-not-found", `image "${src}" does not exist`, at, `looked for ${path}`),
          );
          continue;
        }
        if (!isWithin(real, root)) {
          diagnostics.push(
            diagnose("image-outside-project", `image "${src}" links to a file outside the project`, at),
          );
          continue;
        }
        const read = readInput(real, MAX_IMAGE_BYTES);
        if ("error" in read) {
          diagnostics.push(
            read.tooLarge === undefined
              ? diagnose(
                  "image-not-found",
                  `image "${src}" cannot be read: ${read.error}`,
                  at,
                  `looked for ${path}`,
                )
              : diagnose(
                  "image-unsupported",
                  `image "${src}" is larger than 10 MB`,
                  at,
                  "shrink or compress it",
                ),
          );
          continue;
        }
        const bytes = read.bytes;
        files.push(real);
        images.set(src, `data:${type};base64,${bytes.toString("base64")}`);
      }
    }
  }
  return { images, files, diagnostics };
}

/** Decodes %-escapes in a path, leaving a malformed one as written. */
export function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * reveal.js's CSS without its "paper" print rules (`@media print { html:not(.print-pdf) … }`), which
 * restyle every slide as a page of text (every div static and full width, 20pt type, headings black) and
 * so split slides over pages and stretch the DRAFT badge into a bar. The theme's own print rules lay the
 * deck out one slide to a landscape page instead. The block is found by its opening and its braces.
 */
export function withoutPaperPrint(css: string): string {
  const start = css.indexOf("@media print{html:not(.print-pdf)");
  if (start < 0) return css;
  let depth = 0;
  for (let i = css.indexOf("{", start); i < css.length; i++) {
    if (css[i] === "{") depth++;
    else if (css[i] === "}" && --depth === 0) return css.slice(0, start) + css.slice(i + 1);
  }
  return css;
}
