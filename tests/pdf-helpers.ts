import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from "@cantoo/pdf-lib";
import { parseBrief } from "../src/brief/parse-brief.ts";
import { validateBrief } from "../src/brief/validate-brief.ts";
import { ROOT, runCli } from "./helpers.ts";

/** Runs the CLI in-process with the given environment variables. */
export function runCliWithEnv(args: string[], cwd: string, env: Record<string, string>) {
  return runCli(args, cwd, env);
}

/** `pdfinfo` output as a map of its "Key: value" lines. */
export function pdfinfo(file: string, ...args: string[]): Map<string, string> {
  const out = execFileSync("pdfinfo", [...args, file], { encoding: "utf8" });
  const fields = new Map<string, string>();
  for (const line of out.split("\n")) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) fields.set(match[1].trim(), (match[2] ?? "").trim());
  }
  return fields;
}

/** The number of pages pdfinfo reports. */
export function pageCount(file: string): number {
  return Number(pdfinfo(file).get("Pages"));
}

/** Every page's size as pdfinfo prints it ("960 x 540 pts"), in page order. */
export function pageSizes(file: string): string[] {
  const pages = pageCount(file);
  const out = execFileSync("pdfinfo", ["-f", "1", "-l", String(pages), file], { encoding: "utf8" });
  return [...out.matchAll(/^Page\s+\d+ size:\s+(.*?)\s*$/gm)].map((m) =>
    (m[1] ?? "").replace(/\s+\(.*\)$/, ""),
  );
}

/** The text of every page (pdftotext, split at form feeds). */
export function pageTexts(file: string): string[] {
  const out = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const pages = out.split("\f");
  if (pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** The whole text of a PDF, whitespace collapsed. */
export function pdfText(file: string): string {
  return squash(pageTexts(file).join("\n"));
}

/** The rows of `pdffonts`: name and whether the font is embedded (the `emb` column). */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n");
  if (!/^name\s+type\s+encoding\s+emb\s+sub\s+uni\s+object ID/.test(lines[0] ?? ""))
    throw new Error(`unexpected pdffonts output:\n${lines.join("\n")}`);
  // Long names push the columns right, so read from the end: ... emb sub uni <object> <generation>.
  return lines
    .slice(2)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const emb = fields.at(-5);
      if (emb !== "yes" && emb !== "no") throw new Error(`cannot read pdffonts line: ${line}`);
      return { name: fields[0] ?? "", embedded: emb === "yes" };
    });
}

/** Collapses runs of whitespace to one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Markdown or PDF text reduced to its words, lower case, for comparing a note with what pdftotext read:
 * citations ([@key] in Markdown, [n] in print), emphasis marks, quotes and punctuation go.
 */
export function words(text: string): string[] {
  return (
    text
      .replace(/\[@[^\]\s]+\]/g, " ")
      .replace(/\[\d+\]/g, " ")
      .replace(/[‘’]/g, "'")
      .replace(/[“”]/g, '"')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? []
  );
}

/**
 * The bookmark titles of a PDF, in order, read from the catalog's /Outlines with pdf-lib. Throws when the
 * outline is not one well-formed list: walking back from /Last along /Prev must give the same items, each
 * item's /Parent is the root, and the root's /Count is the number of items (viewers use each direction).
 */
