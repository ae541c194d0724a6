import { describe, expect, it } from "vitest";
import { toActivity, toInvokeError, toInvokeResponse } from "../../src/bot/to-activity.js";
import { buildErrorCard } from "../../src/cards/build-error-card.js";
import { renderCard } from "../../src/cards/render-card.js";
import { expectValidCard } from "../support/validate-card.js";

describe("toActivity", () => {
  it("when the reply is a card, then it becomes one Adaptive Card attachment with the summary as fallback text", () => {
    const reply = buildErrorCard("en", "corr-42");
    const activity = toActivity(reply);
    expect(activity.type).toBe("message");
    expect(activity.summary).toBe(reply.summary);
    expect(activity.attachments).toHaveLength(1);
    const [attachment] = activity.attachments!;
    expect(attachment!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment!.content).toEqual(renderCard(reply));
    expectValidCard(attachment!.content);
  });

  it("when the reply is text, then it is a plain message", () => {
    expect(toActivity({ kind: "text", text: "hello" })).toEqual({ type: "message", text: "hello" });
  });
});

describe("toInvokeResponse", () => {
  it("when the reply is a card, then the invoke answers with the card itself as the replacement", () => {
    const reply = buildErrorCard("ja", "corr-7");
    const response = toInvokeResponse(reply);
    expect(response.statusCode).toBe(200);
    expect(response.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(response.value).toEqual(renderCard(reply));
  });

  it("when the reply is text, then it is a message response", () => {
    expect(toInvokeResponse({ kind: "text", text: "done" })).toEqual({
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
      value: "done",
    });
  });

  it("when an invoke fails, then the body is an error response, not an HTTP 5xx", () => {
    expect(toInvokeError("sorry")).toEqual({
      statusCode: 500,
      type: "application/vnd.microsoft.error",
      value: { code: "InternalError", message: "sorry" },
    });
  });
});
