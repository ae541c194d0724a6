import { describe, expect, it } from "vitest";
import { conversationIdOf, coversConversation, createConversationHub, type HubEvent } from "../../src/devchat/conversation-hub.js";

const message = (id: string, conversationId: string, text: string) => ({ id, type: "message", text, conversation: { id: conversationId }, from: { id: "28:bot" }, timestamp: "t0" });

describe("conversation hub", () => {
  it("when ids are asked for within one millisecond, then each is new and larger than the last", () => {
    const hub = createConversationHub({ now: () => 1_767_765_488_332 });
    const ids = [hub.nextId(), hub.nextId(), hub.nextId()].map(Number);
    expect(ids).toEqual([1_767_765_488_332, 1_767_765_488_333, 1_767_765_488_334]);
  });

  it("when a channel is opened, then it covers its threads but not another conversation that shares the prefix", () => {
    expect(coversConversation("19:c@thread.tacv2", "19:c@thread.tacv2;messageid=1")).toBe(true);
    expect(coversConversation("19:c@thread.tacv2", "19:c@thread.tacv2")).toBe(true);
    expect(coversConversation("19:c@thread.tacv2", "19:c@thread.tacv2x")).toBe(false);
    expect(coversConversation("a:alice", "a:bob")).toBe(false);
  });

  it("when a message is updated, then it keeps its place, sender and time, loses old content, and listeners hear of it", () => {
    const hub = createConversationHub();
    const heard: HubEvent[] = [];
    hub.subscribe("a:1", (event) => heard.push(event));
    hub.add(message("1", "a:1", "first"));
    hub.add(message("2", "a:1", "second"));
    const updated = hub.update("a:1", "1", { type: "message", attachments: [] });
    expect(updated).toMatchObject({ id: "1", from: { id: "28:bot" }, timestamp: "t0", conversation: { id: "a:1" } });
    expect(updated).not.toHaveProperty("text");
    expect(hub.history("a:1").map((a) => a.id)).toEqual(["1", "2"]);
    expect(heard.map((e) => e.kind)).toEqual(["activity", "activity", "update"]);
    expect(hub.update("a:2", "1", { type: "message" })).toBeUndefined();
  });

  it("when more than the capacity is recorded, then the oldest go first", () => {
    const hub = createConversationHub({ capacity: 3 });
    for (const id of ["1", "2", "3", "4"]) hub.add(message(id, "a:1", id));
    expect(hub.history("a:1").map((a) => a.id)).toEqual(["2", "3", "4"]);
    expect(hub.find("1")).toBeUndefined();
  });

  it("when a listener unsubscribes, then it hears nothing more", () => {
    const hub = createConversationHub();
    const heard: HubEvent[] = [];
    const stop = hub.subscribe("a:1", (event) => heard.push(event));
    hub.add(message("1", "a:1", "x"));
    stop();
    hub.add(message("2", "a:1", "y"));
    expect(heard.map((e) => (e.kind === "delete" ? e.id : e.activity.id))).toEqual(["1"]);
    expect(hub.history("a:1").map(conversationIdOf)).toEqual(["a:1", "a:1"]);
  });
});
