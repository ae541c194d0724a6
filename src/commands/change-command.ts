// What every mutating command shares (upgrade, autoupgrade, reinstall, restart-agent): the target
// words (a VM, rg/vm, rg/vmss, a resource ID or a resource group), `--dry-run`, resolving the target
// to resources, and handing the change to the approval flow. Nothing here changes Azure: the command
// posts an approval card; only an approved, re-validated plan runs (ARCHITECTURE.md seam 6).
import { requestChange } from "../approvals/use-cases.js";
import type { ChangeTarget } from "../approvals/live-state.js";
import type { PlanSpec } from "../approvals/plan.js";
import type { ApprovalVerb } from "../approvals/verbs.js";
import { buildCandidatesCard } from "../cards/build-candidates-card.js";
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import type { ComputeSummary } from "../fleet/port.js";
import { t } from "../i18n/translate.js";
import { buildApprovalNotice, buildDryRunCard, refusalNotice } from "./approval-card.js";
import { parseScopeResourceId, shown, validateResourceGroupName } from "./azure-names.js";
import { splitFlags } from "./parse.js";
import { resolveTarget } from "./resolve-target.js";
import { formatTarget, parseTarget, type Target } from "./targets.js";
import type { CommandContext, CommandSpec, ParseResult, Reply, UsageError } from "./types.js";

export const dryRunFlag = "--dry-run";

/** A target as typed: a machine (resolved by name or ID), or every VM and scale set of a resource group. */
export type ChangeScope = { by: "machine"; target: Target } | { by: "resourceGroup"; resourceGroup: string; subscriptionId?: string };

export interface ChangeArgs {
  scope: ChangeScope;
  spec: PlanSpec;
  dryRun: boolean;
  /** Words after the target that make the same command again ("ama"), for candidate buttons. */
  suffix: string[];
  /** Words before the target ("on"). */
  prefix: string[];
}

export function usage(key: string, params?: Record<string, string | number>): { ok: false; error: UsageError } {
  return { ok: false, error: { key, ...(params && { params }) } };
}

/** `rg:<name>` or a resource-group ID is a resource group; anything else a machine (a bare name may still turn out to be a group). */
export function parseChangeScope(word: string | undefined): ParseResult<ChangeScope> {
  if (word === undefined) return usage("parse.target.missing");
  const prefixed = /^rg:(.+)$/i.exec(word);
  if (prefixed?.[1]) {
    const error = validateResourceGroupName(prefixed[1]);
    return error ? { ok: false, error } : { ok: true, args: { by: "resourceGroup", resourceGroup: prefixed[1] } };
  }
  if (/^\/?subscriptions\/[^/]+\/resourcegroups\/[^/]+\/?$/i.test(word)) {
    const scope = parseScopeResourceId(word);
    if (!scope.ok) return scope;
    if (scope.args.resourceGroup === undefined) return usage("parse.target.badShape", { value: shown(word) });
    return { ok: true, args: { by: "resourceGroup", resourceGroup: scope.args.resourceGroup, subscriptionId: scope.args.subscriptionId } };
  }
  const target = parseTarget([word]);
  return target.ok ? { ok: true, args: { by: "machine", target: target.args } } : target;
}

/** The target word of a change command when `extra` holds the words typed after its last argument: there must be none. */
export function parseScopeWithoutExtra(targetWord: string | undefined, extra: readonly string[]): ParseResult<ChangeScope> {
  if (extra.length > 0) return usage("parse.extraWords", { extra: shown(extra.join(" ")) });
  return parseChangeScope(targetWord);
}

/** Splits off --dry-run; every other option is a usage error. */
export function splitDryRun(words: readonly string[]): ParseResult<{ words: string[]; dryRun: boolean }> {
  const split = splitFlags(words, [dryRunFlag]);
  if (!split.ok) return split;
  return { ok: true, args: { words: split.args.words, dryRun: split.args.flags.includes(dryRunFlag) } };
}

export function formatScope(scope: ChangeScope): string {
  if (scope.by === "machine") return formatTarget(scope.target);
  return scope.subscriptionId ? `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}` : `rg:${scope.resourceGroup}`;
}

/** The command text that asks for the same change (without --dry-run). */
export function commandText(verb: string, args: ChangeArgs, target = formatScope(args.scope)): string {
  return [verb, ...args.prefix, target, ...args.suffix].join(" ");
}

type Resolved = { ok: true; targets: ChangeTarget[] } | { ok: false; reply: Reply };

const toTarget = (s: Pick<ComputeSummary, "kind" | "subscriptionId" | "resourceGroup" | "name">): ChangeTarget => ({
  kind: s.kind,
  subscriptionId: s.subscriptionId,
  resourceGroup: s.resourceGroup,
  name: s.name,
});

