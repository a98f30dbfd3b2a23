import { execFile } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { commitStaged, stageFile, writeAtomic } from "../src/output/files.ts";

// An output is written to a temporary file beside it and renamed over it: a reader sees the old file or
// the new one, never half of one, and a write that fails leaves no temporary file behind.

const folder = () => mkdtempSync(join(tmpdir(), "briefdeck-files-"));
const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".tmp"));
const OLD = `old deck ${"o".repeat(4096)}\n`;
const NEW = `new deck ${"n".repeat(8192)}\n`;

/** Reads through a descriptor opened before the write: what a reader that had the file open sees. */
function readOpen(fd: number): string {
  return readFileSync(fd, "utf8");
}

describe("writing an output", () => {
  it("writeAtomic replaces the file by a rename: a reader of the old file still reads all of it", () => {
    const dir = folder();
    const target = join(dir, "deck.html");
    writeFileSync(target, OLD);
    const reader = openSync(target, "r");
    try {
      writeAtomic(target, NEW);
      expect(readOpen(reader) === OLD, "the open file changed under its reader").toBe(true);
    } finally {
      closeSync(reader);
    }
    expect(readFileSync(target, "utf8") === NEW).toBe(true);
    expect(temporaries(dir)).toEqual([]);
  });

  it("stageFile leaves the target alone until commitStaged renames the whole file over it", () => {
    const dir = folder();
    const target = join(dir, "deck.pdf");
    writeFileSync(target, OLD);
    const reader = openSync(target, "r");
    try {
      const staged = stageFile(target, NEW);
      expect(readFileSync(target, "utf8") === OLD, "staging touched the target").toBe(true);
      expect(readFileSync(staged.temporary, "utf8") === NEW).toBe(true);
      commitStaged(staged);
      expect(readOpen(reader) === OLD, "the open file changed under its reader").toBe(true);
    } finally {
      closeSync(reader);
    }
    expect(readFileSync(target, "utf8") === NEW).toBe(true);
    expect(temporaries(dir)).toEqual([]);
  });

  it("writeAtomic whose rename fails (a folder holds the name) throws and leaves no temporary file", () => {
    const dir = folder();
    const target = join(dir, "deck.html");
    mkdirSync(target);
    writeFileSync(join(target, "inside.txt"), "someone's file\n");
    expect(() => writeAtomic(target, NEW)).toThrow();
    expect(temporaries(dir)).toEqual([]);
    expect(readFileSync(join(target, "inside.txt"), "utf8")).toBe("someone's file\n");
  });
});

const root = process.getuid?.() === 0;

describe.skipIf(!root)("writing an output to a full disk (needs root to mount a small tmpfs)", () => {
  const sh = promisify(execFile);

  async function withSmallDisk(test: (dir: string) => void): Promise<void> {
    const dir = folder();
    await sh("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
    try {
      test(dir);
    } finally {
      await sh("umount", ["-l", dir]).catch(() => undefined);
    }
  }

  const TOO_BIG = "x".repeat(256 * 1024);

  it("stageFile that runs out of space throws ENOSPC and removes its partial temporary file", async () => {
    await withSmallDisk((dir) => {
      expect(() => stageFile(join(dir, "deck.html"), TOO_BIG)).toThrow(/ENOSPC/);
      expect(temporaries(dir)).toEqual([]);
    });
  });

  it("writeAtomic that runs out of space leaves the old file whole and no temporary file", async () => {
    await withSmallDisk((dir) => {
      const target = join(dir, "deck.html");
      writeFileSync(target, OLD);
      expect(() => writeAtomic(target, TOO_BIG)).toThrow(/ENOSPC/);
      expect(readFileSync(target, "utf8") === OLD, "the old file was damaged").toBe(true);
      expect(temporaries(dir)).toEqual([]);
    });
  });
});
