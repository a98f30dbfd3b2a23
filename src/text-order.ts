/**
 * Orders strings by code unit, like `<`. Not `localeCompare`: its first call loads ICU's collator, about
 * 10 ms of a cold start, and the strings sorted here (paths, slugs, acronyms) need no locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
