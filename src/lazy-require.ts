import { createRequire } from "node:module";

/**
 * Loads a dependency only when it is first needed. Puppeteer is large and only PDF export and `check`'s
 * layout pass use it. `require` rather than `import()`: the bundled CLI runs from V8's code cache, where
 * dynamic import() has no loader to call.
 */
export const lazyRequire = createRequire(import.meta.url);
