import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Brief } from "./brief.ts";
import { plainText } from "./slide-views.ts";
import type { Templates } from "./templates.ts";
import { compareText } from "./text-order.ts";
import { writeAtomic } from "./write-output.ts";

const MANIFEST = ".briefdeck-manifest.json";

/** What the output folder records about each brief built into it. */
export interface ManifestEntry {
  /** The outputs' name: the brief's slug, plus `.<variant>` for a variant. */
  slug: string;
  variant: string | null;
  file: string;
  title: string;
  subtitle: string | null;
  date: string | null;
  version: string | null;
  marking: string | null;
  draft: boolean;
  slides: number;
  /** The build cache key the outputs were made from (see build-cache.ts). */
  hash: string;
  /** The image files the deck inlines. */
  images: string[];
}

/** The output folder's record of its briefs, by slug. */
export type Manifest = Record<string, ManifestEntry>;

/** The manifest entry for a brief that was just built. */
export function manifestEntry(
  brief: Brief,
  name: string,
  file: string,
  hash: string,
  images: string[],
): ManifestEntry {
  return {
    slug: name,
    variant: brief.variant ?? null,
    file,
    hash,
    images,
    title: plainText(brief.title),
    subtitle: brief.subtitle === undefined ? null : plainText(brief.subtitle),
    date: brief.date ?? null,
    version: brief.version ?? null,
    marking: brief.marking ?? null,
    draft: brief.status === "draft",
    slides: brief.slides.filter((s) => !s.hidden && !s.annex).length,
  };
}

/**
 * Records the briefs just built in the folder's manifest and rewrites index.html from it, so the index
 * lists every brief whose deck is in the folder, not only the ones built this time.
 */
export function updateIndex(
  outDir: string,
  manifest: Manifest,
  built: readonly ManifestEntry[],
  templates: Templates,
  version: string,
): void {
  for (const entry of built) manifest[entry.slug] = entry;
  for (const slug of Object.keys(manifest)) {
    if (!existsSync(join(outDir, `${slug}.html`))) delete manifest[slug];
  }
  writeAtomic(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const briefs = Object.values(manifest)
    .sort((a, b) => compareText(a.slug, b.slug))
    // Entries written by an older briefdeck have no variant field.
    .map((entry) => ({ ...entry, variant: entry.variant ?? null, outputs: outputsOf(outDir, entry.slug) }));
  writeAtomic(join(outDir, "index.html"), templates.index({ briefs, generatorVersion: version }));
}

function outputsOf(outDir: string, slug: string) {
  const kinds = [
    { suffix: ".html", label: "Deck" },
    { suffix: ".pdf", label: "Slides PDF" },
    { suffix: ".handout.pdf", label: "Handout PDF" },
  ];
  return kinds
    .filter((k) => existsSync(join(outDir, slug + k.suffix)))
    .map((k) => ({ href: encodeURIComponent(slug) + k.suffix, label: k.label }));
}

/** The folder's manifest, or an empty one. Built on a null prototype: slugs are never object keys of note. */
export function readManifest(outDir: string): Manifest {
  try {
    const parsed = JSON.parse(readFileSync(join(outDir, MANIFEST), "utf8")) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return Object.create(null);
    return Object.assign(Object.create(null), parsed) as Manifest;
  } catch {
    return Object.create(null) as Manifest;
  }
}