function notFound(ctx: CommandContext, text: string): Reply {
  const locale = ctx.request.locale;
  return buildUsageErrorCard(locale, {
    titleKey: "status.notFound.title",
    problem: t(locale, "approval-card.notFound", { target: escapeMarkdown(text) }),
    usages: [],
    suggestions: [],
  });
}

async function resolveGroup(ctx: CommandContext, resourceGroup: string, subscriptionId?: string): Promise<ChangeTarget[]> {
  const found = await ctx.fleet.listInScope({ kind: "resourceGroup", resourceGroup, ...(subscriptionId && { subscriptionId }) });
  return found.map(toTarget);
}

/** The resources the user's words name; a bare name that is no machine may be a resource group. */
export async function resolveChangeTargets(ctx: CommandContext, verb: string, args: ChangeArgs): Promise<Resolved> {
  const scope = args.scope;
  if (scope.by === "resourceGroup") {
    const targets = await resolveGroup(ctx, scope.resourceGroup, scope.subscriptionId);
    return targets.length > 0 ? { ok: true, targets } : { ok: false, reply: notFound(ctx, formatScope(scope)) };
  }
  const resolution = await resolveTarget(ctx.fleet, scope.target);
  switch (resolution.kind) {
    case "found":
      return { ok: true, targets: [toTarget(resolution.summary)] };
    case "byId":
      return { ok: true, targets: [toTarget(resolution.resource)] };
    case "ambiguous": {
      const card = buildCandidatesCard(ctx.request.locale, verb, formatTarget(scope.target), resolution.candidates);
      // The candidate buttons run the whole command again, options included, on the exact machine.
      const candidates = (card.data.candidates as { command: string }[]).map((c) => ({
        ...c,
        command: commandText(verb, args, c.command.slice(verb.length + 1)),
      }));
      return { ok: false, reply: { ...card, data: { ...card.data, candidates } } };
    }
    case "notFound": {
      if (scope.target.by === "name") {
        const targets = await resolveGroup(ctx, scope.target.name);
        if (targets.length > 0) return { ok: true, targets };
      }
      return { ok: false, reply: notFound(ctx, formatTarget(scope.target)) };
    }
  }
}

/** Runs a change command: plan it, then post the approval card (or, with --dry-run, only show the plan). */
export async function runChange(ctx: CommandContext, verb: ApprovalVerb, args: ChangeArgs): Promise<Reply> {
  const locale = ctx.request.locale;
  const runtime = ctx.approvals;
  if (!runtime) return buildApprovalNotice(locale, { text: t(locale, "approval-card.notice.notConfigured"), tone: "Warning" });
  const resolved = await resolveChangeTargets(ctx, verb, args);
  if (!resolved.ok) return resolved.reply;
  const target = formatScope(args.scope);
  const outcome = await requestChange(runtime.deps, {
    user: ctx.request.user,
    conversation: ctx.request.conversation,
    spec: args.spec,
    targets: resolved.targets,
    target,
    dryRun: args.dryRun,
    correlationId: ctx.request.correlationId,
  });
  if (!outcome.ok) {
    if (outcome.refusal.code === "nothingToDo" && outcome.plan) {
      return buildDryRunCard(locale, {
        verb,
        target,
        command: commandText(verb, args),
        plan: outcome.plan,
        planHash: "",
        missing: outcome.missing ?? [],
        notice: refusalNotice(locale, outcome.refusal),
        nothingToDo: true,
      });
    }
    return buildApprovalNotice(locale, refusalNotice(locale, outcome.refusal));
  }
  if (outcome.dryRun) {
    return buildDryRunCard(locale, { verb, target, command: commandText(verb, args), plan: outcome.plan, planHash: outcome.planHash, missing: outcome.missing });
  }
  const request = outcome.request;
  ctx.log.info({ correlationId: ctx.request.correlationId, requestId: request.id, verb, items: request.plan.items.length }, "approval requested");
  const reply = await runtime.card(request, "base", locale);
  const reference = ctx.chat.reference?.();
  return { ...reply, posted: (messageId) => runtime.trackCard(request.id, messageId, reference, locale) };
}

export interface ChangeCommandDefinition<A extends ChangeArgs> {
  verb: ApprovalVerb;
  aliases: string[];
  usageKey: string;
  descriptionKey: string;
  examples: string[];
  parse(words: string[]): ParseResult<A>;
}

/** A mutating command: its grant is its approval verb, its effect "mutate" (it always goes through approval). */
export function createChangeCommand<A extends ChangeArgs>(definition: ChangeCommandDefinition<A>): CommandSpec<A> {
  return {
    ...definition,
    grant: definition.verb,
    effect: "mutate",
    run: (ctx, args) => runChange(ctx, definition.verb, args),
  };
}
