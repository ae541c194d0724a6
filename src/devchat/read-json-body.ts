import type { IncomingMessage } from "node:http";

const maxBodyBytes = 1024 * 1024;

/**
 * The request's JSON body. The bot's server parses bodies with restify's bodyParser (src/server.ts);
 * a server without it leaves the stream unread, so read it here. Throws SyntaxError on bad JSON.
 */
export async function readJsonBody(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body !== undefined) {
    if (typeof req.body === "string" || Buffer.isBuffer(req.body)) return req.body.length === 0 ? undefined : JSON.parse(String(req.body));
    return req.body;
  }
  if (req.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new RangeError("request body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text.length === 0 ? undefined : JSON.parse(text);
}