export async function outline(bytes: Uint8Array): Promise<{ title: string; page: number }[]> {
  const { PDFDocument } = await import("@cantoo/pdf-lib");
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageRefs = doc.getPages().map((page) => page.ref);
  const rootRef = doc.catalog.get(PDFName.of("Outlines"));
  const root = doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  const walk = (start: "First" | "Last", step: "Next" | "Prev") => {
    const refs: unknown[] = [];
    let ref = root?.get(PDFName.of(start));
    while (ref instanceof PDFRef && refs.length <= pageRefs.length + 1) {
      refs.push(ref);
      ref = doc.context.lookup(ref, PDFDict).get(PDFName.of(step));
    }
    return refs;
  };
  const forward = walk("First", "Next");
  const backward = walk("Last", "Prev").reverse();
  if (forward.join() !== backward.join())
    throw new Error(`the outline's /Prev links (${backward.join()}) do not mirror /Next (${forward.join()})`);
  const count = root?.lookupMaybe(PDFName.of("Count"), PDFNumber)?.asNumber();
  if (root !== undefined && count !== forward.length)
    throw new Error(`the outline's /Count is ${count}, not its ${forward.length} items`);
  return forward.map((ref) => {
    const item = doc.context.lookup(ref as PDFRef, PDFDict);
    if (item.get(PDFName.of("Parent")) !== rootRef)
      throw new Error(`outline item ${ref} has another /Parent`);
    const title = item.lookup(PDFName.of("Title"));
    const text =
      title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : String(title);
    const dest = item.lookupMaybe(PDFName.of("Dest"), PDFArray);
    const target = dest?.get(0) as PDFRef | undefined;
    return { title: text, page: (target === undefined ? -1 : pageRefs.indexOf(target)) + 1 };
  });
}

/** A brief file parsed and validated with briefdeck's own code, for its titles, notes and sources. */
export function loadBrief(file: string) {
  const validated = validateBrief(parseBrief(readFileSync(file, "utf8"), file), { projectRoot: ROOT });
  if (validated.brief === undefined) throw new Error(`${file} is not a valid brief`);
  return validated.brief;
}

/** A process on this machine, from /proc. */
export interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmdline: string[];
}

/** Every process, read from /proc (processes that vanish while reading are skipped). */
export function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      found.push({
        pid: Number(entry),
        state: fields[0] ?? "",
        ppid: Number(fields[1]),
        pgid: Number(fields[2]),
        cmdline,
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The live (not zombie) processes among `all`. */
export function alive(all: Proc[]): Proc[] {
  return all.filter((p) => p.state !== "Z" && p.state !== "X");
}

/** Whether a process is a Chrome/Chromium binary (the browser or one of its helpers). */
export function isChromium(proc: Proc): boolean {
  return /chrom(e|ium)/i.test(proc.cmdline[0] ?? "");
}

/** Whether a process is running (not gone, not a zombie). */
export function isAlive(pid: number): boolean {
  return alive(processes()).some((p) => p.pid === pid);
}

/**
 * SIGKILLs the browser process (not a helper) of a child CLI's Chromium, as a crash would end it, and
 * returns its pid. Its helpers exit with it.
 */
export function killBrowser(cli: { pid: number; chromium(): Proc[] }): number {
  // The browser is the CLI's own child; every helper is the browser's descendant.
  const browser = cli.chromium().find((p) => p.ppid === cli.pid && isAlive(p.pid));
  if (browser === undefined) throw new Error("the CLI has no running Chromium to kill");
  process.kill(browser.pid, "SIGKILL");
  return browser.pid;
}

/** The processes descended from `pid` (not including it). */
export function descendants(pid: number, all: Proc[] = processes()): Proc[] {
  const family = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (family.has(p.ppid) && !family.has(p.pid)) {
        family.add(p.pid);
        grew = true;
      }
    }
  }
  family.delete(pid);
  return all.filter((p) => family.has(p.pid));
}

/**
 * The value of a `--name=value` switch on a command line. Chromium's helpers rewrite their argv into one
 * space-separated string, so arguments are split at spaces too (the values read here have none).
 */
export function switchValue(cmdline: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return cmdline
    .flatMap((arg) => arg.split(" "))
    .find((arg) => arg.startsWith(prefix))
    ?.slice(prefix.length);
}

/** A YAML brief with `count` bullet slides after a title slide, each with notes. */
export function longBrief(count: number, title = "Long brief"): string {
  const lines = [
    `title: ${title}`,
    "author: Test author",
    "date: 2026-11-25",
    'version: "1.0"',
    "marking: TEST MARKING",
    "slides:",
    "  - layout: title",
  ];
  for (let i = 2; i <= count; i++) {
    lines.push(
      "  - layout: bullets",
      `    title: Slide number ${i}`,
      "    points:",
      ...[1, 2, 3, 4].map((j) => `      - Point ${j} of slide ${i}, with a few more words`),
      `    notes: Notes for slide ${i}, long enough to give the handout some text to set.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
