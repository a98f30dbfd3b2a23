// As root Chromium needs --no-sandbox; the rest keep it off the network. Given to every browser the bench
// launches itself (the peers', and the raw Puppeteer floor's). Its own module: floor.mjs runs as a child and
// must not import lib.mjs, which makes a scratch folder and reads --only when imported.
export const CHROME_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
