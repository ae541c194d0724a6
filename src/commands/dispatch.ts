// The one dispatch rule (STYLE.md §3): parse against the registry; exact verb or alias runs its spec;
// an unknown verb gets help with did-you-mean; bad arguments get the usage-error card. Errors never
// escape: Azure throttling becomes a friendly message, anything else the error card with the
// correlation ID, logged in full (never shown: no stack trace reaches a card).
import { buildErrorCard } from "../cards/build-error-card.js";
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown, escapeParams } from "../cards/escape-markdown.js";
import { cardVerbs } from "../cards/verbs.js";
import type { Clock } from "../clock.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetDiagnostics, FleetReader, FleetScanner, MachineCommandRunner } from "../fleet/port.js";
import { t } from "../i18n/translate.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/port.js";
import type { ApprovalRuntime } from "./approval-runtime.js";
import { shown } from "./azure-names.js";
import { answerQuestion, looksLikeQuestion } from "./faq.js";
import { matchFaq } from "../troubleshoot/match-faq.js";
import { showUnknownVerbHelp } from "./help.js";
import { isThrottled } from "./is-throttled.js";
import { maxCommandLength, normalizeText, parseCommandLine, tokenize } from "./parse.js";
import { commandSpecs } from "./registry.js";
import type { ChatPort, ChatRequest, CommandContext, CommandSpec, Reply, UsageError } from "./types.js";

export interface CommandDeps {
  fleet: FleetReader;
  catalog: VersionCatalog;
  clock: Clock;
  log: Logger;
  /** The registry; defaults to commandSpecs (tests and later issues may pass their own). */
  specs?: readonly CommandSpec[];
  /** Whether this requester may run a command (approvals' grants); absent means every command. */
  mayRun?: (spec: CommandSpec, request: ChatRequest) => boolean | Promise<boolean>;
  /** Passed on to every command (CommandContext): walk-throughs, diagnostics, Run Command probes. */
  store?: Store;
  diagnostics?: FleetDiagnostics;
  machineCommands?: MachineCommandRunner;
  probeConfirmation?: "requester" | "secondPerson";
  /** Approval requests and their cards (mutating commands); absent: they say approvals are not set up. */
  approvals?: ApprovalRuntime;
  /** The Resource Graph scan and the subscriptions it covers (`drift all`, `drift sub:`). */
  scanner?: FleetScanner;
  subscriptionIds?: readonly string[];
}

function contextFor(deps: CommandDeps, request: ChatRequest, chat: ChatPort): CommandContext {
  const ctx: CommandContext = { request, fleet: deps.fleet, catalog: deps.catalog, clock: deps.clock, log: deps.log, chat };
  const mayRun = deps.mayRun;
  if (mayRun) ctx.mayRun = async (spec) => mayRun(spec, request);
  if (deps.store) ctx.store = deps.store;
  if (deps.diagnostics) ctx.diagnostics = deps.diagnostics;
  if (deps.machineCommands) ctx.machineCommands = deps.machineCommands;
  if (deps.probeConfirmation) ctx.probeConfirmation = deps.probeConfirmation;
  if (deps.approvals) ctx.approvals = deps.approvals;
  if (deps.scanner) ctx.scanner = deps.scanner;
  if (deps.subscriptionIds) ctx.subscriptionIds = deps.subscriptionIds;
  return ctx;
}

function usageErrorReply(request: ChatRequest, error: UsageError, spec: CommandSpec | undefined): Reply {
  const locale = request.locale;
  return buildUsageErrorCard(locale, {
    problem: t(locale, error.key, escapeParams(error.params ?? {})),
    usages: spec ? [t(locale, spec.usageKey)] : [],
    // A spec's suggestions replace its arguments ("sub:<guid>"): the button runs verb + suggestion.
    suggestions: (error.suggestions ?? []).map((s) => commandButton(spec ? `${spec.verb} ${s}` : s)),
  });
}

async function mayNotRun(ctx: CommandContext, spec: CommandSpec): Promise<Reply | undefined> {
  if (!ctx.mayRun || (await ctx.mayRun(spec))) return undefined;
  return buildUsageErrorCard(ctx.request.locale, {
    titleKey: "card.forbidden.title",
    problem: t(ctx.request.locale, "card.forbidden.body", { verb: escapeMarkdown(spec.verb) }),
    usages: [],
    suggestions: [],
  });
}

