import type { ServerResponse } from "node:http";
import type { ConversationHub, HubEvent } from "./conversation-hub.js";

// Server-Sent Events to the dev chat page: first the conversation so far ("history"), then every
// send, update and delete as it reaches the connector. EventSource reconnects by itself, and each
// reconnect starts with a fresh "history", so the page never has to merge.

/** How often open streams check that the server still listens (see createEventStreams). */
const checkEveryMs = 500;
/** Proxies and browsers drop a silent stream; a comment line every 15 s keeps it open. */
const heartbeatEveryTicks = 30;

export interface EventStreams {
  /** Serves one stream until the client goes away or the streams are closed. */
  open(res: ServerResponse, key: string): Promise<void>;
  /** Ends every open stream (server shutdown). */
  closeAll(): void;
}

function frame(event: string, data: unknown): string {
  // JSON.stringify never emits a raw newline, so one data line per event is enough.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function frameOf(event: HubEvent): string {
  if (event.kind === "delete") return frame("delete", { conversationId: event.conversationId, id: event.id });
  return frame(event.kind, { activity: event.activity });
}

/**
 * `isListening` says whether the HTTP server still accepts connections. Node's server.close() waits
 * for open connections and a stream never goes idle, so once the server stops listening the streams
 * end themselves; otherwise an open browser tab would keep `npm start` from shutting down.
 */
export function createEventStreams(hub: ConversationHub, isListening: () => boolean): EventStreams {
  const streams = new Map<ServerResponse, () => void>();
  let timer: NodeJS.Timeout | undefined;
  let ticks = 0;

  function tick(): void {
    ticks += 1;
    if (!isListening()) {
      for (const end of [...streams.values()]) end();
      return;
    }
    if (ticks % heartbeatEveryTicks === 0) for (const res of streams.keys()) res.write(": keep-alive\n\n");
  }

  return {
    open(res, key) {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        // One stream per connection: when it ends, the socket goes too, so server.close() is not
        // left waiting for an idle keep-alive socket.
        connection: "close",
      });
      res.write("retry: 2000\n\n");
      res.write(frame("history", { conversation: key, activities: hub.history(key) }));
      const unsubscribe = hub.subscribe(key, (event) => res.write(frameOf(event)));
      return new Promise<void>((resolve) => {
        const end = () => {
          if (!streams.delete(res)) return;
          unsubscribe();
          if (streams.size === 0 && timer) {
            clearInterval(timer);
            timer = undefined;
          }
          if (!res.writableEnded) res.end();
          resolve();
        };
        streams.set(res, end);
        if (!timer) {
          timer = setInterval(tick, checkEveryMs);
          timer.unref();
        }
        res.on("close", end);
      });
    },
    closeAll() {
      for (const end of [...streams.values()]) end();
    },
  };
}
