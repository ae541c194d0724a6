// The fake Bot Connector of the e2e tests (bot-framework.md §8.2). It is the chat CLI's capture
// connector: one implementation, so the CLI and the tests see the bot's wire traffic the same way.
import type { CaptureConnector, CaptureTeam, ConnectorCall } from "../../src/chat/capture-connector.js";
export { startCaptureConnector as startFakeConnector } from "../../src/chat/capture-connector.js";
export type { CaptureConnector as FakeConnector, CaptureTeam as FakeTeam, ConnectorCall };

/** The Adaptive Card attachments of an activity the bot sent. */
export function cardsOf(activity: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const attachments = Array.isArray(activity?.attachments) ? (activity.attachments as Record<string, unknown>[]) : [];
  return attachments.filter((a) => a.contentType === "application/vnd.microsoft.card.adaptive").map((a) => a.content as Record<string, unknown>);
}

/** Message activities the bot posted (sends and replies), in order. */
export function sentMessages(connector: CaptureConnector): ConnectorCall[] {
  return connector.calls.filter((call) => call.method === "POST" && call.body?.type === "message");
}
