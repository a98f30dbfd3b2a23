/** Where a command writes and what it knows of its surroundings. Tests pass their own. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (colours, progress). */
  interactive: boolean;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
}

/** Whether to colour output for this Io. */
export function useColor(io: Io): boolean {
  return io.interactive && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}
