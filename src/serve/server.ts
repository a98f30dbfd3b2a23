import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { BrowserOptions, BrowserSession } from "../browser/session.ts";
import { isAlive, warmBrowser } from "../browser/warm-browser.ts";
import { EnvironmentError } from "../errors.ts";
import { escapeHtml } from "../escape-html.ts";
import { localeFor } from "../messages/locale.ts";
import type { PagePool } from "../pdf/page-pool.ts";
import { hostNames } from "./hosts.ts";
import { listen } from "./listen.ts";
import { withLiveClient } from "./live-client.ts";
import type { LiveBrief, LiveProject, RebuildResult } from "./live-project.ts";

/** Settings for the preview server. */
export interface ServeOptions {
  host: string;
  port: number;
  /** Per-session secret the reload channel must present. */
  token: string;
  browser: BrowserOptions;
  producer: string;
  log(text: string): void;
}

/** A running preview server. */
export interface PreviewServer {
  url: string;
  port: number;
  /** Tells open pages what a rebuild changed. */
  announce(result: RebuildResult): void;
  close(): Promise<void>;
}

interface Printed {
  slides: Uint8Array;
  handout: Uint8Array;
}

/**
 * Starts the preview server: the index, each brief's deck with the live client, its PDFs printed on demand,
 * and the reload channel. Only what the live project holds is served; everything else is 404. Requests
 * whose Host is not this server (DNS rebinding) get 403; no CORS headers are ever sent.
 */
export async function startPreviewServer(
  project: LiveProject,
  options: ServeOptions,
): Promise<PreviewServer> {
  const sockets = new Map<WebSocket, string>();
  // One browser and its pages stay warm for every later PDF; a browser that has died is replaced.
  const warm = warmBrowser(options.browser);
  let pool: { session: BrowserSession; pages: PagePool } | undefined;
  // Each brief's PDFs, for its latest revision only, and the briefs whose PDFs someone has asked for:
  // those are printed again as soon as they are rebuilt, so the next request finds them ready or nearly.
  const printed = new Map<string, { key: string; result: Promise<Printed | EnvironmentError | string> }>();
  const asked = new Set<string>();
  const wss = new WebSocketServer({ noServer: true });
  let port = options.port;
  const hosts = hostNames(options.host);
  const { urlHost } = hosts;
  const hostAllowed = (host: string | undefined) => hosts.allowed(host, port);
  const origin = () => `http://${urlHost}:${port}`;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, "text/plain; charset=utf-8", `internal error: ${String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host))
      return send(response, 403, "text/plain; charset=utf-8", "forbidden host\n");
    if (request.method !== "GET" && request.method !== "HEAD")
      return send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
    const path = parsePath(request.url);
    if (path === undefined) return send(response, 400, "text/plain; charset=utf-8", "bad request\n");
    if (path === "/") return send(response, 200, "text/html; charset=utf-8", indexPage(project));
    // Case-sensitive, like the slugs: /alpha.PDF is not /alpha.pdf.
    const match = /^\/([A-Za-z0-9][A-Za-z0-9._-]*?)(\.handout\.pdf|\.pdf|\.html)$/.exec(path);
    const live = match ? project.get(match[1] ?? "") : undefined;
    if (match === null || live === undefined)
      return send(response, 404, "text/plain; charset=utf-8", "not found\n");
    if (match[2] === ".html")
      return send(response, 200, "text/html; charset=utf-8", deckPage(live, options.token, project.lang));
    return sendPdf(response, live, match[2] === ".pdf" ? "slides" : "handout");
  }

  async function sendPdf(
    response: ServerResponse,
    live: LiveBrief,
    kind: "slides" | "handout",
  ): Promise<void> {
    if (live.good === undefined)
      return send(response, 409, "text/plain; charset=utf-8", "the brief has errors; fix them first\n");
    asked.add(live.slug);
    const printed = await printRevision(live);
    if (printed instanceof EnvironmentError)
      return send(response, 503, "text/plain; charset=utf-8", `${printed.message}\n`);
    if (typeof printed === "string") return send(response, 500, "text/plain; charset=utf-8", printed);
    send(response, 200, "application/pdf", printed[kind]);
  }

  /**
   * The PDFs of a brief's current revision: printed once, whoever asks (requests at the same moment share
   * the print), and kept until the next revision replaces them. A string says why printing failed.
   */
  function printRevision(live: LiveBrief): Promise<Printed | EnvironmentError | string> {
    const good = live.good;
    const key = `${live.slug}:${live.revision}`;
    const known = printed.get(live.slug);
    if (known?.key === key) return known.result;
    const result = (async (): Promise<Printed | EnvironmentError | string> => {
      if (good === undefined) return "the brief has errors; fix them first\n";
      const started = performance.now();
      const { printBrief } = await import("../pdf/export-pdf.ts");
      const printOnce = async () => {
        const pages = await warmPages();
        if (pages instanceof EnvironmentError) return pages;
        return printBrief(pages, good.brief, good.rendered, {
          paper: "a4",
          allowOverflow: true,
          timeout: options.browser.protocolTimeout,
          producer: options.producer,
        });
      };
      let done = await printOnce();
      // A browser that died during the print (killed, crashed) fails it with a closed target; once the
      // warm browser has noticed, the print is tried again with a new one.
      if (!(done instanceof EnvironmentError) && done.slides === undefined && (await browserGone())) {
        done = await printOnce();
      }
      if (done instanceof EnvironmentError) return done;
      if (done.slides === undefined || done.handout === undefined) {
        return `${done.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join("\n")}\n`;
      }
      const ms = Math.round(performance.now() - started);
      options.log(`printed ${live.slug}.pdf and ${live.slug}.handout.pdf (${ms} ms)\n`);
      return { slides: done.slides, handout: done.handout };
    })();
    printed.set(live.slug, { key, result });
    // A print that failed for want of a browser is tried again on the next request.
    void result.then((r) => {
      if (r instanceof EnvironmentError && printed.get(live.slug)?.result === result)
        printed.delete(live.slug);
    });
    return result;
  }

  // Whether the pool's browser has gone (it may take a moment to notice a killed one).
  async function browserGone(): Promise<boolean> {
    const browser = pool?.session.browser;
    for (let waited = 0; browser !== undefined && isAlive(browser) && waited < 1000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return browser !== undefined && !isAlive(browser);
  }

  // The warm browser's page pool, made anew when the browser was replaced.
  async function warmPages(): Promise<PagePool | EnvironmentError> {
    const { createPagePool } = await import("../pdf/page-pool.ts");
    const session = await warm.get();
    if (session instanceof EnvironmentError) return session;
    if (pool?.session !== session) {
      void pool?.pages.close();
      pool = { session, pages: createPagePool(session.browser) };
    }
    return pool.pages;
  }

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = safeUrl(request.url);
    const refuse = (status: number) => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : "Not Found"}\r\nConnection: close\r\n\r\n`,
      );
    };
    if (url?.pathname !== "/__briefdeck/live") return refuse(404);
    const origin = request.headers.origin;
    const trusted =
      hostAllowed(request.headers.host) &&
      origin?.startsWith("http://") === true &&
      hostAllowed(origin.slice("http://".length)) &&
      url.searchParams.get("token") === options.token;
    if (!trusted) return refuse(403);
    const slug = url.searchParams.get("slug") ?? "";
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.set(ws, slug);
      ws.on("close", () => sockets.delete(ws));
      const live = project.get(slug);
      if (live?.diagnostics.some((d) => d.severity === "error")) {
        ws.send(JSON.stringify({ type: "errors", diagnostics: live.diagnostics }));
      }
    });
  });

  port = await listen(server, options.host.replace(/^\[(.*)\]$/, "$1"), options.port, options.log);
  return {
    url: `${origin()}/`,
    port,
    announce(result) {
      for (const live of [...result.reloaded, ...result.fixed])
        if (asked.has(live.slug) && live.good !== undefined) void printRevision(live);
      const messages = new Map<string, string>();
      for (const live of result.reloaded) messages.set(live.slug, JSON.stringify({ type: "reload" }));
      for (const live of result.fixed) messages.set(live.slug, JSON.stringify({ type: "ok" }));
      for (const live of result.broken)
        messages.set(live.slug, JSON.stringify({ type: "errors", diagnostics: live.diagnostics }));
      for (const [ws, slug] of sockets) {
        const message = messages.get(slug);
        if (message !== undefined) ws.send(message);
      }
    },
    async close() {
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool?.pages.close();
      await warm.release();
    },
  };
}

