// Small readers over what the fake connector recorded, shared by the e2e suites.
import { Writable } from "node:stream";
import { expect } from "vitest";
import { cardToText } from "../../src/cards/card-to-text.js";
import type { ChatExchange } from "../../src/chat/send-chat-message.js";
import { latestOf } from "../../src/drift/version.js";
import { createLogger, type Logger } from "../../src/log.js";
import { demoFixture, type Fixture } from "../../src/sim/index.js";
import { cardsOf } from "../support/fake-connector.js";
import { expectValidCard } from "../support/validate-card.js";

/** The one card the bot answered with, validated (schema, SDK, extops rules). */
export function onlyCard(exchange: ChatExchange): Record<string, unknown> {
  expect(exchange.status).toBe(200);
  expect(exchange.replies).toHaveLength(1);
  const cards = cardsOf(exchange.replies[0]);
  expect(cards).toHaveLength(1);
  expectValidCard(cards[0]);
  return cards[0]!;
}

export function textOf(card: unknown): string {
  return cardToText(card);
}

/** An Action.Execute button as the card holds it; `fallback` is the Action.Submit old clients get (bot-framework.md §5.4). */
export interface ExecuteAction {
  type: string;
  title?: string;
  verb: string;
  data: Record<string, unknown>;
  fallback?: { type: string; data: Record<string, unknown> };
}

/** Every Action.Execute anywhere in a card (body, action sets, show-cards), in document order. */
export function executeActions(card: unknown): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      if ((node as { type?: unknown }).type === "Action.Execute") found.push(node as ExecuteAction);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

type GroupFixture = NonNullable<Fixture["subscriptions"][number]["resourceGroups"]>[number];
type VmFixture = NonNullable<GroupFixture["vms"]>[number];

/** A VM of the demo fleet as the fixture defines it: expectations come from the data, not from the code under test. */
export function demoVm(resourceGroup: string, name: string): VmFixture {
  for (const subscription of demoFixture.subscriptions) {
    for (const group of subscription.resourceGroups ?? []) {
      if (group.name !== resourceGroup) continue;
      const vm = group.vms?.find((v) => v.name === name);
      if (vm) return vm;
    }
  }
  throw new Error(`demo fleet has no ${resourceGroup}/${name}`);
}

/** The highest version the demo fleet lists for an extension type in a region. */
export function demoLatest(location: string, type: string): string {
  const image = demoFixture.extensionImages?.find((i) => i.location === location && i.type === type);
  if (!image) throw new Error(`demo fleet lists no ${type} in ${location}`);
  return latestOf(image.versions)!;
}

export interface MemoryLog {
  log: Logger;
  /** Every JSON line written so far. */
  entries(): Record<string, unknown>[];
  text(): string;
}

/** A real pino logger (with the production redaction) writing into memory, to assert on logs. */
export function memoryLogger(level = "debug"): MemoryLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const log = createLogger({ level, destination });
  const text = () => chunks.join("");
  return {
    log,
    text,
    entries: () =>
      text()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
