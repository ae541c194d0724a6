// Readers over what the approval e2e tests see: the card a turn answered with, the cards the bot
// posted or updated at the fake connector, the buttons on them. Every card read here is validated.
import { expect } from "vitest";
import type { ChatExchange } from "../../src/chat/send-chat-message.js";
import type { ConnectorCall, FakeConnector } from "../support/fake-connector.js";
import { cardsOf } from "../support/fake-connector.js";
import { expectValidCard } from "../support/validate-card.js";
import { textOf } from "./e2e-support.js";

export type Card = Record<string, unknown>;

/** The card the bot posted for a typed message (exactly one reply, one card). */
export function postedCard(exchange: ChatExchange): Card {
  expect(exchange.status).toBe(200);
  expect(exchange.replies).toHaveLength(1);
  const [card] = cardsOf(exchange.replies[0]);
  expect(card).toBeDefined();
  expectValidCard(card);
  return card!;
}

/** The card an invoke answered with (the clicker's own view). */
export function invokeCard(exchange: ChatExchange): Card {
  expect(exchange.status).toBe(200);
  const body = JSON.parse(exchange.body) as { statusCode: number; type: string; value: Card };
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
  expectValidCard(body.value);
  return body.value;
}

export interface Button {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute of a card (refresh not included), in order. */
export function buttonsOf(card: Card): Button[] {
  const found: Button[] = [];
  const walk = (node: unknown, inRefresh: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inRefresh));
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record.type === "Action.Execute" && !inRefresh) {
      found.push({ title: String(record.title), verb: String(record.verb), data: record.data as Record<string, unknown> });
    }
    for (const [key, value] of Object.entries(record)) walk(value, inRefresh || key === "refresh");
  };
  walk(card, false);
  return found;
}

export function button(card: Card, verb: string): Button {
  const found = buttonsOf(card).find((b) => b.verb === verb);
  if (!found) throw new Error(`card has no ${verb} button:\n${textOf(card)}`);
  return found;
}

export function refreshOf(card: Card): { verb: string; data: Record<string, unknown>; userIds: string[] } {
  const refresh = card.refresh as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
  return { verb: refresh.action.verb, data: refresh.action.data, userIds: refresh.userIds };
}

/** Message updates (PUT .../activities/{id}) of one message, oldest first, each card validated. */
export function updatesOf(connector: FakeConnector, messageId: string): { call: ConnectorCall; card: Card }[] {
  return connector.calls
    .filter((c) => c.method === "PUT" && c.path.endsWith(`/activities/${messageId}`) && c.answer?.status === 200)
    .map((call) => {
      const [card] = cardsOf(call.body);
      expectValidCard(card);
      return { call, card: card! };
    });
}

/** Waits for a successful update of the message whose card text matches (polls: answers are recorded after the call). */
export async function waitForUpdate(connector: FakeConnector, messageId: string, match: RegExp, timeoutMs = 15_000): Promise<Card> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = updatesOf(connector, messageId).find((u) => match.test(textOf(u.card)));
    if (found) return found.card;
    if (Date.now() > deadline) {
      const seen = updatesOf(connector, messageId).map((u) => textOf(u.card)).join("\n----\n");
      throw new Error(`no update of ${messageId} matched ${match} within ${timeoutMs} ms; updates:\n${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ID the connector gave the posted card (what the bot later updates). */
export function messageIdOf(connector: FakeConnector, exchange: ChatExchange): string {
  const posted = connector.calls.filter((c) => c.method === "POST" && c.body === exchange.replies[0]);
  const answer = posted.at(-1)?.answer?.body as { id?: string } | undefined;
  if (!answer?.id) throw new Error("the posted card got no message id");
  return answer.id;
}

/** The request ID shown on an approval card (its buttons and refresh carry it). */
export function requestIdOf(card: Card): string {
  return String(refreshOf(card).data.requestId);
}
