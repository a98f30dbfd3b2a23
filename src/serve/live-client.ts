/**
 * The script added to a deck only when `briefdeck serve` serves it. It keeps a WebSocket to the server;
 * on "reload" it notes the slide and fragment shown and reloads, and the reloaded page goes back there
 * (the URL hash is not enough: reveal.js updates it at most once a second). On "errors" it shows every
 * diagnostic over the last good deck; on "ok" it removes them. The overlay is built with textContent
 * only: diagnostics quote the brief, which is untrusted.
 */
export function liveClientScript(
  token: string,
  slug: string,
  problems = "briefdeck: the brief has problems; showing the last good deck underneath",
): string {
  const config = JSON.stringify({ token, slug, problems });
  return `(function () {
  var config = ${config.replace(/</g, "\\u003c")};
  var overlay = null;
  var key = "briefdeck-position:" + config.slug;
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); sessionStorage.removeItem(key); } catch (e) {}
  if (saved && window.Reveal) {
    var restore = function () { Reveal.slide(saved.h, saved.v, saved.f); };
    if (Reveal.isReady()) restore(); else Reveal.on("ready", restore);
  }
  function reload() {
    try { if (window.Reveal) sessionStorage.setItem(key, JSON.stringify(Reveal.getIndices())); } catch (e) {}
    location.reload();
  }
  function hideOverlay() { if (overlay) { overlay.remove(); overlay = null; } }
  function showOverlay(diagnostics) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "briefdeck-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:32px 40px;" +
      "background:rgba(21,32,46,0.94);color:#fff;font:16px/1.5 ui-monospace,Menlo,Consolas,monospace;";
    var head = document.createElement("p");
    head.style.cssText = "margin:0 0 16px;font-weight:700;color:#ffb4ab;";
    head.textContent = config.problems;
    overlay.appendChild(head);
    diagnostics.forEach(function (d) {
      var block = document.createElement("pre");
      block.className = "briefdeck-diagnostic";
      block.style.cssText = "margin:0 0 16px;white-space:pre-wrap;";
      block.textContent = d.file + ":" + d.line + ":" + d.column + " " + d.severity + " " + d.code + "  " + d.message +
        (d.hint ? "\\n  hint: " + d.hint : "");
      overlay.appendChild(block);
    });
    document.body.appendChild(overlay);
  }
  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__briefdeck/live?token=" +
      encodeURIComponent(config.token) + "&slug=" + encodeURIComponent(config.slug);
    var socket = new WebSocket(url);
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "reload") reload();
      else if (message.type === "errors") showOverlay(message.diagnostics);
      else if (message.type === "ok") hideOverlay();
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();`;
}

/**
 * Adds the live client to a deck and lets the deck's CSP allow the WebSocket back to the server, and
 * nothing else.
 */
export function withLiveClient(deck: string, token: string, slug: string, problems?: string): string {
  // 'self' covers ws: to the page's own host and port, whichever name the page was opened by; an IPv6
  // literal such as ws://[::1]:4100 is not a valid CSP source.
  const script = `<script>${liveClientScript(token, slug, problems)}</script>`;
  const withCsp = deck.replace("connect-src &#x27;none&#x27;", "connect-src &#x27;self&#x27;");
  const end = withCsp.lastIndexOf("</body>");
  return end < 0 ? withCsp + script : `${withCsp.slice(0, end)}${script}\n${withCsp.slice(end)}`;
}
