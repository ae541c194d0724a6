// `troubleshoot <vm>` (ts, 調査): the heartbeat-loss checklist of seed 002 run by the bot itself, on one
// card, with the evidence of each step. The checks that only the machine can answer (reachability,
// the legacy agent's certificate) run through Run Command, and only after the person who started the
// walk-through confirms on the card (or, by policy, a second person approves): the click is checked
// server-side against the walk-through stored for this conversation. The probe runs after the click
// is answered; its card shows "running…" and is updated in place when the result is in.
import { buildCandidatesCard } from "../cards/build-candidates-card.js";
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import type { ComputeSummary, ResourceRef, Vm } from "../fleet/port.js";
import { t } from "../i18n/translate.js";
import { appendAudit } from "../store/audit-log.js";
import { buildChecklistCard, type RemedyAction } from "../troubleshoot/build-checklist-card.js";
import { buildProbeApprovalCard, buildProbeConfirmCard, buildWalkThroughNotice, type NoticeKey } from "../troubleshoot/build-walkthrough-cards.js";
import type { TroubleshootFacts } from "../troubleshoot/facts.js";
import { gatherFacts, gatherMachineFacts, type FactSources } from "../troubleshoot/gather-facts.js";
import type { ActionRemedyKey } from "../troubleshoot/remedies.js";
import { remedyCommandFor, remedyVerbs } from "../troubleshoot/remedy-command.js";
import { requiredEndpoints } from "../troubleshoot/required-endpoints.js";
import { runChecklist } from "../troubleshoot/run-checklist.js";
import { probeNetwork, probeOmsCertificates } from "../troubleshoot/run-probe.js";
import type { ProbeKind } from "../troubleshoot/step-result.js";
import { troubleshootVerbs } from "../troubleshoot/troubleshoot-verbs.js";
import {
  askForProbe,
  cancelProbe,
  finishProbe,
  isProbeKind,
  personOf,
  probeFactsOf,
  probeTimesOf,
  runningProbes,
  startProbe,
  startWalkThrough,
  storeCertificateResult,
  storeNetworkResult,
  type ProbeConfirmation,
  type ProbeRefusal,
  type WalkThrough,
} from "../troubleshoot/walkthrough.js";
import { createWalkThroughStore, walkThroughKey, type WalkThroughStore } from "../troubleshoot/walkthrough-store.js";
import { mayApprove } from "../approvals/policy.js";
import { resolvePrincipal } from "../approvals/principal.js";
import { parseResourceId } from "./azure-names.js";
import { didYouMean } from "./did-you-mean.js";
import { matchVerb } from "./parse.js";
import { resolveTarget } from "./resolve-target.js";
import { formatTarget, parseTarget, type Target } from "./targets.js";
import type { CardActionHandler, CommandContext, CommandSpec, Reply } from "./types.js";

export { troubleshootVerbs };

type Listing = () => readonly CommandSpec[];

function walkThroughs(ctx: CommandContext): WalkThroughStore | undefined {
  return ctx.store ? createWalkThroughStore(ctx.store) : undefined;
}

function modeOf(ctx: CommandContext): ProbeConfirmation {
  return ctx.probeConfirmation ?? "requester";
}

