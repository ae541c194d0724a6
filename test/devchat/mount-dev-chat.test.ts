import type { AddressInfo } from "node:net";
import * as AC from "adaptivecards";
import restify from "restify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalConversationId } from "../../src/devchat/build-teams-activity.js";
import { demoUsers } from "../../src/devchat/demo-users.js";
import { mountDevChat } from "../../src/devchat/mount-dev-chat.js";
import { silentLogger } from "../../src/log.js";
import { openEventStream } from "./read-event-stream.js";
import { startDevChatServer, type DevChatServer } from "./start-dev-chat-app.js";

describe("mounting the dev chat", () => {
  it("when the bot has a MicrosoftAppId (authenticated mode), then no /devchat route exists", async () => {
    const server = restify.createServer();
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    const devChat = mountDevChat(server, { botMessagesUrl: "/api/messages", log: silentLogger, demoUsers, botMode: "authenticated" });
    expect(devChat).toBeUndefined();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const conversation = encodeURIComponent(personalConversationId(demoUsers[0]!));
      const attempts = [
        fetch(`${url}/devchat`),
        fetch(`${url}/devchat/config`),
        fetch(`${url}/devchat/events?conversation=${conversation}`),
        fetch(`${url}/devchat/send`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
        fetch(`${url}/devchat/connector/v3/conversations/${conversation}/activities`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "message", text: "x" }),
        }),
      ];
      for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("shutting down with a page open", () => {
  it("when the server closes while an event stream is open, then the stream ends and close() completes", async () => {
    const server = restify.createServer();
    mountDevChat(server, { botMessagesUrl: "/api/messages", log: silentLogger, demoUsers, botMode: "local" });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const events = await openEventStream(`${url}/devchat/events?conversation=${encodeURIComponent(personalConversationId(demoUsers[0]!))}`);
    await events.waitFor((e) => e.event === "history");
    const startedAt = performance.now();
    // Not DevChat.close(): a caller that forgets it must still be able to stop (npm start, Ctrl+C).
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(performance.now() - startedAt).toBeLessThan(3_000);
    events.close();
  });
});

describe("dev chat page and assets", () => {
  let chat: DevChatServer;
  beforeAll(async () => {
    chat = await startDevChatServer({ botMessagesUrl: "http://127.0.0.1:9/api/messages" });
  });
  afterAll(async () => {
    await chat?.stop();
  });

  it("when the page is asked for, then HTML comes with a content security policy that allows only its own scripts", async () => {
    const response = await fetch(`${chat.url}/devchat`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('src="/devchat/adaptivecards.min.js"');
    expect(html).toContain('src="/devchat/devchat.js"');
  });

  it("when the page loads its scripts, then each one it names is served", async () => {
    const html = await (await fetch(`${chat.url}/devchat`)).text();
    const sources = [...html.matchAll(/(?:src|href)="(\/devchat\/[^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) expect((await fetch(`${chat.url}${source}`)).status, source).toBe(200);
    const script = await (await fetch(`${chat.url}/devchat/devchat.js`)).text();
    for (const [, imported] of script.matchAll(/from "\.\/([^"]+)"/g)) expect((await fetch(`${chat.url}/devchat/${imported}`)).status, imported).toBe(200);
  });

  it("when the official renderer is asked for, then the adaptivecards UMD bundle comes back", async () => {
    const response = await fetch(`${chat.url}/devchat/adaptivecards.min.js`);
    expect(response.headers.get("content-type")).toContain("javascript");
    expect(await response.text()).toContain("AdaptiveCards");
  });

  it("when the host config is loaded by the SDK, then it is Teams-like: 6 actions at most, Segoe UI first", async () => {
    const json = (await (await fetch(`${chat.url}/devchat/teams-host-config.json`)).json()) as Record<string, unknown>;
    const hostConfig = new AC.HostConfig(json);
    expect(hostConfig.actions.maxActions).toBe(6);
    expect(hostConfig.getFontTypeDefinition().fontFamily).toMatch(/^'Segoe UI'/);
    expect(hostConfig.supportsInteractivity).toBe(true);
  });

  it("when the page asks for its settings, then it gets the demo users with their own 1:1 conversations and its words in en and ja", async () => {
    const config = (await (await fetch(`${chat.url}/devchat/config`)).json()) as {
      users: { aadObjectId: string; personalConversationId: string }[];
      strings: Record<string, Record<string, string>>;
    };
    expect(config.users.map((u) => u.aadObjectId)).toEqual(demoUsers.map((u) => u.aadObjectId));
    expect(new Set(config.users.map((u) => u.personalConversationId)).size).toBe(demoUsers.length);
    expect(Object.keys(config.strings.ja!).sort()).toEqual(Object.keys(config.strings.en!).sort());
    expect(config.strings.en!["compose.send"]).toBeTruthy();
    expect(config.strings.ja!["compose.send"]).not.toBe(config.strings.en!["compose.send"]);
  });

  it("when the event stream is asked for without a conversation, then 400 comes back", async () => {
    expect((await fetch(`${chat.url}/devchat/events`)).status).toBe(400);
  });
});
