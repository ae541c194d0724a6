// Replies of subscribe / unsubscribe / subscriptions: a notice, then this conversation's digests, each
// with its next run in its own time zone and a button that stops it.
import { commandButton, maxButtonsPerSet, type CommandButton } from "../cards/command-button.js";
import { escapeParams } from "../cards/escape-markdown.js";
import type { TextColor } from "../cards/severity-style.js";
import type { CardReply } from "../commands/types.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import { describeSchedule, formatInTimeZone } from "./describe-schedule.js";
import { describeScope } from "./describe-scope.js";
import { nextRun } from "./next-runs.js";
import type { Subscription } from "./subscription.js";

export interface SubscriptionsCardInput {
  /** i18n key of the title. */
  titleKey: string;
  /** Already translated (user text escaped by the caller). */
  notice?: string;
  noticeColor?: TextColor;
  subscriptions: readonly Subscription[];
  now: Date;
  /** Whether the viewer may stop digests: then each row has an unsubscribe button. */
  mayChange: boolean;
  buttons?: CommandButton[];
}

/** "2026-03-03 (Tue) 09:00 Asia/Tokyo", or "never" for a schedule with no future run. */
export function describeNextRun(tr: Translate, subscription: Subscription, now: Date, locale: Locale): string {
  const next = nextRun(subscription.schedule, now);
  if (!next) return tr("schedule.list.never");
  return tr("schedule.digest.at", { time: formatInTimeZone(next, subscription.schedule.timezone, locale), timezone: subscription.schedule.timezone });
}

function row(tr: Translate, s: Subscription, input: SubscriptionsCardInput, locale: Locale) {
  return {
    title: tr(`schedule.list.kind.${s.kind}`, { scope: describeScope(tr, s.scope) }),
    details: tr("schedule.list.details", { schedule: describeSchedule(tr, s.schedule), next: describeNextRun(tr, s, input.now, locale) }),
    meta: tr("schedule.list.meta", escapeParams({ id: s.id, name: s.createdBy.name, since: s.createdAt.slice(0, 10) })),
    buttons: input.mayChange ? [commandButton(`unsubscribe ${s.id}`, tr("schedule.list.unsubscribeButton", { id: s.id }))] : [],
  };
}

export function buildSubscriptionsCard(locale: Locale, input: SubscriptionsCardInput): CardReply {
  const tr = translator(locale);
  const title = tr(input.titleKey);
  const notice = input.notice ?? "";
  return {
    kind: "card",
    template: "digest-subscriptions",
    summary: notice || title,
    data: {
      title,
      notice,
      noticeColor: input.noticeColor ?? "Default",
      heading: tr("schedule.list.heading", { count: input.subscriptions.length }),
      subscriptions: input.subscriptions.map((s) => row(tr, s, input, locale)),
      empty: input.subscriptions.length === 0 ? tr("schedule.list.empty") : "",
      buttons: (input.buttons ?? []).slice(0, maxButtonsPerSet),
    },
  };
}
