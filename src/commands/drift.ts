import { buildDriftCard, type DriftResource } from "../cards/build-drift-card.js";
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import { findingsForScaleSet, findingsForVm, type Finding } from "../drift/findings.js";
import type { ComputeSummary, Scope } from "../fleet/port.js";
import { t } from "../i18n/translate.js";
import { didYouMean } from "./did-you-mean.js";
import { showScannedDrift, usesScan } from "./drift-scan.js";
import { fetchLatestVersions } from "./fetch-latest-versions.js";
import { isThrottled } from "./is-throttled.js";
import { mapBounded } from "./map-bounded.js";
import { formatScope, parseScope } from "./targets.js";
import type { CommandContext, CommandSpec, Reply } from "./types.js";

/** GETs in flight for one scope scan; the Azure fleet bounds its own fan-out as well. */
export const driftConcurrency = 16;

type Outcome = { ok: true; item: DriftResource } | { ok: false };

async function findingsOf(ctx: CommandContext, resource: ComputeSummary, now: Date): Promise<Finding[] | undefined> {
  if (resource.kind === "vm") {
    const vm = await ctx.fleet.getVm(resource);
    if (!vm) return undefined;
    const latest = await fetchLatestVersions(ctx.catalog, vm.location, vm.extensions);
    // One heartbeat query per machine would not scale to a subscription: the summary skips them.
    return findingsForVm(vm, latest, undefined, now, { heartbeatChecked: false });
  }
  const scaleSet = await ctx.fleet.getScaleSet(resource);
  if (!scaleSet) return undefined;
  const latest = await fetchLatestVersions(ctx.catalog, scaleSet.location, scaleSet.extensions);
  return findingsForScaleSet(scaleSet, latest);
}

async function judge(ctx: CommandContext, resource: ComputeSummary, now: Date): Promise<Outcome> {
  try {
    const findings = await findingsOf(ctx, resource, now);
    return findings ? { ok: true, item: { resource, findings } } : { ok: false };
  } catch (error) {
    // Throttling affects every remaining call: stop and tell the user instead of a half-empty summary.
    if (isThrottled(error)) throw error;
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId, resourceId: resource.id }, "drift: resource could not be read");
    return { ok: false };
  }
}

async function emptyGroup(ctx: CommandContext, resourceGroup: string): Promise<Reply> {
  let groups: string[] = [];
  try {
    const all = await ctx.fleet.listInScope({ kind: "all" });
    groups = didYouMean(resourceGroup, all.map((s) => s.resourceGroup));
  } catch (error) {
    ctx.log.warn({ err: error, correlationId: ctx.request.correlationId }, "did-you-mean listing failed");
  }
  const locale = ctx.request.locale;
  return buildUsageErrorCard(locale, {
    titleKey: "scope.notFound.title",
    problem: t(locale, "scope.notFound.resourceGroup", { resourceGroup: escapeMarkdown(resourceGroup) }),
    usages: [],
    suggestions: groups.map((g) => commandButton(`drift ${formatScope({ kind: "resourceGroup", resourceGroup: g })}`)),
  });
}

/**
 * `drift <scope>`: all and sub:<id> go through the Resource Graph scan when one is wired (drift-scan.ts);
 * a resource group lists the scope, reads each machine (bounded parallel, instance view), judges, summarizes.
 */
export async function showDrift(ctx: CommandContext, scope: Scope): Promise<Reply> {
  if (usesScan(ctx, scope)) return showScannedDrift(ctx, scope);
  const resources = await ctx.fleet.listInScope(scope);
  if (resources.length === 0 && scope.kind === "resourceGroup") return emptyGroup(ctx, scope.resourceGroup);
  const now = ctx.clock.now();
  const outcomes = await mapBounded(resources, driftConcurrency, (resource) => judge(ctx, resource, now));
  const judged = outcomes.flatMap((o) => (o.ok ? [o.item] : []));
  return buildDriftCard(ctx.request.locale, { scope, resources: judged, unreadable: outcomes.length - judged.length, now });
}

export const driftCommand: CommandSpec<Scope> = {
  verb: "drift",
  aliases: ["ドリフト"],
  usageKey: "help.drift.usage",
  descriptionKey: "help.drift.description",
  examples: ["drift rg-prod", "drift sub:00000000-0000-4000-8000-000000000001", "drift all"],
  grant: "read",
  effect: "read",
  parse: parseScope,
  run: showDrift,
};
