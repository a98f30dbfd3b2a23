/** Exit codes, as the README documents them. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, environment: 3 } as const;

/**
 * The command line was wrong: exit 2 with the message, and the usage unless the message alone says what
 * to do (`usage: false`, for a refused --out).
 */
export class UsageError extends Error {
  override name = "UsageError";
  readonly usage: boolean;
  constructor(message: string, options: { usage?: boolean } = {}) {
    super(message);
    this.usage = options.usage ?? true;
  }
}

/** The machine lacks something briefdeck needs: exit 3 with a message that says how to fix it. */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

/** A template cannot be read: exit 1 with the file and the reason; a watcher reports it and goes on. */
export class TemplateError extends Error {
  override name = "TemplateError";
}
