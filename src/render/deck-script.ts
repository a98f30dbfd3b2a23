/**
 * The deck's own inline script: starts reveal.js with the notes plugin, and keeps the deck and its speaker
 * view in step in both directions without opening reveal.js's postMessage API to anyone else.
 *
 * The notes plugin opens the speaker window (about:blank, written by the plugin) and talks to it by
 * postMessage. The speaker window holds two previews of the deck (`?receiver`): the current slide, whose
 * moves the speaker window sends back to the deck as `setState`, and the upcoming slide, which it moves one
 * slide ahead of the deck. reveal.js's postMessage API stays off everywhere; instead a gate on each
 * window's messages lets through only the windows that belong to the speaker view (by window reference,
 * since a deck opened from file:// has no origin to compare), and calls the few methods they use.
 */
export function deckScript(config: Record<string, unknown>): string {
  return `(function () {
  var NOTES_WINDOW = "reveal.js - Notes";
  var receiver = window.parent !== window && /receiver/i.test(window.location.search);
  // The notes plugin puts the current slide's preview first and the upcoming one second. Only the current
  // one may report its moves to the speaker window: the upcoming one is stepped one slide ahead of the
  // deck, and reporting that would move the deck on, and on, to the last slide.
  var currentPreview = receiver && window.parent.frames[0] === window;
  var speaker = null;
  // The methods the speaker window calls on the deck (setState) and on its previews.
  var METHODS = receiver ? ["setState", "next", "triggerKey"] : ["setState"];

  // Settings that guard the deck, whatever the address says (see Reveal.configure below).
  var guarded = { postMessage: false, postMessageEvents: currentPreview, url: undefined };

  function openedHere(source) {
    try {
      return source.opener === window;
    } catch (error) {
      return false;
    }
  }

  // From file:// the speaker window checks no origins: it would show anyone's "notes" (as HTML) and relay
  // anyone's moves to the deck. So it gets a gate too, which lets through only the deck and the current
  // slide's preview. The deck is the window that opened it, taken when it opens: a page that later looks
  // the speaker window up by name (window.open("", name)) becomes its opener in Chromium. Listeners run in
  // the order they were added, and writing a document drops those added before, so the gate is written
  // into the speaker view ahead of the plugin's own script; being the speaker window's own code, it keeps
  // working when the deck reloads and reconnects.
  function speakerGate() {
    var deck = window.opener;
    window.addEventListener("message", function (event) {
      var current = document.querySelector("#current-slide iframe");
      var fromPreview = current !== null && event.source === current.contentWindow;
      if (event.source !== deck && !fromPreview) event.stopImmediatePropagation();
    });
  }

  function guardSpeaker(win) {
    try {
      var doc = win.document;
      doc.write = function (markup) {
        delete doc.write;
        doc.write("<script>(" + speakerGate + ")();<\\/script>" + markup);
      };
    } catch (error) {
      // A window this page cannot write to shows no speaker view either.
    }
  }

  function trusts(source) {
    if (source === null || source === undefined) return false;
    if (receiver) return source === window.parent;
    if (source === speaker) return true;
    // After a reload the speaker window is still open and still writes to this window, its opener; the
    // notes plugin reconnects on its heartbeat. Only a window that this one opened can be it.
    if ((speaker === null || speaker.closed) && openedHere(source)) {
      speaker = source;
      return true;
    }
    return false;
  }

  function readCall(data) {
    if (typeof data !== "string" || data.charAt(0) !== "{") return null;
    try {
      var call = JSON.parse(data);
      if (call === null || METHODS.indexOf(call.method) === -1) return null;
      return { method: call.method, args: Array.isArray(call.args) ? call.args : [] };
    } catch (error) {
      return null;
    }
  }

  // Added before reveal.js and the notes plugin add theirs, so it runs first and can stop what they must
  // not see (the plugin would take any window's heartbeat as its speaker window and send it every note).
  window.addEventListener("message", function (event) {
    if (!trusts(event.source)) {
      event.stopImmediatePropagation();
      return;
    }
    var call = readCall(event.data);
    if (call !== null && Reveal.isReady()) Reveal[call.method].apply(Reveal, call.args);
  });

  // The notes plugin keeps its speaker window to itself: note it, and guard it, as the plugin opens it.
  if (!receiver) {
    var open = window.open;
    window.open = function (url, name) {
      var opened = open.apply(window, arguments);
      if (name === NOTES_WINDOW && opened) {
        speaker = opened;
        guardSpeaker(opened);
      }
      return opened;
    };
  }

  var config = ${JSON.stringify(config)};
  config.plugins = [RevealNotes];
  // "#/7" is the seventh slide, as the footer and the "g" jump count. The speaker view's previews stay
  // zero-based: the notes plugin opens them at "#/<index>".
  config.hashOneBasedIndex = !receiver;
  // reveal.js gives its root role="application", which keeps screen readers out of browse mode, so they
  // cannot read the slides (reveal.js issue 3772). It sets the role once, before "ready"; removing it
  // leaves the element's own role (main).
  Reveal.on("ready", function () {
    Reveal.getRevealElement().removeAttribute("role");
  });
  // The print view lays every slide out but leaves all but the first hidden from assistive technology,
  // so the tagged PDF would hold only slide 1. Every slide is on the page: expose them all.
  Reveal.on("pdf-ready", function () {
    document.querySelectorAll(".reveal .slides section").forEach(function (slide) {
      slide.removeAttribute("hidden");
      slide.removeAttribute("aria-hidden");
      slide.removeAttribute("inert");
    });
  });
  // A link within the deck (a citation, a "#/anchor" link) is a step the reader can go Back from: reveal.js
  // moves to its slide without a history entry, so Back would leave the deck. Before it does, the current
  // slide is written to this entry and the link's target pushed as a new one; Back then changes the hash,
  // and reveal.js returns to the slide the reader came from.
  if (!receiver) {
    document.addEventListener("click", function (event) {
      var link = event.target instanceof Element ? event.target.closest('.reveal .slides a[href^="#/"]') : null;
      if (link === null || event.defaultPrevented || !Reveal.isReady()) return;
      var slide = Reveal.getCurrentSlide();
      var fragment = Reveal.getIndices().f;
      var here = "#/" + encodeURIComponent(slide.id) + (fragment >= 0 ? "/" + fragment : "");
      history.replaceState(history.state, "", here);
      history.pushState(null, "", link.getAttribute("href"));
    }, true);
  }
  Reveal.initialize(config);
  // reveal.js merges the address's query into its config after the options given to initialize, and has
  // no option to stop it (it drops only "dependencies"), so ?postMessage=true would open its message API
  // and ?url= would point the speaker view's previews elsewhere. It reads these settings only once it
  // starts, after the plugins load (a promise, so after this line), so setting them again here wins.
  // (Filtering the query instead would mean rewriting the address with history.replaceState before
  // reveal.js reads it; this way the address stays as the presenter typed it.)
  Reveal.configure(guarded);
})();`;
}
