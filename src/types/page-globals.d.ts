// What briefdeck's print and layout pages define on their window (pdf/load-page.ts installs them before a
// document's own scripts; render/fit-script.ts the fit), as the code run in those pages reads them.
interface Window {
  /** Finishes every CSS animation and transition (an endless one is cancelled). */
  __briefdeckFinishAnimations?: () => void;
  /** The Content-Security-Policy violations seen since the document loaded. */
  __briefdeckViolations?: string[];
  /** Resolves when reveal.js has laid its print view out. */
  __briefdeckPdfReady?: Promise<void>;
  /** Runs the deck's fit over every slide. */
  __briefdeckFit?: () => void;
}