function remedyActionFor(listSpecs: Listing) {
  return (key: ActionRemedyKey, vm: Vm): RemedyAction => ({
    command: remedyCommandFor(key, vm),
    // The approval commands belong to the approvals capability; until they are registered the card says so.
    available: matchVerb(remedyVerbs[key], listSpecs()) !== undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// Finding the VM

function notFound(ctx: CommandContext, target: Target, suggestions: string[]): Reply {
  const locale = ctx.request.locale;
  const problem =
    target.by === "name"
      ? t(locale, "status.notFound.name", { name: escapeMarkdown(target.name) })
      : t(locale, "status.notFound.target", { target: escapeMarkdown(formatTarget(target)) });
  return buildUsageErrorCard(locale, { titleKey: "status.notFound.title", problem, usages: [], suggestions: suggestions.map((s) => commandButton(`troubleshoot ${s}`)) });
}

function scaleSetRefused(ctx: CommandContext, name: string): Reply {
  const locale = ctx.request.locale;
  return buildUsageErrorCard(locale, {
    problem: t(locale, "troubleshoot-card.scaleSet", { name: escapeMarkdown(name) }),
    usages: [t(locale, "troubleshoot-card.help.usage")],
    suggestions: [],
  });
}

async function similarNames(ctx: CommandContext, name: string): Promise<string[]> {
  try {
    const all = await ctx.fleet.listInScope({ kind: "all" });
    return didYouMean(name, all.filter((s) => s.kind === "vm").map((s) => s.name));
  } catch (error) {
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "did-you-mean listing failed");
    return [];
  }
}

/** The VM the words name, as a reference with its ID (enough to start every read side by side). */
async function findVm(ctx: CommandContext, target: Target): Promise<{ ref: ResourceRef & { id: string } } | { reply: Reply }> {
  const resolution = await resolveTarget(ctx.fleet, target);
  switch (resolution.kind) {
    case "notFound": {
      const elsewhere = resolution.elsewhere.filter((s) => s.kind === "vm").map((s) => `${s.resourceGroup}/${s.name}`);
      const suggestions = target.by === "name" ? await similarNames(ctx, target.name) : elsewhere;
      return { reply: notFound(ctx, target, suggestions) };
    }
    case "ambiguous": {
      // A scale set of the same name is not what `troubleshoot` means: one VM left is the answer.
      const vms = resolution.candidates.filter((c: ComputeSummary) => c.kind === "vm");
      if (vms.length === 0) return { reply: scaleSetRefused(ctx, resolution.candidates[0]?.name ?? "") };
      if (vms.length > 1) return { reply: buildCandidatesCard(ctx.request.locale, "troubleshoot", resolution.candidates[0]?.name ?? "", vms) };
      return { ref: vms[0]! };
    }
    case "found":
      if (resolution.summary.kind !== "vm") return { reply: scaleSetRefused(ctx, resolution.summary.name) };
      return { ref: resolution.summary };
    case "byId":
      if (resolution.resource.kind !== "vm") return { reply: scaleSetRefused(ctx, resolution.resource.name) };
      return { ref: resolution.resource };
  }
}

// ---------------------------------------------------------------------------------------------
// The checklist

interface ChecklistView {
  facts: TroubleshootFacts;
  walkThrough: WalkThrough;
  /** False when the walk-through could not be stored: probe buttons would find nothing to confirm. */
  stored: boolean;
}

function sourcesOf(ctx: CommandContext): FactSources {
  return { fleet: ctx.fleet, ...(ctx.diagnostics ? { diagnostics: ctx.diagnostics } : {}), log: ctx.log, correlationId: ctx.request.correlationId };
}

function gather(ctx: CommandContext, vm: Vm): Promise<TroubleshootFacts> {
  return gatherFacts(sourcesOf(ctx), vm);
}

function hostsOf(facts: TroubleshootFacts): string[] {
  return requiredEndpoints(facts).endpoints.map((e) => e.host);
}

function renderChecklist(ctx: CommandContext, listSpecs: Listing, view: ChecklistView, running: readonly ProbeKind[]): Reply {
  const now = ctx.clock.now();
  const facts = { ...view.facts, ...probeFactsOf(view.walkThrough, now) };
  const awaiting = (Object.keys(view.walkThrough.probes) as ProbeKind[]).filter((k) => view.walkThrough.probes[k]?.state === "awaitingApproval");
  return buildChecklistCard(ctx.request.locale, {
    facts,
    outcome: runChecklist(facts, now),
    now,
    running,
    awaitingApproval: awaiting,
    probedAt: probeTimesOf(view.walkThrough, now),
    probesAvailable: view.stored && !!ctx.machineCommands,
    remedyAction: remedyActionFor(listSpecs),
  });
}

async function readPrevious(ctx: CommandContext, store: WalkThroughStore | undefined, vmId: string): Promise<WalkThrough | undefined> {
  if (!store) return undefined;
  try {
    return (await store.get(ctx.request.conversation.id, vmId))?.walkThrough;
  } catch (error) {
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "troubleshoot: previous walk-through could not be read");
    return undefined;
  }
}

/** Gathers the facts, (re)starts the walk-through of this conversation and VM, and renders the checklist. */
async function showChecklist(ctx: CommandContext, listSpecs: Listing, target: Target, ref: ResourceRef & { id: string }): Promise<Reply> {
  const store = walkThroughs(ctx);
  // One round trip: the VM, its heartbeat, its DCRs (then workspaces and scopes) and the stored walk-through.
  const [vm, machineFacts, previous] = await Promise.all([ctx.fleet.getVm(ref), gatherMachineFacts(sourcesOf(ctx), ref.id), readPrevious(ctx, store, ref.id)]);
  // Deleted between the name look-up and the GET: say so like any other unknown name.
  if (!vm) return notFound(ctx, target, []);
  const facts: TroubleshootFacts = { vm, ...machineFacts };
  const now = ctx.clock.now();
  const walkThrough = startWalkThrough({
    conversationId: ctx.request.conversation.id,
    vm,
    requester: personOf(ctx.request.user),
    locale: ctx.request.locale,
    now,
    networkHosts: hostsOf(facts),
    ...(previous ? { previous } : {}),
  });
  let stored = false;
  if (store) {
    try {
      await store.put(walkThrough);
      stored = true;
    } catch (error) {
      ctx.log.error({ err: error, correlationId: ctx.request.correlationId }, "troubleshoot: walk-through could not be stored");
    }
  }
  return renderChecklist(ctx, listSpecs, { facts, walkThrough, stored }, runningProbes(walkThrough, now));
}

// ---------------------------------------------------------------------------------------------
// Card actions: ask → confirm (or approve) → run in the background → update the card

interface ProbeClick {
  vmId: string;
  vm: { resourceGroup: string; name: string };
  probe: ProbeKind;
}

/** The button's data, shape-checked only: what it names is then looked up in the stored walk-through. */
function readClick(data: Record<string, unknown>): ProbeClick | undefined {
  const { vm, probe } = data;
  if (typeof vm !== "string" || vm.length > 1000 || !isProbeKind(probe)) return undefined;
  const parsed = parseResourceId(vm);
  if (!parsed.ok || parsed.args.kind !== "vm") return undefined;
  return { vmId: parsed.args.resourceId, vm: { resourceGroup: parsed.args.resourceGroup, name: parsed.args.name }, probe };
}

function badClick(ctx: CommandContext): Reply {
  const locale = ctx.request.locale;
  return buildUsageErrorCard(locale, {
    titleKey: "card.action.title",
    problem: t(locale, "card.action.unknown"),
    usages: [],
    suggestions: [commandButton("help")],
  });
}

function notice(ctx: CommandContext, key: NoticeKey, vm: { resourceGroup: string; name: string }, name?: string): Reply {
  return buildWalkThroughNotice(ctx.request.locale, key, vm, name === undefined ? {} : { name });
}

function refusalNotice(ctx: CommandContext, refusal: ProbeRefusal, walkThrough: WalkThrough): Reply {
  return notice(ctx, refusal, walkThrough.vm, walkThrough.requester.name);
}

/** The shared opening of every probe click: the store, the walk-through, the Run Command port. */
async function openWalkThrough(ctx: CommandContext, data: Record<string, unknown>): Promise<{ click: ProbeClick; store: WalkThroughStore; walkThrough: WalkThrough; etag: string } | { reply: Reply }> {
  const click = readClick(data);
  if (!click) return { reply: badClick(ctx) };
  const store = walkThroughs(ctx);
  if (!store) return { reply: notice(ctx, "noStore", click.vm) };
  const found = await store.get(ctx.request.conversation.id, click.vmId);
  if (!found) return { reply: notice(ctx, "expired", click.vm) };
  if (!ctx.machineCommands) return { reply: notice(ctx, "noRunner", click.vm) };
  if (click.probe === "omsCertificate" && found.walkThrough.vm.osType !== "Linux") return { reply: notice(ctx, "notProbeable", click.vm) };
  return { click, store, walkThrough: found.walkThrough, etag: found.etag };
}

/** "Run network check on the VM": the requester gets the confirm card, or (policy) a second person is asked. */
function askProbe(): CardActionHandler {
  return async (ctx, data) => {
    const open = await openWalkThrough(ctx, data);
    if ("reply" in open) return open.reply;
    const { click, store, walkThrough, etag } = open;
    const mode = modeOf(ctx);
    const asked = askForProbe(walkThrough, click.probe, personOf(ctx.request.user), mode, ctx.clock.now());
    if (!asked.ok) return refusalNotice(ctx, asked.refusal, walkThrough);
    if (!(await store.replace(asked.walkThrough, etag))) return notice(ctx, "alreadyRunning", walkThrough.vm);
    if (mode === "requester") return buildProbeConfirmCard(ctx.request.locale, asked.walkThrough, click.probe);
    // The answer to a click reaches only the clicker (bot-framework.md §5.2): the approval request is
    // a new message everyone in the conversation sees.
    await ctx.chat.send(buildProbeApprovalCard(ctx.request.locale, asked.walkThrough, click.probe));
    return notice(ctx, "approvalRequested", walkThrough.vm);
  };
}

function cancelAsk(): CardActionHandler {
  return async (ctx, data) => {
    const open = await openWalkThrough(ctx, data);
    if ("reply" in open) return open.reply;
    const { click, store, walkThrough, etag } = open;
    const cancelled = cancelProbe(walkThrough, click.probe, personOf(ctx.request.user));
    if (!cancelled.ok) return refusalNotice(ctx, cancelled.refusal, walkThrough);
    if (!(await store.replace(cancelled.walkThrough, etag))) return notice(ctx, "alreadyRunning", walkThrough.vm);
    return notice(ctx, "cancelled", walkThrough.vm);
  };
}

/** The confirming (or approving) click: checked against the stored walk-through, then the probe starts. */
function runProbe(listSpecs: Listing, expected: ProbeConfirmation): CardActionHandler {
  return async (ctx, data) => {
    const open = await openWalkThrough(ctx, data);
    if ("reply" in open) return open.reply;
    const { click, store, walkThrough, etag } = open;
    const mode = modeOf(ctx);
    // A confirm button under a second-person policy (or the other way round) finds nothing to confirm.
    if (mode !== expected) return notice(ctx, "notAsked", walkThrough.vm);
    const user = personOf(ctx.request.user);
    const started = startProbe(walkThrough, click.probe, user, mode, ctx.clock.now());
    if (!started.ok) return refusalNotice(ctx, started.refusal, walkThrough);
    if (mode === "secondPerson" && !(await mayApproveProbe(ctx, walkThrough))) return notice(ctx, "notApprover", walkThrough.vm);
    // Compare-and-swap: of two simultaneous clicks (or two bot instances), one runs the probe.
    if (!(await store.replace(started.walkThrough, etag))) return notice(ctx, "alreadyRunning", walkThrough.vm);

    const vm = await ctx.fleet.getVm({ subscriptionId: walkThrough.vm.subscriptionId, resourceGroup: walkThrough.vm.resourceGroup, name: walkThrough.vm.name });
    // Run Command needs a running machine; the probe button only shows for one, but the VM may have stopped since.
    if (!vm || vm.powerState !== "running") {
      await finishAndSave(ctx, store, started.walkThrough, click.probe, { unknown: "failed" });
      return notice(ctx, vm ? "notProbeable" : "expired", walkThrough.vm);
    }
    const facts = await gather(ctx, vm);
    const running = runningProbes(started.walkThrough, ctx.clock.now());
    const view = { facts, walkThrough: started.walkThrough, stored: true };
    const messageId = await ctx.chat.send(renderChecklist(ctx, listSpecs, view, running));
    await auditProbe(ctx, vm, click.probe, facts);
    void finishInBackground(ctx, listSpecs, { store, vm, facts, probe: click.probe, messageId });
    return notice(ctx, "started", walkThrough.vm, ctx.request.user.name);
  };
}

/**
 * Under the second-person policy the approver needs the grant that approving `restart-agent` needs:
 * both run a script on the machine through Run Command. Without an approval policy in this
 * deployment (unit tests), any other Entra user may approve, as the walk-through already checks.
 */
async function mayApproveProbe(ctx: CommandContext, walkThrough: WalkThrough): Promise<boolean> {
  const policy = ctx.approvals?.deps.policy;
  if (!policy) return true;
  const principal = await resolvePrincipal(policy, ctx.request.user, ctx.request.conversation, ctx.approvals?.deps.groups);
  if (!principal || !walkThrough.requester.aadObjectId) return false;
  const subject = {
    verb: "restart-agent" as const,
    requesterObjectId: walkThrough.requester.aadObjectId,
    ...(ctx.request.conversation.tenantId !== undefined && { tenantId: ctx.request.conversation.tenantId }),
    conversation: ctx.request.conversation,
    targets: [{ subscriptionId: walkThrough.vm.subscriptionId, resourceGroup: walkThrough.vm.resourceGroup }],
  };
  return mayApprove(policy, subject, principal).ok;
}

async function auditProbe(ctx: CommandContext, vm: Vm, probe: ProbeKind, facts: TroubleshootFacts): Promise<void> {
  if (!ctx.store) return;
  const at = ctx.clock.now().toISOString();
  try {
    await appendAudit(ctx.store, {
      id: `${walkThroughKey(ctx.request.conversation.id, vm.id)}.${probe}.${at}`,
      at,
      action: "troubleshoot.probe",
      ...(ctx.request.user.aadObjectId ? { actor: ctx.request.user.aadObjectId } : {}),
      targets: [vm.id],
      details: { probe, hosts: probe === "network" ? hostsOf(facts) : [], correlationId: ctx.request.correlationId },
    });
  } catch (error) {
    ctx.log.error({ err: error, correlationId: ctx.request.correlationId }, "troubleshoot: probe audit record failed");
  }
}

/** Records the result on whatever the walk-through is now (a Re-check may have replaced it meanwhile). */
async function finishAndSave(ctx: CommandContext, store: WalkThroughStore, fallback: WalkThrough, probe: ProbeKind, result: Parameters<typeof finishProbe>[2]): Promise<WalkThrough> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(fallback.conversationId, fallback.vm.id);
    const next = finishProbe(current?.walkThrough ?? fallback, probe, result, ctx.clock.now());
    if (!current) {
      await store.put(next);
      return next;
    }
    if (await store.replace(next, current.etag)) return next;
  }
  throw new Error("troubleshoot: walk-through kept changing while the probe result was saved");
}

