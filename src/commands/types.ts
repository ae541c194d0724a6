import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { FleetReader } from "../fleet/port.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { Locale } from "../i18n/translate.js";

/** The person talking to the bot. Authorization is keyed on aadObjectId, never on the name. */
export interface User {
  /** Teams MRI (29:...): what Adaptive Card refresh.userIds wants. */
  id: string;
  /** Entra object id: missing for anonymous meeting users. */
  aadObjectId?: string;
  name: string;
}

export interface Conversation {
  id: string;
  type: "personal" | "groupChat" | "channel";
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

/** A chat message, as the commands see it: no botbuilder types beyond src/bot/. */
export interface ChatRequest {
  text: string;
  user: User;
  conversation: Conversation;
  locale: Locale;
  /** Follows the command through logs and Azure calls. */
  correlationId: string;
}

/** A card reply: a template in cards/ and the data object it is expanded with. */
export interface CardReply {
  kind: "card";
  template: string;
  data: Record<string, unknown>;
  /** A short plain-text summary: notification preview and the chat CLI's first line. */
  summary: string;
}

export interface TextReply {
  kind: "text";
  text: string;
}

export type Reply = CardReply | TextReply;

/** Sends and updates messages in the conversation a command came from (progress on long work). */
export interface ChatPort {
  send(reply: Reply): Promise<string>;
  update(messageId: string, reply: Reply): Promise<void>;
}

/** What every command handler gets. No FleetWriter here: only the approval executor holds one. */
export interface CommandContext {
  request: ChatRequest;
  fleet: FleetReader;
  catalog: VersionCatalog;
  clock: Clock;
  log: Logger;
  chat: ChatPort;
  /**
   * Whether the requester may run a command (approvals plug their grants in here). Help and
   * did-you-mean list only what this allows; absent means every command.
   */
  mayRun?: (spec: CommandSpec) => Promise<boolean>;
}

export type Effect = "read" | "mutate";

export type ParseResult<A> = { ok: true; args: A } | { ok: false; error: UsageError };

/** A user-facing problem with the words of a command: rendered with did-you-mean and usage. */
export interface UsageError {
  /** i18n key, e.g. "parse.badVmName". */
  key: string;
  params?: Record<string, string | number>;
  /** Suggestions shown as "did you mean ...". */
  suggestions?: string[];
}

/** One entry of the command registry: help, did-you-mean and the manifest commandLists come from these fields. */
export interface CommandSpec<A = unknown> {
  verb: string;
  aliases: string[];
  /** i18n key of the usage line, e.g. "help.status.usage". */
  usageKey: string;
  /** i18n key of the one-line description. */
  descriptionKey: string;
  /** Example invocations, shown in help and used as manifest command titles. */
  examples: string[];
  /** The grant needed to run it; "read" commands are open to everyone who can talk to the bot. */
  grant: string;
  effect: Effect;
  /** Pure: the words after the verb (already normalized) to typed arguments or a usage error. */
  parse(args: string[]): ParseResult<A>;
  run(ctx: CommandContext, args: A): Promise<Reply>;
}
