import { EnvironmentError } from "../errors.ts";

const FIXES: Record<string, string> = {
  ENOSPC: "no space left on the device: free some space, or build into another --out",
  EDQUOT: "the disk quota is used up: free some space, or build into another --out",
  EROFS: "the file system is read-only: build into a writable folder with --out",
  EACCES: "permission denied: make the folder writable, or build into another --out",
  EPERM: "the operation is not permitted: make the folder writable, or build into another --out",
  ENOTDIR: "a part of the path is a file, not a folder: choose another --out",
  EEXIST: "a file is in the way: remove it or choose another --out",
  ENAMETOOLONG: "the name is too long for the file system: choose a shorter one",
  EMFILE: "too many files are open: close some programs and try again",
  EIO: "the device reported an input/output error: check the disk",
  ENOENT: "a part of the path does not exist (a link to nowhere?): create it or choose another --out",
};

/** Whether an error is the file system refusing (full, read-only, no permission), not a bug. */
export function isEnvironmentCode(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code in FIXES;
}

/** One line that names the path, what went wrong and how to fix it. */
export function describeWriteError(error: unknown, path: string, verb = "write"): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const fix = code === undefined ? undefined : FIXES[code];
  return fix === undefined
    ? `cannot ${verb} ${path}: ${(error as Error).message}`
    : `cannot ${verb} ${path}: ${fix} (${code})`;
}

/** The same for a file-system error that reached the top, naming the path the error carries. */
export function describeFileSystemError(error: unknown): string {
  return describeWriteError(error, (error as NodeJS.ErrnoException).path ?? "a file", "use");
}

/** The EnvironmentError (exit 3) for a write the file system refused; other errors are returned as they are. */
export function asEnvironmentError(error: unknown, path: string, verb = "write"): unknown {
  return isEnvironmentCode(error) ? new EnvironmentError(describeWriteError(error, path, verb)) : error;
}
