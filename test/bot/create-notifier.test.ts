import type { TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { createNotifier, NotifierError, parseRetryAfter, toChannelReference, toNotifierError } from "../../src/bot/create-notifier.js";
import type { ContinueConversation } from "../../src/bot/create-chat-port.js";
import { isRetryableSend } from "../../src/schedule/send-queue.js";

const reply = { kind: "text" as const, text: "digest" };
const channelRef = {
  activityId: "1767700000000",
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/amer/tenant/",
  conversation: { id: "19:ops@thread.tacv2;messageid=1767700000000", conversationType: "channel", isGroup: true },
  bot: { id: "28:bot", name: "extops" },
};

/** A continueConversation that runs the logic with a context whose send does `send`. */
function continuing(send: (activity: unknown) => Promise<unknown>, seen: unknown[] = []): ContinueConversation {
  return async (reference, logic) => {
    seen.push(reference);
    await logic({ sendActivity: send } as unknown as TurnContext);
  };
}

describe("notifier", () => {
  it("when a digest is posted, then it goes to the channel itself, not the thread the reference was captured in", async () => {
    const seen: unknown[] = [];
    const sent: unknown[] = [];
    await createNotifier(continuing(async (a) => sent.push(a), seen)).sendCard(channelRef, reply);
    expect(seen).toEqual([expect.objectContaining({ conversation: expect.objectContaining({ id: "19:ops@thread.tacv2", conversationType: "channel" }), serviceUrl: channelRef.serviceUrl })]);
    expect(seen[0]).not.toHaveProperty("activityId");
    expect(sent).toEqual([expect.objectContaining({ type: "message", text: "digest" })]);
  });

  it("when the connector answers 429 with Retry-After, then the error keeps the status and the wait, and the send queue retries it", async () => {
    const throttled = Object.assign(new Error("Too Many Requests"), {
      name: "RestError",
      statusCode: 429,
      response: { headers: { get: (name: string) => (name === "retry-after" ? "3" : undefined) } },
      request: { headers: { authorization: "Bearer secret-token" } },
    });
    const error = await createNotifier(continuing(async () => Promise.reject(throttled)))
      .sendCard(channelRef, reply)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifierError);
    expect(error).toMatchObject({ statusCode: 429, retryAfterMs: 3000 });
    expect(isRetryableSend(error)).toBe(true);
    // Nothing of the request (its token) travels with the error into the logs.
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain("secret-token");
  });

  it("when the proactive turn itself fails or never runs, then the caller gets an error instead of a silent success", async () => {
    const broken: ContinueConversation = async () => Promise.reject(Object.assign(new Error("boom"), { statusCode: 404 }));
    await expect(createNotifier(broken).sendCard(channelRef, reply)).rejects.toMatchObject({ statusCode: 404 });
    const skipped: ContinueConversation = async () => undefined;
    await expect(createNotifier(skipped).sendCard(channelRef, reply)).rejects.toBeInstanceOf(NotifierError);
  });

  it("when Retry-After is seconds, an HTTP date, or junk, then the wait is read accordingly", () => {
    const now = Date.parse("2026-03-02T09:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    // Older clients keep headers as a plain object.
    expect(toNotifierError({ statusCode: 412, response: { headers: { "retry-after": "1" } } }, now)).toMatchObject({ statusCode: 412, retryAfterMs: 1000 });
  });

  it("when a personal chat reference is stored, then its conversation id is kept as is", () => {
    const personal = { ...channelRef, conversation: { id: "a:1personal", conversationType: "personal", isGroup: false } };
    expect(toChannelReference(personal as unknown as Parameters<typeof toChannelReference>[0]).conversation?.id).toBe("a:1personal");
  });
});
