// npm's `prepare`: in a clone, `npm install` builds lib/ (with a warm code cache) and finds a browser for PDF
// export. npm also runs `prepare` when packing, after `prepack` has built lib/ for the package; nothing is
// left to do then, and the package must not depend on this machine's browser.
import { execFileSync } from "node:child_process";

if (!["pack", "publish"].includes(process.env.npm_command ?? "")) {
  for (const script of ["scripts/bundle.mjs", "scripts/ensure-browser.mjs"]) {
    execFileSync(process.execPath, [script], { stdio: "inherit" });
  }
}
