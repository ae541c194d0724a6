import { buildCandidatesCard } from "../cards/build-candidates-card.js";
import { buildScaleSetStatusCard, buildVmStatusCard } from "../cards/build-status-card.js";
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import { monitoringAgentsFor } from "../drift/agents.js";
import { findingsForScaleSet, findingsForVm } from "../drift/findings.js";
import type { ComputeSummary, Heartbeat, ResourceRef } from "../fleet/port.js";
import { t } from "../i18n/translate.js";
import { didYouMean } from "./did-you-mean.js";
import { completeLatestVersions, fetchLatestVersions } from "./fetch-latest-versions.js";
import { resolveTarget } from "./resolve-target.js";
import { formatTarget, parseTarget, type Target } from "./targets.js";
import type { CommandContext, CommandSpec, Reply } from "./types.js";

type Place = ResourceRef & { id: string };
/** Location and OS when the name look-up already told them: the version prefetch can start with the GET. */
type Known = Pick<ComputeSummary, "location" | "osType"> | undefined;

async function readHeartbeat(ctx: CommandContext, resourceId: string): Promise<{ heartbeat?: Heartbeat; unavailable: boolean }> {
  try {
    const heartbeat = await ctx.fleet.lastHeartbeat(resourceId);
    return heartbeat ? { heartbeat, unavailable: false } : { unavailable: false };
  } catch (error) {
    // Log Analytics may be unreachable or the bot may lack Log Analytics Reader: the extension facts
    // still stand, so the card says "could not be read" instead of failing the whole command.
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "heartbeat look-up failed");
    return { unavailable: true };
  }
}

function prefetchFor(ctx: CommandContext, known: Known) {
  return known ? fetchLatestVersions(ctx.catalog, known.location, monitoringAgentsFor(known.osType)) : Promise.resolve(new Map<string, string | undefined>());
}

async function vmStatus(ctx: CommandContext, place: Place, known: Known): Promise<Reply | undefined> {
  // One round trip: the VM, its heartbeat and the latest versions for its OS's agents in parallel.
  const [vm, beat, prefetched] = await Promise.all([ctx.fleet.getVm(place), readHeartbeat(ctx, place.id), prefetchFor(ctx, known)]);
  if (!vm) return undefined;
  const latest = await completeLatestVersions(ctx.catalog, vm.location, prefetched, vm.extensions);
  const now = ctx.clock.now();
  const findings = findingsForVm(vm, latest, beat.heartbeat, now, { heartbeatChecked: !beat.unavailable });
  return buildVmStatusCard(ctx.request.locale, {
    vm,
    heartbeat: beat.heartbeat,
    heartbeatUnavailable: beat.unavailable,
    latest,
    findings,
    now,
  });
}

async function scaleSetStatus(ctx: CommandContext, place: Place, known: Known): Promise<Reply | undefined> {
  const [scaleSet, prefetched] = await Promise.all([ctx.fleet.getScaleSet(place), prefetchFor(ctx, known)]);
  if (!scaleSet) return undefined;
  const latest = await completeLatestVersions(ctx.catalog, scaleSet.location, prefetched, scaleSet.extensions);
  return buildScaleSetStatusCard(ctx.request.locale, { scaleSet, latest, findings: findingsForScaleSet(scaleSet, latest) });
}

/** Names close to a mistyped one, for did-you-mean. One listing call: only paid on the not-found path. */
async function similarNames(ctx: CommandContext, name: string): Promise<string[]> {
  try {
    const all = await ctx.fleet.listInScope({ kind: "all" });
    return didYouMean(name, all.map((s) => s.name));
  } catch (error) {
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "did-you-mean listing failed");
    return [];
  }
}

async function notFound(ctx: CommandContext, target: Target, elsewhere: readonly ComputeSummary[]): Promise<Reply> {
  const locale = ctx.request.locale;
  const suggestions =
    target.by === "resourceGroup" && elsewhere.length > 0
      ? elsewhere.map((s) => commandButton(`status ${s.resourceGroup}/${s.name}`))
      : target.by === "name"
        ? (await similarNames(ctx, target.name)).map((name) => commandButton(`status ${name}`))
        : [];
  const problem =
    target.by === "name"
      ? t(locale, "status.notFound.name", { name: escapeMarkdown(target.name) })
      : t(locale, "status.notFound.target", { target: escapeMarkdown(formatTarget(target)) });
  return buildUsageErrorCard(locale, { titleKey: "status.notFound.title", problem, usages: [], suggestions });
}

/** `status <target>`: resolve the name, then read and judge the VM or scale set. */
export async function showStatus(ctx: CommandContext, target: Target): Promise<Reply> {
  const resolution = await resolveTarget(ctx.fleet, target);
  switch (resolution.kind) {
    case "ambiguous":
      return buildCandidatesCard(ctx.request.locale, "status", target.name, resolution.candidates);
    case "notFound":
      return notFound(ctx, target, resolution.elsewhere);
    case "found": {
      const { summary } = resolution;
      const reply = summary.kind === "vm" ? await vmStatus(ctx, summary, summary) : await scaleSetStatus(ctx, summary, summary);
      // Deleted between the name look-up and the GET: say so like any other unknown name.
      return reply ?? notFound(ctx, target, []);
    }
    case "byId": {
      const { resource } = resolution;
      const reply = resource.kind === "vm" ? await vmStatus(ctx, resource, undefined) : await scaleSetStatus(ctx, resource, undefined);
      return reply ?? notFound(ctx, target, []);
    }
  }
}

export const statusCommand: CommandSpec<Target> = {
  verb: "status",
  aliases: ["状態"],
  usageKey: "help.status.usage",
  descriptionKey: "help.status.description",
  examples: ["status vm-web-01", "status rg-prod/vmss-web", "状態 rg-prod/vm-web-01"],
  grant: "read",
  effect: "read",
  parse: parseTarget,
  run: showStatus,
};
