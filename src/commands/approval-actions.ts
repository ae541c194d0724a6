// The approval card's buttons: approve, reject, cancel, and refresh (each viewer's own view). Card
// data is never trusted (issue 3 req 3): it only names a request, which is looked up; the clicker
// comes from the activity (from.aadObjectId), the tenant from its conversation; a plan hash that is
// not the stored one is refused. The click is answered at once, from stored state; execution runs in
// the background and updates the shared card in place.
import type { Acting } from "../approvals/approval-deps.js";
import { roleOf, type ViewerRole } from "../approvals/policy.js";
import { resolvePrincipal } from "../approvals/principal.js";
import type { Refusal } from "../approvals/refusal.js";
import { approvalSubject, type ApprovalRequest } from "../approvals/request.js";
import { approve, cancel, reject, viewRequest } from "../approvals/use-cases.js";
import { cardVerbs } from "../cards/verbs.js";
import { t } from "../i18n/translate.js";
import { buildApprovalNotice, refusalNotice, type Notice } from "./approval-card.js";
import type { ApprovalRuntime } from "./approval-runtime.js";
import type { CardActionHandler, CommandContext, Reply } from "./types.js";

export interface Click {
  requestId: string;
  planHash?: string;
}

// Request IDs are 8 characters of a small alphabet (src/approvals/request-id.ts); allow some slack.
const requestIdPattern = /^[a-z0-9]{4,40}$/i;

/** The request ID and plan hash a button carries, or undefined when they are not even well-formed. */
export function readClick(data: Record<string, unknown>): Click | undefined {
  const { requestId, planHash } = data;
  if (typeof requestId !== "string" || !requestIdPattern.test(requestId)) return undefined;
  if (planHash !== undefined && (typeof planHash !== "string" || planHash.length > 100)) return undefined;
  return { requestId, ...(typeof planHash === "string" && { planHash }) };
}

function actingOf(ctx: CommandContext): Acting {
  return { user: ctx.request.user, conversation: ctx.request.conversation };
}

const sameTenant = (request: ApprovalRequest, ctx: CommandContext) =>
  (request.tenantId ?? "").toLowerCase() === (ctx.request.conversation.tenantId ?? "").toLowerCase();

async function roleFor(runtime: ApprovalRuntime, ctx: CommandContext, request: ApprovalRequest): Promise<ViewerRole> {
  const { policy, groups } = runtime.deps;
  const principal = await resolvePrincipal(policy, ctx.request.user, ctx.request.conversation, groups);
  return principal ? roleOf(policy, approvalSubject(request), principal) : "viewer";
}

/** The clicker's own view of the request with a line on top; nothing about a request of another tenant. */
async function viewWith(runtime: ApprovalRuntime, ctx: CommandContext, request: ApprovalRequest | undefined, notice: Notice): Promise<Reply> {
  if (!request || !sameTenant(request, ctx)) return buildApprovalNotice(ctx.request.locale, notice);
  return runtime.card(request, await roleFor(runtime, ctx, request), ctx.request.locale, notice);
}

function refused(runtime: ApprovalRuntime, ctx: CommandContext, refusal: Refusal, request?: ApprovalRequest): Promise<Reply> {
  ctx.log.info({ correlationId: ctx.request.correlationId, refusal: refusal.code, requestId: request?.id }, "approval action refused");
  // A forged request of another tenant is answered like an unknown one: no plan leaks out.
  const shown = refusal.code === "wrongTenant" ? undefined : request;
  return viewWith(runtime, ctx, shown, refusalNotice(ctx.request.locale, refusal));
}

function notice(ctx: CommandContext, key: string, params?: Record<string, string | number>): Notice {
  return { text: t(ctx.request.locale, key, params), tone: "Good" };
}

type Handler = (runtime: ApprovalRuntime, ctx: CommandContext, click: Click) => Promise<Reply>;

/** Shared opening of every approval button: the runtime, a well-formed click, the clicker remembered. */
function handler(run: Handler): CardActionHandler {
  return async (ctx, data) => {
    const locale = ctx.request.locale;
    const runtime = ctx.approvals;
    if (!runtime) return buildApprovalNotice(locale, { text: t(locale, "approval-card.notice.notConfigured"), tone: "Warning" });
    const click = readClick(data);
    if (!click) return buildApprovalNotice(locale, refusalNotice(locale, { code: "notFound", id: "?" }));
    await runtime.directory.remember(ctx.request.user);
    return run(runtime, ctx, click);
  };
}

const approveClick: Handler = async (runtime, ctx, click) => {
  // The approver approves exactly the plan the card showed: a button without the hash approves nothing.
  const outcome = await approve(runtime.deps, { ...actingOf(ctx), requestId: click.requestId, planHash: click.planHash ?? "" }, runtime.hooks);
  if (!outcome.ok) return refused(runtime, ctx, outcome.refusal, outcome.request);
  const request = outcome.request;
  ctx.log.info({ correlationId: ctx.request.correlationId, requestId: request.id, state: request.state }, "approval recorded");
  runtime.publish(request);
  runtime.follow(request.id, outcome.execution);
  const key = request.state === "pending" ? "approval-card.notice.approvalAdded" : "approval-card.notice.approved";
  return runtime.card(request, await roleFor(runtime, ctx, request), ctx.request.locale, notice(ctx, key, { count: request.approvals.length, required: request.approvalsRequired }));
};

const rejectClick: Handler = async (runtime, ctx, click) => {
  const outcome = await reject(runtime.deps, { ...actingOf(ctx), requestId: click.requestId, ...(click.planHash !== undefined && { planHash: click.planHash }) });
  if (!outcome.ok) return refused(runtime, ctx, outcome.refusal, outcome.request);
  runtime.publish(outcome.request);
  return runtime.card(outcome.request, await roleFor(runtime, ctx, outcome.request), ctx.request.locale, notice(ctx, "approval-card.notice.rejected"));
};

/** Cancel from the card or by `cancel <id>`: only the requester, only while pending. */
export async function cancelRequestAs(runtime: ApprovalRuntime, ctx: CommandContext, click: Click): Promise<Reply> {
  const outcome = await cancel(runtime.deps, { ...actingOf(ctx), requestId: click.requestId, ...(click.planHash !== undefined && { planHash: click.planHash }) });
  if (!outcome.ok) return refused(runtime, ctx, outcome.refusal, outcome.request);
  runtime.publish(outcome.request);
  return runtime.card(outcome.request, "requester", ctx.request.locale, notice(ctx, "approval-card.notice.cancelled"));
}

const refreshClick: Handler = async (runtime, ctx, click) => {
  const viewed = await viewRequest(runtime.deps, { ...actingOf(ctx), requestId: click.requestId });
  if (!viewed.ok) return refused(runtime, ctx, viewed.refusal);
  if (!sameTenant(viewed.request, ctx)) return refused(runtime, ctx, { code: "notFound", id: click.requestId });
  return runtime.card(viewed.request, viewed.role, ctx.request.locale);
};

/** The handlers, by card verb (CommandSpec.cardActions of the `approvals` command). */
export const approvalCardActions: Record<string, CardActionHandler> = {
  [cardVerbs.approvalApprove]: handler(approveClick),
  [cardVerbs.approvalReject]: handler(rejectClick),
  [cardVerbs.approvalCancel]: handler(cancelRequestAs),
  [cardVerbs.approvalRefresh]: handler(refreshClick),
};
