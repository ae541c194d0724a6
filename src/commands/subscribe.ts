// `subscribe drift <schedule> [time zone] [scope]`: post a drift digest into this conversation on a
// schedule. Only people with a grant may (may-subscribe.ts); the scheduler does the posting.
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import type { Scope } from "../fleet/port.js";
import { t, translator } from "../i18n/translate.js";
import { buildSubscriptionsCard, describeNextRun } from "../schedule/build-subscriptions-card.js";
import { loadConversationReference } from "../schedule/conversation-refs.js";
import { describeSchedule } from "../schedule/describe-schedule.js";
import { describeScope } from "../schedule/describe-scope.js";
import { maySubscribe, subscribeGrant } from "../schedule/may-subscribe.js";
import { newSubscriptionId } from "../schedule/new-subscription-id.js";
import { parseSchedule } from "../schedule/parse-schedule.js";
import type { Schedule } from "../schedule/schedule.js";
import { conversationKeyOf, type DigestKind, type Subscription } from "../schedule/subscription.js";
import { addSubscription, listSubscriptions, maxSubscriptionsPerConversation } from "../schedule/subscription-store.js";
import { shown } from "./azure-names.js";
import { didYouMean } from "./did-you-mean.js";
import { normalizeText } from "./parse.js";
import { formatScope, parseScope } from "./targets.js";
import type { CommandContext, CommandSpec, ParseResult, Reply, UsageError } from "./types.js";

export interface SubscribeArgs {
  kind: DigestKind;
  schedule: Schedule;
  scope: Scope;
}

const kindWords: Record<string, DigestKind> = { drift: "drift", ドリフト: "drift" };

function fail(key: string, params?: Record<string, string | number>, suggestions?: string[]): { ok: false; error: UsageError } {
  const error: UsageError = { key };
  if (params) error.params = params;
  if (suggestions && suggestions.length > 0) error.suggestions = suggestions;
  return { ok: false, error };
}

function withPrefix(error: UsageError, prefix: string): { ok: false; error: UsageError } {
  return { ok: false, error: error.suggestions ? { ...error, suggestions: error.suggestions.map((s) => `${prefix} ${s}`) } : error };
}

/** Pure: the words after `subscribe`. */
export function parseSubscribe(words: string[]): ParseResult<SubscribeArgs> {
  const [first, ...rest] = words;
  if (first === undefined) return fail("schedule.parse.missingKind", undefined, ["drift weekdays 09:00"]);
  const kind = kindWords[first.toLowerCase()];
  if (!kind) {
    // "subscribe weekdays 09:00": only the kind is missing.
    if (parseSchedule(words).ok) return fail("schedule.parse.missingKind", undefined, [`drift ${words.join(" ")}`]);
    const close = didYouMean(first, Object.keys(kindWords), 1);
    return fail("schedule.parse.unknownKind", { value: shown(first) }, close.map((c) => [c, ...rest].join(" ")));
  }
  const parsed = parseSchedule(rest);
  if (!parsed.ok) return withPrefix(parsed.error, first);
  const scopeWords = parsed.args.rest;
  if (scopeWords.length === 0) return { ok: true, args: { kind, schedule: parsed.args.schedule, scope: { kind: "all" } } };
  const scope = parseScope(scopeWords);
  if (!scope.ok) return withPrefix(scope.error, [first, ...rest.slice(0, rest.length - scopeWords.length)].join(" "));
  return { ok: true, args: { kind, schedule: parsed.args.schedule, scope: scope.args } };
}

function problem(ctx: CommandContext, key: string, params: Record<string, string | number> = {}, titleKey?: string): Reply {
  return buildUsageErrorCard(ctx.request.locale, {
    ...(titleKey && { titleKey }),
    problem: t(ctx.request.locale, key, params),
    usages: [],
    suggestions: [],
  });
}

/** The refusal every subscription command gives someone without the grant. */
export function refuseSubscription(ctx: CommandContext, verb: string): Reply {
  return problem(ctx, "card.forbidden.body", { verb: escapeMarkdown(verb) }, "card.forbidden.title");
}

const sameScope = (a: Scope, b: Scope) => formatScope(a).toLowerCase() === formatScope(b).toLowerCase();

