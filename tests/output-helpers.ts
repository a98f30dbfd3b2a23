import { brief } from "./helpers.ts";

// What the output-folder tests share: a small brief, and what a stack trace looks like in stderr.

/** A one-slide brief with the given title. */
export const small = (title: string) =>
  brief(`  - layout: text\n    title: Slide\n    body: Some text.\n`).replace("Test brief", title);

/** A stack trace's frame, which stderr must never show. */
export const noStack = /\n\s+at .*:\d+:\d+\)?\n/;