async function dispatch(deps: CommandDeps, request: ChatRequest, chat: ChatPort): Promise<Reply> {
  const specs = deps.specs ?? commandSpecs;
  const ctx = contextFor(deps, request, chat);
  const line = parseCommandLine(request.text, specs);
  // A question ("will upgrade reboot?", "アップグレードで再起動しますか") is answered from the FAQ, even
  // when it starts with a verb or alias, as that Japanese one does (and parses: Azure names may hold
  // Japanese letters). Only a question the FAQ cannot answer falls through to a command that parsed.
  const text = normalizeText(request.text);
  if (looksLikeQuestion(text) && (!line.ok || matchFaq(text, request.locale).kind === "answer")) return answerQuestion(request.locale, text);
  if (!line.ok) {
    if (!line.spec && line.error.key === "parse.unknownVerb") {
      const [verb = "", ...rest] = tokenize(normalizeText(request.text));
      return showUnknownVerbHelp(ctx, specs, verb, rest);
    }
    return usageErrorReply(request, line.error, line.spec);
  }
  const refused = await mayNotRun(ctx, line.spec);
  if (refused) return refused;
  return line.spec.run(ctx, line.args);
}

// Only what is safe to log: SDK errors can carry the request, and with it the Authorization header.
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; statusCode?: unknown };
  return { type: e.name, message: e.message, code: e.code, statusCode: e.statusCode, stack: e.stack };
}

function failureReply(deps: CommandDeps, request: ChatRequest, error: unknown): Reply {
  const correlationId = request.correlationId;
  if (isThrottled(error)) {
    deps.log.warn({ correlationId, err: describeError(error) }, "Azure throttled the command");
    return buildErrorCard(request.locale, correlationId, "throttled");
  }
  deps.log.error({ correlationId, err: describeError(error) }, "command failed");
  return buildErrorCard(request.locale, correlationId);
}

/** A chat message: parse, run, reply. Never throws. */
export async function handleMessage(deps: CommandDeps, request: ChatRequest, chat: ChatPort): Promise<Reply> {
  try {
    return await dispatch(deps, request, chat);
  } catch (error) {
    return failureReply(deps, request, error);
  }
}

function commandOf(data: unknown): string | undefined {
  const command = (data as { command?: unknown } | null | undefined)?.command;
  return typeof command === "string" && command.length <= maxCommandLength ? command : undefined;
}

/**
 * A card button. `runCommand` re-runs `data.command` exactly like typed text: parsed and validated
 * again, never trusted. Teams may omit the verb on Action.Execute (bot-framework.md §5.1), and an
 * Action.Submit fallback carries none: then `data.verb` says which it was.
 */
export async function handleCardAction(deps: CommandDeps, request: ChatRequest, chat: ChatPort, verb: string, data: unknown): Promise<Reply> {
  try {
    const dataVerb = (data as { verb?: unknown } | null | undefined)?.verb;
    const effective = verb || (typeof dataVerb === "string" ? dataVerb : "");
    const command = commandOf(data);
    if (effective === cardVerbs.runCommand && command !== undefined) {
      return await dispatch(deps, { ...request, text: command }, chat);
    }
    // A verb a command owns (its cardActions); the same grant as running the command applies.
    const owner = (deps.specs ?? commandSpecs).find((spec) => spec.cardActions && Object.hasOwn(spec.cardActions, effective));
    if (owner?.cardActions && effective !== "") {
      const ctx = contextFor(deps, request, chat);
      const refused = await mayNotRun(ctx, owner);
      if (refused) return refused;
      const fields = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
      return await owner.cardActions[effective]!(ctx, fields);
    }
    deps.log.warn({ correlationId: request.correlationId, verb: shown(effective) }, "unknown card action");
    return buildUsageErrorCard(request.locale, {
      titleKey: "card.action.title",
      problem: t(request.locale, "card.action.unknown"),
      usages: [],
      suggestions: [commandButton("help")],
    });
  } catch (error) {
    return failureReply(deps, request, error);
  }
}
