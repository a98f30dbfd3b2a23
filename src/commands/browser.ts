import { resolve } from "node:path";
import {
  BROWSER_INSTALL_COMMAND,
  browserFixCommand,
  describeBrowser,
  type FoundBrowser,
  findBrowser,
} from "../browser/find-browser.ts";
import { browserVersion, installBrowser } from "../browser/install-browser.ts";
import { EnvironmentError, EXIT, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import type { Command, ParsedArgs } from "./command.ts";

export const BROWSER_USAGE = `Usage: briefdeck browser status|install [options]

  status    says which browser will print PDFs and where it came from
  install   gets Chrome Headless Shell (the fastest printer): Puppeteer's download, else, as root on
            Debian or Ubuntu, apt-get install -y chromium-headless-shell; else prints the command to run

The search order: --browser, PUPPETEER_EXECUTABLE_PATH, a Chrome Headless Shell Puppeteer downloaded,
the system's chromium-headless-shell, then a full Chrome or Chromium.

Options:
  --browser PATH   (status) the browser to describe instead of searching
  -h, --help       show this help
`;

/** `briefdeck browser status|install`: exit 0 when PDFs have a browser, 3 when they have none. */
export async function runBrowser(args: ParsedArgs, io: Io): Promise<number> {
  const [action, ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError(`browser ${action} takes no arguments`);
  if (action === "status") return status(args, io);
  if (action === "install") {
    if (args.string("browser") !== undefined) throw new UsageError("browser install takes no --browser");
    return install(io);
  }
  throw new UsageError(
    action === undefined ? "browser needs status or install" : `unknown browser action "${action}"`,
  );
}

async function status(args: ParsedArgs, io: Io): Promise<number> {
  const endpoint = io.env.BRIEFDECK_BROWSER_WS_ENDPOINT;
  if (endpoint) {
    io.stdout(`PDFs print with the browser at ${endpoint} (BRIEFDECK_BROWSER_WS_ENDPOINT)\n`);
    return EXIT.ok;
  }
  const explicit = args.string("browser");
  const found = await findBrowser(explicit === undefined ? undefined : resolve(io.cwd, explicit), io.env);
  if (found === undefined) throw noBrowser(explicit ?? io.env.PUPPETEER_EXECUTABLE_PATH);
  await describe(io, found);
  if (found.kind !== "headless-shell")
    io.stdout(`Chrome Headless Shell prints in about half the time: ${BROWSER_INSTALL_COMMAND}\n`);
  return EXIT.ok;
}

async function install(io: Io): Promise<number> {
  const say = (text: string) => io.stderr(`briefdeck: ${text}\n`);
  const { found, installed } = await installBrowser(io.env, say);
  if (found?.kind === "headless-shell") {
    io.stdout(installed ? "installed Chrome Headless Shell\n" : "Chrome Headless Shell is already here\n");
    await describe(io, found);
    return EXIT.ok;
  }
  const fix = `install Chrome Headless Shell with: ${browserFixCommand()}`;
  if (found === undefined) throw new EnvironmentError(`no browser could be installed; ${fix}`);
  io.stdout(`Chrome Headless Shell could not be installed here; ${fix}\n`);
  await describe(io, found);
  return EXIT.ok;
}

async function describe(io: Io, found: FoundBrowser): Promise<void> {
  const version = await browserVersion(found.path);
  io.stdout(`PDFs print with ${describeBrowser(found)}${version ? `: ${version}` : ""}\n`);
}

function noBrowser(named: string | undefined): EnvironmentError {
  const what = named ? `the browser ${named} does not exist` : "no Chrome or Chromium was found";
  return new EnvironmentError(
    `${what}; one is needed to print PDFs and to check slide layout. Fix: ${BROWSER_INSTALL_COMMAND}`,
  );
}

/** `briefdeck browser`. */
export const command: Command = {
  usage: BROWSER_USAGE,
  options: { browser: { type: "string" } },
  run: runBrowser,
};
