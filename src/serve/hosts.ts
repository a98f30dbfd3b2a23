import { isIP } from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Whether a host name is the loopback interface. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Which Host headers (and Origins, less their `http://`) name a server listening on `listenHost` (`[::1]`
 * or `::1`): the host it listens on, as a URL names it; on loopback also the usual names of loopback
 * (127.0.0.2 is loopback too). Only literal names: a DNS name that rebinds to loopback is still refused.
 * On every interface (0.0.0.0, ::) the machine's own addresses are not known in advance: any address
 * literal is, as no DNS name is one, and localhost.
 */
export function hostNames(listenHost: string): {
  urlHost: string;
  allowed(host: string | undefined, port: number): boolean;
} {
  const bare = listenHost.replace(/^\[(.*)\]$/, "$1");
  const urlHost = bare.includes(":") ? `[${bare}]` : bare;
  const wildcard = bare === "0.0.0.0" || bare === "::";
  const names = isLoopback(bare) ? [urlHost, "127.0.0.1", "localhost", "[::1]"] : [urlHost];
  return {
    urlHost,
    allowed(host, port) {
      // A browser leaves out the port when it is HTTP's own, 80.
      const bareHost = port === 80 && host !== undefined && !/:\d+$/.test(host) ? host : undefined;
      const name = host?.endsWith(`:${port}`) ? host.slice(0, -`:${port}`.length) : bareHost;
      if (name === undefined) return false;
      if (wildcard && (name === "localhost" || isIP(name.replace(/^\[(.*)\]$/, "$1")) !== 0)) return true;
      return names.includes(name);
    },
  };
}
