import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** Why an input file could not be read: a sentence for a diagnostic, and whether it was too large. */
export interface ReadFailure {
  error: string;
  tooLarge?: { bytes: number; limit: number };
  /** The file does not exist (nothing at the path, or a link to nowhere). */
  missing?: true;
  /** Where the first byte that is not UTF-8 is, when the file is text in another encoding. */
  notUtf8?: NotUtf8;
}

/** The first byte of a file that is not UTF-8: its line and column, and the byte (`0xE9`). */
export interface NotUtf8 {
  line: number;
  column: number;
  byte: string;
}

/** Where a diagnostic about a file that could not be read points: its first bad byte, else its start. */
export function failurePosition(read: ReadFailure): { line: number; column: number } {
  return { line: read.notUtf8?.line ?? 1, column: read.notUtf8?.column ?? 1 };
}

/**
 * Decodes a file's bytes as UTF-8, or says where the first byte that is not UTF-8 is: a file saved as
 * Latin-1 or Windows-1252 would otherwise show "Caf\ufffd" in the deck, with no word of why.
 */
export function decodeText(bytes: Buffer): { text: string } | (ReadFailure & { notUtf8: NotUtf8 }) {
  if (isUtf8(bytes)) return { text: bytes.toString("utf8") };
  // The longest prefix that decodes (a sequence cut at its end may still be completed) reaches the bad byte.
  const decodes = (end: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  for (let high = bytes.length; low < high; ) {
    const mid = (low + high + 1) >> 1;
    if (decodes(mid)) low = mid;
    else high = mid - 1;
  }
  const before = new TextDecoder().decode(bytes.subarray(0, low), { stream: true });
  const bad = bytes[Buffer.byteLength(before)] ?? 0;
  const lines = before.split("\n");
  const hex = bad.toString(16).toUpperCase().padStart(2, "0");
  return {
    error: `the file is not UTF-8 text: byte 0x${hex} here is from another encoding`,
    notUtf8: { line: lines.length, column: (lines.at(-1) ?? "").length + 1, byte: `0x${hex}` },
  };
}

/**
 * Reads a regular file of at most `limit` bytes. The file is opened without blocking (a FIFO would
 * otherwise wait for a writer forever) and checked through its open descriptor, so a device, a FIFO, a
 * folder or a file swapped in after a check is refused before a byte is read; at most `limit` + 1
 * bytes are ever read, so a file that grows while it is read cannot exhaust memory either.
 */
export function readInput(path: string, limit: number): { bytes: Buffer } | ReadFailure {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    return { error: describeOpenError(error), ...(missing ? { missing } : {}) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { error: "this is a folder, not a file" };
    if (!stat.isFile()) return { error: `this is ${kindOf(stat)}, not a regular file` };
    if (stat.size > limit) return tooLarge(stat.size, limit);
    const buffer = Buffer.alloc(Math.min(stat.size, limit) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > limit) return tooLarge(length, limit);
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { error: describeOpenError(error) };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(bytes: number, limit: number): ReadFailure {
  return { error: `the file is larger than ${limit} bytes`, tooLarge: { bytes, limit } };
}

function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "the file does not exist";
  if (code === "EISDIR") return "this is a folder, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "the path is a loop of symbolic links";
  return (error as Error).message;
}
