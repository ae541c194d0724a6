// `cancel <id>` (取消): the requester withdraws a pending approval request; its card flips for everyone.
import { t } from "../i18n/translate.js";
import { cancelRequestAs, readClick, type Click } from "./approval-actions.js";
import { buildApprovalNotice } from "./approval-card.js";
import { shown } from "./azure-names.js";
import { usage } from "./change-command.js";
import type { CommandSpec, ParseResult } from "./types.js";

export function parseCancel(words: string[]): ParseResult<Click> {
  const [id, ...extra] = words;
  if (id === undefined) return usage("approval-card.parse.requestIdMissing");
  if (extra.length > 0) return usage("parse.extraWords", { extra: shown(extra.join(" ")) });
  const click = readClick({ requestId: id.toLowerCase() });
  return click ? { ok: true, args: click } : usage("approval-card.parse.requestId", { value: shown(id) });
}

export const cancelCommand: CommandSpec<Click> = {
  verb: "cancel",
  aliases: ["取消", "取り消し"],
  usageKey: "approval-card.help.cancel.usage",
  descriptionKey: "approval-card.help.cancel.description",
  examples: ["cancel 7kq2mxz9", "取消 7kq2mxz9"],
  // Changes nothing in Azure; the use case lets only the requester cancel, only while pending.
  grant: "read",
  effect: "read",
  parse: parseCancel,
  async run(ctx, click) {
    const locale = ctx.request.locale;
    const runtime = ctx.approvals;
    if (!runtime) return buildApprovalNotice(locale, { text: t(locale, "approval-card.notice.notConfigured"), tone: "Warning" });
    await runtime.directory.remember(ctx.request.user);
    return cancelRequestAs(runtime, ctx, click);
  },
};
