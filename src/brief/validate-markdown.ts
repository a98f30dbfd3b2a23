import { dirname, isAbsolute, resolve } from "node:path";
import type { Node } from "yaml";
import { type Diagnostic, diagnose, type Position } from "../diagnostics.ts";
import { isWithin } from "../path-within.ts";
import { createDidYouMean, listNames } from "../suggest.ts";
import { type Brief, CITATION } from "./brief.ts";
import { findImages } from "./markdown-images.ts";
import { offsetWithin, scanWithin, startOf } from "./yaml-position.ts";

// The checks every Markdown field gets, wherever it is (a slide's field, the brief's title or subtitle,
// a version's summary, a source's title): each citation names a source, each image has alt text and a
// path inside the project. Called by validate-brief.ts.

/** Checks Markdown fields one after another, remembering the sources they cite. */
export interface MarkdownCheck {
  /** Checks one field: its text as parsed and its YAML node. */
  check(text: string, node: Node | undefined, images?: boolean): Diagnostic[];
  /** Records a citation of `key` at a position: a diagnostic when it names no source. */
  cite(key: string, at: Position): Diagnostic | undefined;
  /** Every key cited so far, known or not. */
  readonly cited: ReadonlySet<string>;
}

/** A check for the Markdown fields of one brief. */
export function createMarkdownCheck(brief: Brief, projectRoot: string): MarkdownCheck {
  const { locator } = brief;
  const cited = new Set<string>();
  const keys = [...brief.sources.keys()];
  // One hint maker for the whole brief: thousands of unknown citations must not each search every key.
  const hintFor = createDidYouMean(
    keys,
    keys.length > 0 ? `the sources are: ${listNames(keys)}` : 'define it under "sources:"',
  );
  const cite = (key: string, at: Position) => {
    cited.add(key);
    if (brief.sources.has(key)) return undefined;
    return diagnose("unknown-citation", `citation "@${key}" names no source`, at, hintFor(key));
  };
  return {
    cited,
    cite,
    check(text, node, images = true) {
      const diagnostics: Diagnostic[] = [];
      // Citations are met in order, so each is found in the source after the one before.
      const find = scanWithin(locator.source, node);
      for (const match of text.matchAll(CITATION)) {
        const offset = find(match[0]);
        const problem = cite(match[1] ?? "", locator.at(offset < 0 ? startOf(node) : offset + 2));
        if (problem !== undefined) diagnostics.push(problem);
      }
      if (images) diagnostics.push(...checkImages(brief, text, node, projectRoot));
      return diagnostics;
    },
  };
}

function checkImages(brief: Brief, text: string, node: Node | undefined, projectRoot: string): Diagnostic[] {
  const { locator } = brief;
  const diagnostics: Diagnostic[] = [];
  const find = scanWithin(locator.source, node);
  for (const image of findImages(text)) {
    const written = `![${image.alt}](${image.src}`;
    // Marked may have unescaped the alt text; then the path alone is looked for.
    const offset = find(written);
    const src =
      offset < 0 ? offsetWithin(locator.source, node, image.src) : offset + 2 + image.alt.length + 2;
    if (image.alt.trim() === "") {
      const at = locator.at(offset < 0 ? src : offset);
      diagnostics.push(diagnose("image-no-alt", `image "${image.src}" has no alt text`, at));
    }
    const problem = checkImagePath(image.src, brief.file, projectRoot);
    if (problem !== undefined) diagnostics.push(diagnose(problem.code, problem.message, locator.at(src)));
  }
  return diagnostics;
}

type ImageProblem = { code: "image-remote" | "image-outside-project" | "image-unsupported"; message: string };

/** Checks an image reference lexically: local, relative, and inside the project. */
export function checkImagePath(
  src: string,
  briefFile: string,
  projectRoot: string,
): ImageProblem | undefined {
  if (/^https?:/i.test(src) || src.startsWith("//"))
    return { code: "image-remote", message: `image "${src}" is on the network` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^[a-z]:[\\/]/i.test(src)) {
    if (/^file:/i.test(src))
      return { code: "image-outside-project", message: `image "${src}" is a file: URL` };
    return { code: "image-unsupported", message: `image "${src}" is not a file path` };
  }
  const target = resolve(dirname(resolve(projectRoot, briefFile)), decodePath(src));
  if (isAbsolute(src) || !isWithin(target, projectRoot)) {
    return { code: "image-outside-project", message: `image "${src}" is outside the project` };
  }
  return undefined;
}

// A path with a broken %-escape is taken as written (decodeURI would throw).
function decodePath(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}