// The path of a request, decoded once; undefined for anything malformed or not origin-form.
function parsePath(raw: string | undefined): string | undefined {
  if (raw === undefined || !raw.startsWith("/") || raw.startsWith("//")) return undefined;
  const url = safeUrl(raw);
  if (url === undefined) return undefined;
  try {
    const path = decodeURIComponent(url.pathname);
    return /[\0\\]/.test(path) ? undefined : path;
  } catch {
    return undefined;
  }
}

function safeUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? "", "http://briefdeck.invalid");
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    // The speaker view frames the deck itself; nothing else may.
    "X-Frame-Options": "SAMEORIGIN",
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}

function deckPage(live: LiveBrief, token: string, projectLang: string): string {
  // The overlay speaks the brief's language (its last good build's), else the project's.
  const problems = localeFor(live.good?.brief.lang ?? projectLang).t("serve.problems");
  if (live.good !== undefined) return withLiveClient(live.good.rendered.deck, token, live.slug, problems);
  // Never built cleanly: a page that shows the problems and reloads when the brief is fixed.
  const shell = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src &#x27;none&#x27;"><title>${escapeHtml(live.slug)}</title></head><body></body></html>`;
  return withLiveClient(shell, token, live.slug, problems);
}

function indexPage(project: LiveProject): string {
  const locale = localeFor(project.lang);
  const { t } = locale;
  const rows = project
    .briefs()
    .map((live) => {
      const errors = live.diagnostics.filter((d) => d.severity === "error").length;
      const warnings = live.diagnostics.length - errors;
      const warned = t("serve.okWith", { warnings: t("serve.warnings", { count: warnings }) });
      const status =
        errors > 0 ? t("serve.errors", { count: errors }) : warnings > 0 ? warned : t("serve.ok");
      const slug = escapeHtml(live.slug);
      return `<li><a href="/${slug}.html">${slug}</a> <span class="${errors === 0 ? "ok" : "bad"}">${escapeHtml(status)}</span> · <a href="/${slug}.pdf">${escapeHtml(t("index.slidesPdf"))}</a> · <a href="/${slug}.handout.pdf">${escapeHtml(t("index.handoutPdf"))}</a></li>`;
    })
    .join("\n");
  return `<!doctype html><html lang="${locale.lang}" dir="${locale.dir}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>briefdeck serve</title><style>body{font:18px/1.5 system-ui,sans-serif;margin:40px;color:#15202e}.ok{color:#17663a}.bad{color:#b1261c;font-weight:700}li{margin:8px 0}</style></head><body><h1>${escapeHtml(t("index.title"))}</h1><ul>${rows}</ul></body></html>`;
}
