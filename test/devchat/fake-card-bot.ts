import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DemoUser } from "../../src/devchat/demo-users.js";

// A bot that does exactly what the refresh rules need, so the page's Universal Action handling is
// tested on its own (bot-framework.md §5.3): "card" posts a card whose refresh names one user,
// "update" replaces that card (PUT), and every invoke answers with a card naming who asked and why.

export interface RecordedInvoke {
  verb: string;
  trigger: string;
  userAadObjectId: string;
  replyToId: string;
}

export interface FakeCardBot {
  messagesUrl: string;
  invokes: RecordedInvoke[];
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

function card(text: string, refreshFor: string, version: number): Json {
  return {
    type: "AdaptiveCard",
    version: "1.5",
    body: [{ type: "TextBlock", text, wrap: true }],
    actions: [{ type: "Action.Execute", title: "Press", verb: "press", data: { version } }],
    refresh: { action: { type: "Action.Execute", verb: "refreshView", data: { version } }, userIds: [refreshFor] },
  };
}

async function readJson(req: http.IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json;
}

export async function startFakeCardBot(refreshFor: DemoUser): Promise<FakeCardBot> {
  const invokes: RecordedInvoke[] = [];
  let posted: { url: string; version: number } | undefined;

  async function connector(method: string, url: string, body: Json): Promise<Json> {
    const response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
    return (await response.json()) as Json;
  }

  async function handle(activity: Json): Promise<{ status: number; body?: Json }> {
    const conversationId = (activity.conversation as { id: string }).id;
    const from = activity.from as { name: string; aadObjectId: string };
    const base = `${String(activity.serviceUrl)}v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    const message = (content: Json): Json => ({
      type: "message",
      from: { id: "28:fake-bot", name: "fake bot" },
      conversation: { id: conversationId },
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content }],
    });
    // In a channel the text @mentions the bot: <at>extops</at> card
    const text = typeof activity.text === "string" ? activity.text.replace(/<at>[^<]*<\/at>/g, "").trim() : undefined;
    if (activity.type === "message" && text === "card") {
      const sent = await connector("POST", `${base}/${encodeURIComponent(String(activity.id))}`, message(card("Base card v1", refreshFor.id, 1)));
      posted = { url: `${base}/${encodeURIComponent(String(sent.id))}`, version: 1 };
    } else if (activity.type === "message" && text === "update" && posted) {
      posted.version += 1;
      await connector("PUT", posted.url, message(card(`Base card v${posted.version}`, refreshFor.id, posted.version)));
    } else if (activity.type === "invoke") {
      const value = activity.value as { action: { verb: string; data: { version?: number } }; trigger: string };
      invokes.push({ verb: value.action.verb, trigger: value.trigger, userAadObjectId: from.aadObjectId, replyToId: String(activity.replyToId) });
      const text =
        value.action.verb === "refreshView"
          ? `View for ${from.name} (${value.trigger}), v${value.action.data.version}`
          : `Pressed by ${from.name} (${value.trigger})`;
      return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card(text, refreshFor.id, value.action.data.version ?? 0) } };
    }
    return { status: 200 };
  }

  const server = http.createServer((req, res) => {
    readJson(req)
      .then(handle)
      .then(({ status, body }) => {
        res.writeHead(status, body ? { "content-type": "application/json" } : {});
        res.end(body ? JSON.stringify(body) : undefined);
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    messagesUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    invokes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
