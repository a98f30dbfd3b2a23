import { EXIT, UsageError } from "../errors.ts";
import { countSummary } from "../format-diagnostic.ts";
import type { Io } from "../io.ts";
import { briefSource } from "../pipeline/discover.ts";
import { isLoopback } from "../serve/hosts.ts";
import { startPreview } from "../serve/preview.ts";
import { toolVersion } from "../version.ts";
import { resolveBrowserOptions } from "./browser-options.ts";
import { BROWSER_OPTIONS, type Command, type ParsedArgs } from "./command.ts";
import { loadProject, PROJECT_OPTIONS } from "./project-options.ts";
import { reportDiagnostics } from "./report.ts";

export const SERVE_USAGE = `Usage: briefdeck serve [options]

Serves every brief (briefs/*.yaml, or what briefdeck.yaml's briefs names) as a live deck. Each save
re-renders the brief, and open pages reload on the same slide; a mistake shows as an overlay naming
file:line:col over the last good deck, and the server keeps running. /<slug>.pdf and
/<slug>.handout.pdf are printed on demand.

Options:
  --port N                   port to listen on (default 4100; the next free one if it is taken; 0 for
                             any free port)
  --host NAME                interface to listen on (default 127.0.0.1; any 127.x.x.x, ::1 or
                             localhost is loopback; anything else is reachable by others, and
                             briefdeck warns)
  --templates DIR            folder of template overrides (watched too), added to the theme
  --replace-theme            the templates folder's theme.css replaces the built-in theme
  --brand FILE               brand file in brand.yml format (default: _brand.yml; watched too)
  --browser PATH             Chrome or Chromium for the PDFs
  --browser-ws-endpoint URL  use a Chrome that is already running for the PDFs
  --timeout SECONDS          give up on a PDF after this long (default: 60)
  -h, --help                 show this help
`;

/** `briefdeck serve`: runs until SIGINT or SIGTERM, then closes the server, the watcher and the browser. */
export async function runServe(
  args: ParsedArgs,
  io: Io,
  stop: Promise<unknown> = signalled(),
): Promise<number> {
  if (args.positionals.length > 0)
    throw new UsageError("serve takes no files: it serves every briefs/*.yaml");
  const rawPort = args.string("port") ?? "4100";
  const port = Number(rawPort);
  if (!/^\d{1,5}$/.test(rawPort) || port > 65535)
    throw new UsageError(`--port must be a port number from 0 to 65535, not "${rawPort}"`);
  const host = args.string("host") ?? "127.0.0.1";
  if (!isLoopback(host)) {
    io.stderr(
      `warning: listening on ${host}, not loopback: anyone who can reach this machine can read the briefs\n`,
    );
  }
  const { project, failed } = await loadProject(args, io);
  if (failed) return EXIT.invalid;
  const preview = await startPreview({
    projectRoot: io.cwd,
    templatesDir: project.templates,
    theme: { brandFile: project.brandFile, replaceTheme: project.replaceTheme, defaults: project.defaults },
    briefs: briefSource(io.cwd, [], project.briefsPattern),
    host,
    port,
    browser: resolveBrowserOptions(args, io),
    producer: `briefdeck ${toolVersion()}`,
    settle: 15,
    log: (text) => io.stderr(text),
    onRebuild(result, milliseconds) {
      for (const live of result.broken) reportDiagnostics(io, live);
      const done = milliseconds === undefined ? "built  " : "rebuilt";
      const timing = milliseconds === undefined ? "" : ` (${milliseconds.toFixed(0)} ms)`;
      for (const live of [...result.reloaded, ...result.fixed]) io.stderr(`${done} ${live.file}${timing}\n`);
      for (const live of result.broken)
        io.stderr(`invalid ${live.file} (${countSummary(live.diagnostics)}; serving the last good deck)\n`);
      for (const slug of result.removed) io.stderr(`removed ${slug} (its brief was deleted)\n`);
    },
  });
  io.stderr(`serving ${preview.project.briefs().length} brief(s) at ${preview.url} (Ctrl-C to stop)\n`);
  await stop;
  await preview.close();
  io.stderr("stopped\n");
  return EXIT.ok;
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

/** `briefdeck serve`. */
export const command: Command = {
  usage: SERVE_USAGE,
  options: {
    ...BROWSER_OPTIONS,
    port: { type: "string" },
    host: { type: "string" },
    ...PROJECT_OPTIONS,
  },
  run: (args, io) => runServe(args, io),
};
