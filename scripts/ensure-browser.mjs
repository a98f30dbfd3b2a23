// Part of the install step: makes sure PDF export has Chrome Headless Shell, the browser briefdeck prints
// with best, as `briefdeck browser install` does: nothing when one is already there; else Puppeteer's
// download; else, on Debian or Ubuntu as root, apt-get install -y chromium-headless-shell. Without the
// shell, a full Chrome or Chromium prints too. It never fails the install: HTML decks build without a
// browser, and `briefdeck build` prints the fix when PDFs need one.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const {
  BROWSER_INSTALL_COMMAND,
  browserFixCommand,
  describeBrowser,
  installBrowser,
} = require("../lib/api.cjs");
const say = (text) => console.log(`briefdeck: ${text}`);

if (process.env.BRIEFDECK_SKIP_BROWSER_INSTALL) process.exit(0);
const { found } = await installBrowser(process.env, say);
if (found === undefined) {
  say(`no browser for PDF export; HTML still builds (--no-pdf). To fix: ${BROWSER_INSTALL_COMMAND}`);
} else {
  say(`PDF export will use ${describeBrowser(found)}`);
  if (found.kind !== "headless-shell") say(`Chrome Headless Shell prints faster: ${browserFixCommand()}`);
}
