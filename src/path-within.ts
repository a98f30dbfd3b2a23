import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * Whether `inner` is `outer` or lies inside it, as the paths are written (a caller that must follow
 * symbolic links passes their real paths). A name that only starts with two dots (`..notes.csv`) is
 * inside.
 */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
