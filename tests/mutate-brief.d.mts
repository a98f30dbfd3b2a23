/** A seeded random integer below n: the same sequence for the same seed. */
export function seededRandom(seed: number): (n: number) => number;
/** The text with one to four random mutations applied. */
export function mutateBrief(text: string, random: (n: number) => number): string;
/** What is wrong with one run of `check --no-browser`, or undefined when nothing is. */
export function judgeCheck(code: number | null, stderr: string): string | undefined;
