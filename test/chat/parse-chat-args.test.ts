import { describe, expect, it } from "vitest";
import { ChatUsageError, chatUser, parseChatArgs } from "../../src/chat/parse-chat-args.js";

describe("parseChatArgs", () => {
  it("when only commands are given, then the embedded bot is used in English in a personal chat", () => {
    expect(parseChatArgs(["status vm-web-01", " drift rg-prod "], {})).toEqual({
      commands: ["status vm-web-01", "drift rg-prod"],
      locale: "en-US",
      scope: "personal",
      json: false,
      help: false,
    });
  });

  it.each([
    ["http://localhost:3978", "http://localhost:3978/api/messages"],
    ["http://localhost:3978/", "http://localhost:3978/api/messages"],
    ["https://bot.example/api/messages", "https://bot.example/api/messages"],
  ])("when --url is %s, then the bot is posted to at %s", (url, expected) => {
    expect(parseChatArgs(["--url", url, "help"], {}).messagesUrl).toBe(expected);
  });

  it("when EXTOPS_BOT_URL is set, then it is used unless --url overrides it", () => {
    expect(parseChatArgs(["help"], { EXTOPS_BOT_URL: "http://127.0.0.1:4000" }).messagesUrl).toBe("http://127.0.0.1:4000/api/messages");
    expect(parseChatArgs(["--url", "http://127.0.0.1:5000", "help"], { EXTOPS_BOT_URL: "http://127.0.0.1:4000" }).messagesUrl).toBe(
      "http://127.0.0.1:5000/api/messages",
    );
  });

  it.each([
    ["ja", "ja-JP"],
    ["JA", "ja-JP"],
    ["en", "en-US"],
    ["ja-JP", "ja-JP"],
    ["en-GB", "en-GB"],
  ])("when --locale is %s, then the Teams locale is %s", (flag, tag) => {
    expect(parseChatArgs(["--locale", flag, "help"], {}).locale).toBe(tag);
  });

  it("when --user and --channel are given, then the message comes from that user in a channel", () => {
    const options = parseChatArgs(["--user", "Ken Sato", "--channel", "--json", "help"], {});
    expect(options.user).toEqual(chatUser("Ken Sato"));
    expect(options.user!.name).toBe("Ken Sato");
    expect(options.scope).toBe("channel");
    expect(options.json).toBe(true);
  });

  it("when the same user name is given twice, then the IDs are the same, and different names give different IDs", () => {
    expect(chatUser("a")).toEqual(chatUser("a"));
    expect(chatUser("a").aadObjectId).not.toBe(chatUser("b").aadObjectId);
    expect(chatUser("a").aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([[["--url", "not a url"]], [["--url", "ftp://x"]], [["--locale", "日本語"]], [["--bogus"]], [["--user", " "]]])(
    "when the arguments are %j, then a ChatUsageError explains it",
    (argv) => {
      expect(() => parseChatArgs(argv, {})).toThrow(ChatUsageError);
    },
  );
});

describe("demo people on the command line", () => {
  it("when --user names a demo person, then the chat acts with the object ID the demo grants know", () => {
    expect(chatUser("bob").aadObjectId).toBe("22222222-2222-4222-8222-222222222222");
    expect(chatUser("Alice").name).toBe("Alice (on-call)");
    expect(chatUser("dave").aadObjectId).not.toMatch(/^[1-3]{8}-/);
  });
});
