// Runs commands the way the bot does (handleMessage / handleCardAction) against a fake fleet, and
// renders + validates every card reply: the shared setup of test/commands/*.
import { Writable } from "node:stream";
import { pino } from "pino";
import { renderCard, type AdaptiveCard } from "../../src/cards/render-card.js";
import { handleCardAction, handleMessage, type CommandDeps } from "../../src/commands/dispatch.js";
import type { CardReply, ChatPort, ChatRequest, Reply } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import type { Locale } from "../../src/i18n/translate.js";
import { createDemoFakeFleet } from "../fleet/demo-fake-fleet.js";
import type { FakeFleet } from "../fleet/fake-fleet.js";
import { expectValidCard } from "./validate-card.js";

export const harnessNow = new Date("2026-03-02T09:00:00Z");

export interface Harness {
  fleet: FakeFleet;
  deps: CommandDeps;
  /** Log lines written during the test, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Sends text as a chat message; the reply must be a card, which is rendered and validated. */
  send(text: string, locale?: Locale): Promise<RenderedReply>;
  /** Presses a button: verb + data, as Teams' adaptiveCard/action invoke carries them. */
  press(verb: string, data: unknown, locale?: Locale): Promise<RenderedReply>;
}

export interface RenderedReply {
  reply: CardReply;
  card: AdaptiveCard;
  /** Every string in the rendered card, joined: for "the card says X" assertions. */
  text: string;
}

export function requestFor(text: string, locale: Locale = "en"): ChatRequest {
  return {
    text,
    user: { id: "29:user-1", aadObjectId: "aad-user-1", name: "Aiko" },
    conversation: { id: "19:channel@thread.tacv2;messageid=1", type: "channel" },
    locale,
    correlationId: "corr-0001",
  };
}

const chat: ChatPort = {
  send: async () => "message-1",
  update: async () => undefined,
};

function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, into));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringsOf(v, into));
  return into;
}

export function renderAndValidate(reply: Reply): RenderedReply {
  if (reply.kind !== "card") throw new Error(`expected a card reply, got text: ${reply.text}`);
  const card = renderCard(reply);
  expectValidCard(card);
  return { reply, card, text: stringsOf(card).join("\n") };
}

export function createHarness(options: { fleet?: FakeFleet; now?: Date; mayRun?: CommandDeps["mayRun"] } = {}): Harness {
  const now = options.now ?? harnessNow;
  const fleet = options.fleet ?? createDemoFakeFleet(now);
  const clock = { now: () => now };
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const deps: CommandDeps = {
    fleet,
    catalog: createVersionCatalog(fleet, { clock, ttlMs: 60_000 }),
    clock,
    log: pino({ level: "debug" }, sink),
    ...(options.mayRun && { mayRun: options.mayRun }),
  };
  return {
    fleet,
    deps,
    logs,
    send: async (text, locale = "en") => renderAndValidate(await handleMessage(deps, requestFor(text, locale), chat)),
    press: async (verb, data, locale = "en") => renderAndValidate(await handleCardAction(deps, requestFor("", locale), chat, verb, data)),
  };
}
