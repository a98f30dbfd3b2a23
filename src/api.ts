/**
 * What the repository's own scripts and benchmark use from briefdeck, bundled on its own as lib/api.cjs
 * so that none of them reaches into the command line's module: finding and starting the same browser,
 * and the stages of `check` to time one by one (loaded on demand).
 */
export {
  BROWSER_INSTALL_COMMAND,
  browserFixCommand,
  describeBrowser,
  findBrowser,
} from "./browser/find-browser.ts";
export { installBrowser } from "./browser/install-browser.ts";
export { BASE_CHROMIUM_ARGS, CHROMIUM_ARGS } from "./browser/session.ts";

/** The stages of `check`, for bench/craft.mjs to time in a cold process. */
export async function stages() {
  const [{ compileBrief }, { lintBrief }, { parseBrief }, { loadTemplates }, { validateBrief }] =
    await Promise.all([
      import("./pipeline/compile-brief.ts"),
      import("./brief/lint-brief.ts"),
      import("./brief/parse-brief.ts"),
      import("./render/templates.ts"),
      import("./brief/validate-brief.ts"),
    ]);
  return { compileBrief, lintBrief, parseBrief, loadTemplates, validateBrief };
}
