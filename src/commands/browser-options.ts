import { resolve } from "node:path";
import type { BrowserOptions } from "../browser/session.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import type { ParsedArgs } from "./command.ts";

const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The browser flags shared by build and check: --browser, --browser-ws-endpoint, --timeout. */
export function resolveBrowserOptions(args: ParsedArgs, io: Io): BrowserOptions {
  const seconds = Number(args.string("timeout") ?? "60");
  // A timer longer than 2^31 - 1 ms fires at once, so a huge timeout would stop every PDF straight away.
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
  const executable = args.string("browser");
  const wsEndpoint =
    args.string("browser-ws-endpoint") ?? (io.env.BRIEFDECK_BROWSER_WS_ENDPOINT || undefined);
  if (wsEndpoint !== undefined && !/^wss?:\/\//.test(wsEndpoint)) {
    throw new UsageError(`--browser-ws-endpoint must be a ws:// or wss:// URL, not "${wsEndpoint}"`);
  }
  return {
    executable: executable === undefined ? undefined : resolve(io.cwd, executable),
    wsEndpoint,
    env: io.env,
    protocolTimeout: seconds * 1000,
  };
}
