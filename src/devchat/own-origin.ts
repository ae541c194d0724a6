import type { IncomingMessage } from "node:http";

/**
 * This server's own http origin as the socket that accepted the request sees it (e.g.
 * http://127.0.0.1:3978): the address the bot, in the same process or on the same machine, can
 * reach for sure, unlike the Host header a browser sent (localhost, a tunnel name, ...).
 */
export function ownOrigin(req: IncomingMessage): string {
  let host = req.socket.localAddress ?? "127.0.0.1";
  if (host.startsWith("::ffff:")) host = host.slice("::ffff:".length);
  if (host.includes(":")) host = `[${host}]`;
  return `http://${host}:${req.socket.localPort ?? 80}`;
}

/** A bot URL given as a path ("/api/messages") means this same server. */
export function resolveOnThisServer(url: string, req: IncomingMessage): string {
  return url.startsWith("/") ? `${ownOrigin(req)}${url}` : url;
}
