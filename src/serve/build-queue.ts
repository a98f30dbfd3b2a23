/**
 * Runs builds one at a time. Changes that arrive while a build runs are merged and built next, once,
 * so a burst of saves never starts two builds at once and never loses a change.
 */
export interface BuildQueue {
  /** Adds changed paths; starts a build unless one is running. */
  push(paths: Iterable<string>): void;
  /** Resolves when no build is running and none is waiting. */
  idle(): Promise<void>;
}

/**
 * A queue that calls `build` with every path changed since the last build started. A build that throws
 * is reported to `onError` and the queue goes on: one bad save must not stop the preview.
 */
export function createBuildQueue(
  build: (paths: Set<string>) => Promise<void>,
  onError: (error: unknown) => void,
): BuildQueue {
  let pending = new Set<string>();
  let running: Promise<void> | undefined;
  const drain = async () => {
    try {
      while (pending.size > 0) {
        const batch = pending;
        pending = new Set();
        try {
          await build(batch);
        } catch (error) {
          onError(error);
        }
      }
    } finally {
      running = undefined;
    }
  };
  return {
    push(paths) {
      for (const path of paths) pending.add(path);
      running ??= drain();
    },
    async idle() {
      while (running !== undefined) await running;
    },
  };
}
