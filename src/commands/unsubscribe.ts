// `unsubscribe [id | all]`: stop digests in this conversation. Without an id, the only digest here
// is stopped; with several, the reply lists them with a button each.
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeParams } from "../cards/escape-markdown.js";
import { t } from "../i18n/translate.js";
import { buildSubscriptionsCard } from "../schedule/build-subscriptions-card.js";
import { maySubscribe, subscribeGrant } from "../schedule/may-subscribe.js";
import { conversationKeyOf, type Subscription } from "../schedule/subscription.js";
import { listSubscriptions, removeSubscription } from "../schedule/subscription-store.js";
import { shown } from "./azure-names.js";
import { didYouMean } from "./did-you-mean.js";
import { isFlag } from "./parse.js";
import { refuseSubscription } from "./subscribe.js";
import type { CommandContext, CommandSpec, ParseResult, Reply } from "./types.js";

export type UnsubscribeArgs = { which: "only" } | { which: "all" } | { which: "id"; id: string };

const allWords = new Set(["all", "すべて", "全て", "全部"]);

export function parseUnsubscribe(words: string[]): ParseResult<UnsubscribeArgs> {
  const flag = words.find(isFlag);
  if (flag !== undefined) return { ok: false, error: { key: "parse.unknownFlag", params: { flag: shown(flag) } } };
  const [first, ...rest] = words;
  if (rest.length > 0) return { ok: false, error: { key: "parse.extraWords", params: { extra: shown(rest.join(" ")) } } };
  if (first === undefined) return { ok: true, args: { which: "only" } };
  if (allWords.has(first.toLowerCase())) return { ok: true, args: { which: "all" } };
  if (!/^[0-9a-z-]{1,40}$/i.test(first)) return { ok: false, error: { key: "schedule.parse.badId", params: { value: shown(first) } } };
  return { ok: true, args: { which: "id", id: first.toLowerCase() } };
}

async function stop(ctx: CommandContext, all: readonly Subscription[], stopped: readonly Subscription[]): Promise<Reply> {
  const store = ctx.store;
  if (!store) throw new Error("unreachable: checked by the caller");
  for (const s of stopped) await removeSubscription(store, s);
  ctx.log.info({ correlationId: ctx.request.correlationId, subscriptionIds: stopped.map((s) => s.id) }, "digests unsubscribed");
  const locale = ctx.request.locale;
  return buildSubscriptionsCard(locale, {
    titleKey: "schedule.unsubscribed.title",
    notice: t(locale, "schedule.unsubscribed.body", escapeParams({ count: stopped.length, ids: stopped.map((s) => s.id).join(", ") })),
    noticeColor: "Good",
    subscriptions: all.filter((s) => !stopped.includes(s)),
    now: ctx.clock.now(),
    mayChange: true,
  });
}

export const unsubscribeCommand: CommandSpec<UnsubscribeArgs> = {
  verb: "unsubscribe",
  aliases: ["購読解除", "購読停止"],
  usageKey: "schedule.help.unsubscribe.usage",
  descriptionKey: "schedule.help.unsubscribe.description",
  examples: ["unsubscribe 3fa9c2d1", "unsubscribe all", "購読解除 3fa9c2d1"],
  grant: subscribeGrant,
  effect: "read",
  parse: parseUnsubscribe,
  async run(ctx, args) {
    if (!(await maySubscribe(ctx, unsubscribeCommand))) return refuseSubscription(ctx, unsubscribeCommand.verb);
    const locale = ctx.request.locale;
    const store = ctx.store;
    if (!store) return buildUsageErrorCard(locale, { problem: t(locale, "schedule.error.noStore"), usages: [], suggestions: [] });
    const all = await listSubscriptions(store, conversationKeyOf(ctx.request.conversation));
    const now = ctx.clock.now();
    if (all.length === 0) {
      return buildSubscriptionsCard(locale, { titleKey: "schedule.unsubscribed.nothingTitle", notice: t(locale, "schedule.unsubscribed.nothing"), subscriptions: [], now, mayChange: false });
    }
    switch (args.which) {
      case "all":
        return stop(ctx, all, all);
      case "only":
        if (all.length === 1) return stop(ctx, all, all);
        return buildSubscriptionsCard(locale, {
          titleKey: "schedule.unsubscribed.pickTitle",
          notice: t(locale, "schedule.unsubscribed.pick", { count: all.length }),
          subscriptions: all,
          now,
          mayChange: true,
          buttons: [commandButton("unsubscribe all", t(locale, "schedule.unsubscribed.allButton"))],
        });
      case "id": {
        const found = all.find((s) => s.id === args.id);
        if (found) return stop(ctx, all, [found]);
        return buildUsageErrorCard(locale, {
          titleKey: "card.usage.notFoundTitle",
          problem: t(locale, "schedule.error.unknownId", escapeParams({ id: shown(args.id) })),
          usages: [],
          suggestions: didYouMean(args.id, all.map((s) => s.id)).map((id) => commandButton(`unsubscribe ${id}`)),
        });
      }
    }
  },
};