interface BackgroundProbe {
  store: WalkThroughStore;
  vm: Vm;
  facts: TroubleshootFacts;
  probe: ProbeKind;
  messageId: string;
}

/** Runs after the click is answered: Run Command takes 20 s or more (azure-api.md §6.1). Never rejects. */
async function finishInBackground(ctx: CommandContext, listSpecs: Listing, job: BackgroundProbe): Promise<void> {
  const log = ctx.log.child({ correlationId: ctx.request.correlationId, probe: job.probe });
  try {
    const runner = ctx.machineCommands!;
    const probeContext = { runner, log, correlationId: ctx.request.correlationId };
    const result =
      job.probe === "network"
        ? storeNetworkResult(await probeNetwork(probeContext, job.vm, hostsOf(job.facts)))
        : storeCertificateResult(await probeOmsCertificates(probeContext, job.vm));
    const fallback = (await job.store.get(ctx.request.conversation.id, job.vm.id))?.walkThrough;
    if (!fallback) {
      log.warn("troubleshoot: the walk-through disappeared while its probe ran");
      return;
    }
    const walkThrough = await finishAndSave(ctx, job.store, fallback, job.probe, result);
    const card = renderChecklist(ctx, listSpecs, { facts: job.facts, walkThrough, stored: true }, runningProbes(walkThrough, ctx.clock.now()));
    await ctx.chat.update(job.messageId, card);
    log.info({ vm: job.vm.id }, "troubleshoot probe finished");
  } catch (error) {
    log.error({ err: error }, "troubleshoot probe could not finish");
  }
}

// ---------------------------------------------------------------------------------------------

/** `troubleshoot <vm>`; `listSpecs` is the registry (a function, to avoid an import cycle). */
export function createTroubleshootCommand(listSpecs: Listing): CommandSpec<Target> {
  return {
    verb: "troubleshoot",
    aliases: ["ts", "調査"],
    usageKey: "troubleshoot-card.help.usage",
    descriptionKey: "troubleshoot-card.help.description",
    examples: ["troubleshoot vm-silent-01", "ts rg-prod/vm-batch-01", "調査 vm-legacy-01"],
    grant: "read",
    effect: "read",
    parse: parseTarget,
    async run(ctx, target) {
      const found = await findVm(ctx, target);
      if ("reply" in found) return found.reply;
      return showChecklist(ctx, listSpecs, target, found.ref);
    },
    cardActions: {
      [troubleshootVerbs.probe]: askProbe(),
      [troubleshootVerbs.confirm]: runProbe(listSpecs, "requester"),
      [troubleshootVerbs.approve]: runProbe(listSpecs, "secondPerson"),
      [troubleshootVerbs.cancel]: cancelAsk(),
    },
  };
}
