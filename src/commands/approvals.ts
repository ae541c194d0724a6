// `approvals` (承認一覧): the approval requests waiting in this conversation, each with a button that
// opens the viewer's own view of it (Approve/Reject for approvers, Cancel for the requester). The
// command also owns the approval card's buttons (src/commands/approval-actions.ts).
import { listPending } from "../approvals/use-cases.js";
import { t } from "../i18n/translate.js";
import { approvalCardActions } from "./approval-actions.js";
import { buildApprovalListCard, buildApprovalNotice } from "./approval-card.js";
import { shown } from "./azure-names.js";
import { usage } from "./change-command.js";
import type { CommandSpec, ParseResult } from "./types.js";

function parseNothing(words: string[]): ParseResult<Record<string, never>> {
  if (words.length > 0) return usage("parse.extraWords", { extra: shown(words.join(" ")) });
  return { ok: true, args: {} };
}

export const approvalsCommand: CommandSpec<Record<string, never>> = {
  verb: "approvals",
  aliases: ["承認一覧"],
  usageKey: "approval-card.help.approvals.usage",
  descriptionKey: "approval-card.help.approvals.description",
  examples: ["approvals", "承認一覧"],
  // Reading what waits here is open to everyone; deciding is checked per request, per click.
  grant: "read",
  effect: "read",
  parse: parseNothing,
  async run(ctx) {
    const locale = ctx.request.locale;
    const runtime = ctx.approvals;
    if (!runtime) return buildApprovalNotice(locale, { text: t(locale, "approval-card.notice.notConfigured"), tone: "Warning" });
    await runtime.directory.remember(ctx.request.user);
    return buildApprovalListCard(locale, await listPending(runtime.deps, ctx.request.conversation));
  },
  cardActions: approvalCardActions,
};