// A resource group with no machine is most likely a typo: say so now rather than post empty digests.
async function missingGroup(ctx: CommandContext, scope: Scope): Promise<Reply | undefined> {
  if (scope.kind !== "resourceGroup") return undefined;
  try {
    if ((await ctx.fleet.listInScope(scope)).length > 0) return undefined;
    const all = await ctx.fleet.listInScope({ kind: "all" });
    const close = didYouMean(scope.resourceGroup, all.map((s) => s.resourceGroup));
    // The scope is the last word: the suggestion is the same command with the group replaced.
    const command = normalizeText(ctx.request.text);
    const at = command.lastIndexOf(scope.resourceGroup);
    const replaced = (g: string) => `${command.slice(0, at)}${formatScope({ kind: "resourceGroup", resourceGroup: g })}${command.slice(at + scope.resourceGroup.length)}`;
    return buildUsageErrorCard(ctx.request.locale, {
      titleKey: "scope.notFound.title",
      problem: t(ctx.request.locale, "scope.notFound.resourceGroup", { resourceGroup: escapeMarkdown(scope.resourceGroup) }),
      usages: [],
      suggestions: at < 0 ? [] : close.map((g) => commandButton(replaced(g))),
    });
  } catch (error) {
    // The check is a courtesy: a fleet that cannot list now does not stop the subscription.
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "subscribe: scope check failed");
    return undefined;
  }
}

export function createSubscribeCommand(newId: () => string = newSubscriptionId): CommandSpec<SubscribeArgs> {
  const spec: CommandSpec<SubscribeArgs> = {
    verb: "subscribe",
    aliases: ["購読"],
    usageKey: "schedule.help.subscribe.usage",
    descriptionKey: "schedule.help.subscribe.description",
    examples: ["subscribe drift weekdays 09:00 Asia/Tokyo rg-prod", "subscribe drift mon,thu 08:30 all", "購読 ドリフト 平日 9:00 Asia/Tokyo rg-prod"],
    grant: subscribeGrant,
    // Changes what the bot posts, never Azure: no approval needed, but a grant is (maySubscribe).
    effect: "read",
    parse: parseSubscribe,
    async run(ctx, args) {
      if (!(await maySubscribe(ctx, spec))) return refuseSubscription(ctx, spec.verb);
      const store = ctx.store;
      if (!store) return problem(ctx, "schedule.error.noStore");
      const locale = ctx.request.locale;
      const tr = translator(locale);
      const conversationKey = conversationKeyOf(ctx.request.conversation);
      if ((await loadConversationReference(store, conversationKey)) === undefined) return problem(ctx, "schedule.error.noReference");
      const existing = await listSubscriptions(store, conversationKey);
      const now = ctx.clock.now();
      const twin = existing.find(
        (s) => s.kind === args.kind && sameScope(s.scope, args.scope) && s.schedule.cron === args.schedule.cron && s.schedule.timezone === args.schedule.timezone,
      );
      if (twin) {
        return buildSubscriptionsCard(locale, { titleKey: "schedule.subscribed.title", notice: tr("schedule.subscribed.already", { id: twin.id }), subscriptions: existing, now, mayChange: true });
      }
      if (existing.length >= maxSubscriptionsPerConversation) return problem(ctx, "schedule.error.tooMany", { max: maxSubscriptionsPerConversation });
      const notFound = await missingGroup(ctx, args.scope);
      if (notFound) return notFound;
      const { user } = ctx.request;
      const subscription: Subscription = {
        id: newId(),
        conversationKey,
        kind: args.kind,
        scope: args.scope,
        schedule: args.schedule,
        locale,
        createdAt: now.toISOString(),
        createdBy: { name: user.name, ...(user.aadObjectId && { aadObjectId: user.aadObjectId }) },
      };
      await addSubscription(store, subscription);
      ctx.log.info({ correlationId: ctx.request.correlationId, subscriptionId: subscription.id, cron: subscription.schedule.cron, timezone: subscription.schedule.timezone }, "digest subscribed");
      return buildSubscriptionsCard(locale, {
        titleKey: "schedule.subscribed.title",
        notice: tr("schedule.subscribed.body", {
          scope: describeScope(tr, args.scope),
          schedule: describeSchedule(tr, args.schedule),
          next: describeNextRun(tr, subscription, now, locale),
          id: subscription.id,
        }),
        noticeColor: "Good",
        subscriptions: [...existing, subscription],
        now,
        mayChange: true,
        buttons: [commandButton(`drift ${formatScope(args.scope)}`, tr("schedule.subscribed.previewButton"))],
      });
    },
  };
  return spec;
}

export const subscribeCommand = createSubscribeCommand();
