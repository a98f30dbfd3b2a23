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
  // A reader that went away (`briefdeck schema | head -1`) is no error: the rest of the output has no one
  // to read it, and the command still finishes its work. Unheard, the EPIPE would end it with a trace.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") === 0) stream.on("error", ignoreClosedReader);
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
}

function ignoreClosedReader(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}

/** Whether to colour output for this Io. */
export function useColor(io: Io): boolean {
  return io.interactive && io.env.NO_COLOR === undefined && io.env.TERM !== "dumb";
}
