// `subscriptions`: the digests scheduled in this conversation, with their next run. Open to everyone;
// only people who may unsubscribe see the buttons that do.
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { t } from "../i18n/translate.js";
import { buildSubscriptionsCard } from "../schedule/build-subscriptions-card.js";
import { maySubscribe } from "../schedule/may-subscribe.js";
import { conversationKeyOf } from "../schedule/subscription.js";
import { listSubscriptions } from "../schedule/subscription-store.js";
import { shown } from "./azure-names.js";
import type { CommandSpec, ParseResult } from "./types.js";
import { unsubscribeCommand } from "./unsubscribe.js";

function parseNothing(words: string[]): ParseResult<Record<string, never>> {
  if (words.length > 0) return { ok: false, error: { key: "parse.extraWords", params: { extra: shown(words.join(" ")) } } };
  return { ok: true, args: {} };
}

export const subscriptionsCommand: CommandSpec<Record<string, never>> = {
  verb: "subscriptions",
  aliases: ["購読一覧"],
  usageKey: "schedule.help.subscriptions.usage",
  descriptionKey: "schedule.help.subscriptions.description",
  examples: ["subscriptions", "購読一覧"],
  grant: "read",
  effect: "read",
  parse: parseNothing,
  async run(ctx) {
    const locale = ctx.request.locale;
    if (!ctx.store) return buildUsageErrorCard(locale, { problem: t(locale, "schedule.error.noStore"), usages: [], suggestions: [] });
    const mine = await listSubscriptions(ctx.store, conversationKeyOf(ctx.request.conversation));
    const mayChange = await maySubscribe(ctx, unsubscribeCommand);
    return buildSubscriptionsCard(locale, {
      titleKey: "schedule.list.title",
      subscriptions: mine,
      now: ctx.clock.now(),
      mayChange,
      buttons: mine.length === 0 && mayChange ? [commandButton("subscribe drift weekdays 09:00 UTC all")] : [],
    });
  },
};
