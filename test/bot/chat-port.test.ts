import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotEndpoint } from "../../src/bot/create-bot-endpoint.js";
import { sendChatMessage } from "../../src/chat/send-chat-message.js";
import { systemClock } from "../../src/clock.js";
import type { ChatPort, CommandSpec } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { silentLogger } from "../../src/log.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createFakeFleet } from "../fleet/fake-fleet.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";

// The ChatPort the bot hands to commands: send and update in the conversation, during the turn
// and after it (progress on long work), observed on the wire at the fake connector.

let laterWork: Promise<void> = Promise.resolve();

function spec(verb: string, run: CommandSpec<null>["run"]): CommandSpec<null> {
  return {
    verb,
    aliases: [],
    usageKey: "help.status.usage",
    descriptionKey: "help.status.description",
    examples: [verb],
    grant: "read",
    effect: "read",
    parse: () => ({ ok: true, args: null }),
    run,
  };
}

const specs = [
  // Sends a "working" message, updates it during the turn, then replies.
  spec("progress", async (ctx) => {
    const id = await ctx.chat.send({ kind: "text", text: "working" });
    await ctx.chat.update(id, { kind: "text", text: "half way" });
    return { kind: "text", text: "done" };
  }),
  // Replies at once and reports back after the turn is over (the turn's context is revoked by then).
  spec("later", async (ctx) => {
    const chat: ChatPort = ctx.chat;
    laterWork = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(async () => {
      const id = await chat.send({ kind: "text", text: "finished later" });
      await chat.update(id, { kind: "text", text: "finished later (updated)" });
    });
    return { kind: "text", text: "started" };
  }),
];

let connector: FakeConnector;
let server: RunningServer;
beforeAll(async () => {
  connector = await startFakeConnector();
  const fleet = createFakeFleet();
  const catalog = createVersionCatalog(fleet, { clock: systemClock, ttlMs: 1000 });
  const bot = createBotEndpoint({ commands: { fleet, catalog, clock: systemClock, log: silentLogger, specs }, auth: { appType: "MultiTenant" }, log: silentLogger });
  server = await startServer({ bot, log: silentLogger }, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server?.stop();
  await connector?.close();
});

describe("the bot's ChatPort", () => {
  it("when a command sends and updates during the turn, then the connector sees a POST, a PUT on the returned id, then the reply", async () => {
    connector.clear();
    await sendChatMessage({ messagesUrl: `${server.url}/api/messages`, connector }, "progress");
    const calls = connector.calls.map((c) => ({ method: c.method, text: c.body?.text }));
    expect(calls).toEqual([
      { method: "POST", text: "working" },
      { method: "PUT", text: "half way" },
      { method: "POST", text: "done" },
    ]);
    const sentId = (connector.calls[0]!.answer!.body as { id: string }).id;
    expect(connector.calls[1]!.path.endsWith(`/activities/${sentId}`)).toBe(true);
  });

  it("when a command reports after its turn ended, then the message and its update still reach the same conversation", async () => {
    connector.clear();
    const exchange = await sendChatMessage({ messagesUrl: `${server.url}/api/messages`, connector }, "later");
    expect(exchange.replies.map((r) => r.text)).toEqual(["started"]);
    await laterWork;
    const late = connector.calls.slice(1);
    expect(late.map((c) => [c.method, c.body?.text])).toEqual([
      ["POST", "finished later"],
      ["PUT", "finished later (updated)"],
    ]);
    expect(late[1]!.path.endsWith(`/activities/${(late[0]!.answer!.body as { id: string }).id}`)).toBe(true);
    const conversation = connector.calls[0]!.path.split("/")[3];
    for (const call of late) expect(call.path.split("/")[3]).toBe(conversation);
  });
});
