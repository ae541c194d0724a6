// `audit [target | request id]` (監査): the append-only approval audit, newest first: who asked, who
// approved, what ran with which ARM correlation IDs, and how each resource ended (issue 3 req 6).
import { listApprovalAudit, type ApprovalAuditQuery, type ApprovalAuditRecord } from "../approvals/audit.js";
import { describeHeartbeat } from "../approvals/heartbeat-check.js";
import { getRequest } from "../approvals/use-cases.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import { formatUtc } from "../cards/format-time.js";
import { t, translator, type Locale, type Translate } from "../i18n/translate.js";
import { buildApprovalNotice, maxLines, renderMessage, type Tone } from "./approval-card.js";
import { shown } from "./azure-names.js";
import { formatScope, parseChangeScope, resolveChangeTargets, usage, type ChangeScope } from "./change-command.js";
import type { CardReply, CommandContext, CommandSpec, ParseResult, Reply } from "./types.js";

export type AuditArgs = { by: "recent" } | { by: "word"; word: string; scope?: ChangeScope };

export const maxAuditEntries = 20;

export function parseAudit(words: string[]): ParseResult<AuditArgs> {
  const [word, ...extra] = words;
  if (word === undefined) return { ok: true, args: { by: "recent" } };
  if (extra.length > 0) return usage("parse.extraWords", { extra: shown(extra.join(" ")) });
  const scope = parseChangeScope(word);
  // A word that is no valid target may still be a request ID; that is decided against the store.
  return { ok: true, args: { by: "word", word, ...(scope.ok && { scope: scope.args }) } };
}

const eventKey = (event: string) => `approval-card.audit.event.${event.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}`;
const outcomeTone: Record<string, Tone> = { succeeded: "Good", failed: "Attention", skipped: "Warning", blocked: "Warning" };

function nameOf(resourceId: string): string {
  return resourceId.split("/").filter(Boolean).pop() ?? resourceId;
}

function linesOf(tr: Translate, record: ApprovalAuditRecord): { text: string; color: Tone }[] {
  const lines: { text: string; color: Tone }[] = [];
  const outcomeEvents = ["succeeded", "failed", "partially-succeeded", "interrupted", "voided"];
  if (outcomeEvents.includes(record.event)) {
    for (const o of record.outcomes ?? []) {
      const ids = o.correlationIds.slice(0, 3).join(", ");
      lines.push({
        text: tr("approval-card.audit.outcome", {
          name: escapeMarkdown(nameOf(o.resourceId)),
          status: tr(`approval-card.audit.status.${o.status}`),
          error: o.error ? ` (${escapeMarkdown(o.error.code)})` : "",
          ids: ids ? tr("approval-card.audit.correlation", { ids: escapeMarkdown(ids) }) : "",
        }),
        color: outcomeTone[o.status] ?? "Default",
      });
    }
  }
  for (const reason of record.reasons ?? []) lines.push({ text: renderMessage(tr, reason), color: "Default" });
  if (record.event === "heartbeatsChecked") for (const m of record.heartbeats ?? []) lines.push({ text: renderMessage(tr, describeHeartbeat(m)), color: "Default" });
  return lines.slice(0, maxLines);
}

export function buildAuditCard(locale: Locale, scope: string | undefined, records: readonly ApprovalAuditRecord[]): CardReply {
  const tr = translator(locale);
  const title = scope ? tr("approval-card.audit.titleFor", { scope: escapeMarkdown(scope) }) : tr("approval-card.audit.title");
  const shownRecords = records.slice(0, maxAuditEntries);
  return {
    kind: "card",
    template: "audit",
    summary: title,
    data: {
      title,
      empty: records.length === 0 ? tr("approval-card.audit.empty") : "",
      entries: shownRecords.map((r) => ({
        heading: [formatUtc(new Date(r.at)), tr(eventKey(r.event)), r.actor ? escapeMarkdown(r.actor.name) : ""].filter(Boolean).join(" · "),
        details: tr("approval-card.audit.details", {
          verb: r.verb,
          target: escapeMarkdown(r.target),
          id: r.requestId,
          requester: escapeMarkdown(r.requester.name),
          hash: r.planHash.replace(/^sha256:/, "").slice(0, 12),
        }),
        lines: linesOf(tr, r),
      })),
      more: records.length > shownRecords.length ? tr("approval-card.more", { count: records.length - shownRecords.length }) : "",
    },
  };
}

async function queriesFor(ctx: CommandContext, args: Extract<AuditArgs, { by: "word" }>): Promise<{ label: string; queries: ApprovalAuditQuery[] } | { reply: Reply }> {
  const runtime = ctx.approvals!;
  const id = args.word.toLowerCase();
  if (/^[a-z0-9]{4,40}$/.test(id) && (await getRequest(runtime.deps.store, id))) return { label: id, queries: [{ requestId: id }] };
  if (!args.scope) return { reply: buildApprovalNotice(ctx.request.locale, { text: t(ctx.request.locale, "approval-card.audit.unknown", { value: escapeMarkdown(shown(args.word)) }), tone: "Warning" }) };
  const change = { scope: args.scope, spec: { verb: "upgrade" as const }, dryRun: false, prefix: [], suffix: [] };
  const resolved = await resolveChangeTargets(ctx, "audit", change);
  if (!resolved.ok) return { reply: resolved.reply };
  const label = formatScope(args.scope);
  if (resolved.targets.length === 1 && args.scope.by === "machine") {
    const [only] = resolved.targets;
    const type = only!.kind === "vm" ? "virtualMachines" : "virtualMachineScaleSets";
    return { label, queries: [{ resourceId: `/subscriptions/${only!.subscriptionId}/resourceGroups/${only!.resourceGroup}/providers/Microsoft.Compute/${type}/${only!.name}` }] };
  }
  // A resource group: everything recorded under it, in each subscription where it exists.
  const prefixes = new Set(resolved.targets.map((r) => `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/`.toLowerCase()));
  return { label, queries: [...prefixes].map((scopePrefix) => ({ scopePrefix })) };
}

export const auditCommand: CommandSpec<AuditArgs> = {
  verb: "audit",
  aliases: ["監査"],
  usageKey: "approval-card.help.audit.usage",
  descriptionKey: "approval-card.help.audit.description",
  examples: ["audit", "audit rg-prod/vmss-web", "監査 rg-prod"],
  grant: "read",
  effect: "read",
  parse: parseAudit,
  async run(ctx, args) {
    const locale = ctx.request.locale;
    const runtime = ctx.approvals;
    if (!runtime) return buildApprovalNotice(locale, { text: t(locale, "approval-card.notice.notConfigured"), tone: "Warning" });
    if (args.by === "recent") return buildAuditCard(locale, undefined, await listApprovalAudit(runtime.deps.store, { limit: maxAuditEntries + 1 }));
    const found = await queriesFor(ctx, args);
    if ("reply" in found) return found.reply;
    const lists = await Promise.all(found.queries.map((q) => listApprovalAudit(runtime.deps.store, { ...q, limit: maxAuditEntries + 1 })));
    const records = lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    return buildAuditCard(locale, found.label, records);
  },
};
