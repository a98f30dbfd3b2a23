import type { Server } from "node:http";
import { EnvironmentError, UsageError } from "../errors.ts";

/** How many ports after a taken one are tried before giving up. */
const TRIES = 20;

/**
 * Listens on `host`:`first`, or the next free port when it is taken (up to 20, never past 65535), and
 * returns the port. Anything else that stops it is one line naming the address and the fix: an
 * EnvironmentError (every port taken, a port that needs root, an address this machine does not have) or
 * a UsageError (a host name that does not resolve, a port that is not a port).
 */
export async function listen(
  server: Server,
  host: string,
  first: number,
  log: (text: string) => void,
): Promise<number> {
  const last = first === 0 ? 0 : Math.min(first + TRIES - 1, 65535);
  for (let port = first; port <= last; port++) {
    const result = await listenOnce(server, host, port);
    if (result !== "busy") return result;
    if (port < last) log(`port ${port} is taken; trying ${port + 1}\n`);
  }
  const ports = first === last ? `port ${first} is` : `ports ${first} to ${last} are all`;
  throw new EnvironmentError(
    `${ports} taken on ${host}. Fix: stop what is using ${first === last ? "it" : "them"}, or pass --port with a free port (--port 0 picks one)`,
  );
}

function listenOnce(server: Server, host: string, port: number): Promise<number | "busy"> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") resolve("busy");
      else reject(explain(error, host, port));
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    try {
      server.listen(port, host);
    } catch (error) {
      // A bad port is thrown at once (ERR_SOCKET_BAD_PORT), not emitted.
      server.off("error", onError);
      server.off("listening", onListening);
      reject(explain(error as NodeJS.ErrnoException, host, port));
    }
  });
}

function explain(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const at = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  switch (error.code) {
    case "ERR_SOCKET_BAD_PORT":
      return new UsageError(`--port must be a port number from 0 to 65535, not ${port}`);
    case "EACCES":
      return new EnvironmentError(
        `cannot listen on ${at}: permission denied (ports below 1024 need root). Fix: pass --port 1024 or above (the default is 4100)`,
      );
    case "EADDRNOTAVAIL":
      return new EnvironmentError(
        `cannot listen on ${at}: this machine has no address ${host}. Fix: pass --host 127.0.0.1 (the default)`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return new UsageError(`--host ${host} is not an address or a name of this machine`);
    default:
      return new EnvironmentError(`cannot listen on ${at}: ${error.message}`);
  }
}
