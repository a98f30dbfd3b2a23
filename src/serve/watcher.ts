import { existsSync, type FSWatcher, watch } from "node:fs";
import { join, resolve } from "node:path";

/** Watches folders and reports the files that changed, once a burst of events has settled. */
export interface Watcher {
  /** Replaces the set of watched folders (the assets in use change as briefs change). */
  setFolders(folders: Iterable<{ path: string; recursive: boolean }>): void;
  close(): void;
}

/**
 * Watches folders, not files: editors that save through a temporary file and a rename replace the file,
 * which a watch on the file itself would lose. Events for the same burst (chunked writes, temp+rename)
 * are gathered until `settle` ms pass without one, then reported together.
 */
export function createWatcher(settle: number, onChange: (paths: Set<string>) => void): Watcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const report = () => {
    const paths = changed;
    changed = new Set();
    onChange(paths);
  };
  const listen = (folder: string, recursive: boolean) => {
    const watcher = watch(folder, { recursive, persistent: true }, (_event, name) => {
      changed.add(name === null ? folder : resolve(join(folder, name.toString())));
      clearTimeout(timer);
      timer = setTimeout(report, settle);
    });
    watcher.on("error", () => watchers.delete(folder));
    return watcher;
  };
  return {
    setFolders(folders) {
      // A build that finishes after close() must not open new watches: they would keep the process alive.
      if (closed) return;
      const wanted = new Map(
        [...folders].filter((f) => existsSync(f.path)).map((f) => [resolve(f.path), f.recursive]),
      );
      for (const [path, watcher] of watchers) {
        if (!wanted.has(path)) {
          watcher.close();
          watchers.delete(path);
        }
      }
      for (const [path, recursive] of wanted) {
        if (!watchers.has(path)) watchers.set(path, listen(path, recursive));
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
