import { randomBytes } from "node:crypto";
import type { BrowserOptions } from "../browser/session.ts";
import type { BriefSource } from "../pipeline/discover.ts";
import { createBuildQueue } from "./build-queue.ts";
import { createLiveProject, type LiveProject, type LiveTheme, type RebuildResult } from "./live-project.ts";
import { type PreviewServer, startPreviewServer } from "./server.ts";
import { createWatcher } from "./watcher.ts";

/** What `briefdeck serve` needs. */
export interface PreviewOptions {
  projectRoot: string;
  templatesDir: string | undefined;
  theme?: LiveTheme;
  /** Where the briefs are (default: briefs/*.yaml). */
  briefs?: BriefSource;
  host: string;
  port: number;
  browser: BrowserOptions;
  producer: string;
  /** How long a burst of file events must be quiet before it is built, in ms. */
  settle: number;
  log(text: string): void;
  /** Called after every rebuild, with what changed and how long it took. */
  onRebuild(result: RebuildResult, milliseconds: number | undefined): void;
}

/** A running preview: the server, the watcher and the build queue, closed together. */
export interface Preview {
  url: string;
  project: LiveProject;
  server: PreviewServer;
  /** Resolves when no rebuild is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds every brief, serves them, and rebuilds what changes: a brief's own changes rebuild that brief, a
 * template change rebuilds all. One build at a time; changes during a build are built right after it.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const project = createLiveProject(options.projectRoot, options.templatesDir, options.theme, options.briefs);
  const first = await project.rebuild();
  options.onRebuild(first, undefined);
  const token = randomBytes(24).toString("base64url");
  const server = await startPreviewServer(project, { ...options, token });
  const queue = createBuildQueue(
    async (paths) => {
      const started = performance.now();
      const result = await project.rebuild(paths);
      server.announce(result);
      watcher.setFolders(project.folders());
      const changed =
        result.reloaded.length + result.broken.length + result.fixed.length + result.removed.length;
      if (changed > 0) options.onRebuild(result, performance.now() - started);
    },
    (error) => options.log(`briefdeck: a rebuild failed: ${(error as Error).message}; still watching\n`),
  );
  const watcher = createWatcher(options.settle, (paths) => queue.push(paths));
  watcher.setFolders(project.folders());
  return {
    url: server.url,
    project,
    server,
    idle: () => queue.idle(),
    async close() {
      watcher.close();
      await queue.idle();
      await server.close();
    },
  };
}
