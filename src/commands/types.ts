import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { FleetDiagnostics, FleetReader, FleetScanner, MachineCommandRunner } from "../fleet/port.js";
import type { Store } from "../store/port.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { Locale } from "../i18n/translate.js";
import type { ApprovalRuntime } from "./approval-runtime.js";

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
  /**
   * Set when the card must be a message of its own that everyone in the conversation sees (an
   * approval request), never only the clicker's replacement card: the bot posts it, also after a
   * button press, and then calls this with the new message's ID so later updates replace it in place.
   */
  posted?: (messageId: string) => Promise<void>;
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
  /**
   * This conversation's address as JSON, to store: a ChatResumer gives a ChatPort for it back later,
   * in another turn or after a restart (card updates of long approvals). Absent where unsupported.
   */
  reference?(): Record<string, unknown>;
}

/** A ChatPort for a conversation address that ChatPort.reference() handed out earlier (proactive messages). */
export type ChatResumer = (reference: Record<string, unknown>) => ChatPort;

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
  /** Durable state (troubleshooting walk-throughs, ...); absent when the deployment wires none. */
  store?: Store;
  /** DCR / DCE / AMPLS / workspace reads (troubleshoot); absent: those checks answer "could not tell". */
  diagnostics?: FleetDiagnostics;
  /** Run Command, only for read-only probes a person confirmed on a card (troubleshoot). */
  machineCommands?: MachineCommandRunner;
  /** Who confirms a troubleshoot probe on the machine: the requester (default) or a second person. */
  probeConfirmation?: "requester" | "secondPerson";
  /** Approval requests, their cards and executions; absent: mutating commands say approvals are not set up. */
  approvals?: ApprovalRuntime;
  /** The Resource Graph scan (`drift all`, `drift sub:`); absent: those scopes read VM by VM. */
  scanner?: FleetScanner;
  /** The subscriptions the deployment watches (what the fleet was built with): what a scan covers. */
  subscriptionIds?: readonly string[];
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
  /**
   * Card buttons this command answers, by verb (STYLE.md §4). `data` is the button's data as the
   * client sent it: untrusted, to be checked against stored state.
   */
  cardActions?: Record<string, CardActionHandler>;
}

export type CardActionHandler = (ctx: CommandContext, data: Record<string, unknown>) => Promise<Reply>;
