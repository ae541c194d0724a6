// A plan is what an approved request will change, computed purely from live domain objects and
// the latest versions in each region. It is frozen (hashed) when the request is made; the
// approver approves exactly this, and the executor runs exactly this after re-validating it.
import { identifyAgent, type AgentId, type AgentInfo } from "../drift/agents.js";
import { compareVersions, parseVersion, toMajorMinor } from "../drift/version.js";
import type { Extension, ExtensionImageKey, OsType, PowerState, ScaleSet, UpgradePolicy, Vm } from "../fleet/port.js";
import type { ExtensionDefinition, RunCommandInput } from "./fleet-writer.js";
import { message, type MessageRef } from "./message-ref.js";
import { armCallsFor } from "./arm-calls.js";
import { hashContent } from "./plan-hash.js";
import { impactOf } from "./plan-impact.js";
import { defaultWaveOptions, planWaves, sortInstanceIds, type WaveOptions } from "./plan-waves.js";
import type { TargetScope } from "./policy.js";
import type { ApprovalVerb } from "./verbs.js";

/** `upgrade <target> [agent]`: which agents a command may narrow itself to. */
export const agentFilters = ["ama", "oms", "mma", "dependency"] as const;
export type AgentFilter = (typeof agentFilters)[number];

const agentsOfFilter: Record<AgentFilter, readonly AgentId[]> = {
  ama: ["amaLinux", "amaWindows"],
  oms: ["omsLinux"],
  mma: ["mmaWindows"],
  dependency: ["dependencyLinux", "dependencyWindows"],
};

/** What was asked for; `verb` is the approval verb grants name. */
export type PlanSpec =
  | { verb: "upgrade"; agent?: AgentFilter }
  | { verb: "autoupgrade"; enable: boolean; agent?: AgentFilter }
  | { verb: "reinstall"; agent: "ama" }
  | { verb: "restart-agent" }
  | { verb: "start-vm" }
  | { verb: "enable-identity" };

export interface PlanResource {
  kind: "vm" | "scaleSet";
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  osType: OsType;
}

export interface ExtensionRef {
  /** Whatever the deployer chose; it addresses the ARM resource, the agent comes from publisher + type. */
  name: string;
  publisher: string;
  type: string;
  agent?: AgentId;
}

export type PlanAction =
  | {
      kind: "setExtensionVersion";
      extension: ExtensionRef;
      /** The model's typeHandlerVersion now. */
      fromVersion: string;
      /** Instance-view version now (VMs only). */
      runningVersion?: string;
      /** major.minor written to typeHandlerVersion. */
      toVersion: string;
      /** Highest version listed in the region: what the agent should run afterwards. */
      latestVersion: string;
      /** Set when major.minor does not change but a newer patch exists: makes ARM re-apply the extension. */
      forceUpdateTag?: string;
    }
  | { kind: "setAutomaticUpgrade"; extension: ExtensionRef; enable: boolean }
  | { kind: "rolloutModel"; upgradePolicy: "Manual"; extensionNames: string[]; waves: string[][] }
  | { kind: "reinstallExtension"; extension: ExtensionRef; definition: ExtensionDefinition }
  | { kind: "runCommand"; purpose: "restartLegacyAgent"; input: RunCommandInput }
  | { kind: "startVm" }
  | { kind: "enableSystemIdentity"; keepUserAssignedIds: string[] };

export type PlanActionKind = PlanAction["kind"];

/** The live facts an item was computed from: re-validation compares them with live state. */
export interface ItemBasis {
  osType: OsType;
  powerState?: PowerState;
  upgradePolicy?: UpgradePolicy;
  extension?: {
    publisher: string;
    type: string;
    typeHandlerVersion: string;
    runningVersion?: string;
    enableAutomaticUpgrade: boolean;
  };
  instanceIds?: string[];
  systemAssignedIdentity?: boolean;
}

/** One ARM request the item will make: what `--dry-run` shows. Paths carry no api-version. */
export interface ArmCall {
  method: "PATCH" | "PUT" | "DELETE" | "POST";
  path: string;
  body?: Record<string, unknown>;
}

export interface PlanItem {
  /** Stable within a plan: progress, skips and outcomes refer to it. */
  id: string;
  resource: PlanResource;
  action: PlanAction;
  basis: ItemBasis;
  /** Items that must have succeeded first (a scale-set rollout waits for its model changes). */
  dependsOn: string[];
  calls: ArmCall[];
}

export interface SkippedItem {
  resource: PlanResource;
  extension?: ExtensionRef;
  instanceIds?: string[];
  reason: MessageRef;
}

export interface Plan {
  spec: PlanSpec;
  items: PlanItem[];
  skipped: SkippedItem[];
  impact: MessageRef[];
}

/** The latest version listed for (region, publisher, type), as the VersionCatalog found it. */
export type LatestLookup = (key: ExtensionImageKey) => string | undefined;

export interface PlanInput {
  vms: readonly Vm[];
  scaleSets: readonly ScaleSet[];
  latest: LatestLookup;
  waves?: WaveOptions;
}

export { armCallsFor, impactOf };

export function verbOf(spec: PlanSpec): ApprovalVerb {
  return spec.verb;
}

/** The plan's content hash: what the request freezes and execution checks. */
export function hashPlan(plan: Plan): string {
  return hashContent(plan);
}

/** Every subscription/resource group the plan touches (items and skips): what grants must cover. */
export function planScopes(plan: Plan): TargetScope[] {
  const seen = new Map<string, TargetScope>();
  for (const { resource } of [...plan.items, ...plan.skipped]) {
    const key = `${resource.subscriptionId}/${resource.resourceGroup}`.toLowerCase();
    if (!seen.has(key)) seen.set(key, { subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup });
  }
  return [...seen.values()];
}

/** Resource IDs the plan would change (items only), in plan order, without duplicates. */
export function planResourceIds(plan: Plan): string[] {
  return [...new Set(plan.items.map((item) => item.resource.id))];
}

// ---------------------------------------------------------------------------------------------

const skipKey = (reason: string) => `approvals.skip.${reason}`;
const byId = <T extends { id: string }>(a: T, b: T) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0);
const byName = (a: Extension, b: Extension) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);

function vmResource(vm: Vm): PlanResource {
  const { id, subscriptionId, resourceGroup, name, location, osType } = vm;
  return { kind: "vm", id, subscriptionId, resourceGroup, name, location, osType };
}

function scaleSetResource(ss: ScaleSet): PlanResource {
  const { id, subscriptionId, resourceGroup, name, location, osType } = ss;
  return { kind: "scaleSet", id, subscriptionId, resourceGroup, name, location, osType };
}

function extensionRef(ext: Extension, agent: AgentInfo | undefined): ExtensionRef {
  return { name: ext.name, publisher: ext.publisher, type: ext.type, ...(agent ? { agent: agent.id } : {}) };
}

function extensionBasis(ext: Extension): NonNullable<ItemBasis["extension"]> {
  return {
    publisher: ext.publisher,
    type: ext.type,
    typeHandlerVersion: ext.typeHandlerVersion,
    ...(ext.runningVersion ? { runningVersion: ext.runningVersion } : {}),
    enableAutomaticUpgrade: ext.enableAutomaticUpgrade,
  };
}

function itemId(resource: PlanResource, kind: PlanActionKind, extensionName?: string): string {
  return [resource.id, kind, extensionName].filter(Boolean).join("#").toLowerCase();
}

function makeItem(resource: PlanResource, action: PlanAction, basis: ItemBasis, dependsOn: string[] = []): PlanItem {
  const extensionName = "extension" in action ? action.extension.name : undefined;
  return { id: itemId(resource, action.kind, extensionName), resource, action, basis, dependsOn, calls: armCallsFor(resource, action) };
}

interface Collected {
  items: PlanItem[];
  skipped: SkippedItem[];
}

function isRunning(state: PowerState): boolean {
  return state === "running";
}

/** Monitoring-agent extensions of a VM or scale-set model, narrowed to an agent filter, in name order. */
function agentExtensions(extensions: readonly Extension[], filter: AgentFilter | undefined): { ext: Extension; agent: AgentInfo }[] {
  const wanted = filter ? agentsOfFilter[filter] : undefined;
  return [...extensions]
    .sort(byName)
    .map((ext) => ({ ext, agent: identifyAgent(ext.publisher, ext.type) }))
    .filter((e): e is { ext: Extension; agent: AgentInfo } => e.agent !== undefined && (!wanted || wanted.includes(e.agent.id)));
}

type VersionDecision =
  | { change: false; reason: MessageRef }
  | { change: true; toVersion: string; latest: string; forceUpdateTag?: string };

/** Whether an extension needs a new typeHandlerVersion, and which; `running` is absent for scale-set models. */
function decideVersion(ext: Extension, agent: AgentInfo, latest: string | undefined, location: string): VersionDecision {
  if (!latest) return { change: false, reason: message(skipKey("noLatest"), { type: ext.type, location }) };
  const latestParts = parseVersion(latest);
  const model = parseVersion(ext.typeHandlerVersion);
  if (!latestParts || !model) return { change: false, reason: message(skipKey("badVersion"), { version: ext.typeHandlerVersion }) };
  // typeHandlerVersion accepts major.minor only; "1.31.1" is rejected by ARM (seed 002).
  const target = toMajorMinor(latest);
  const targetParts = parseVersion(target) ?? latestParts;
  const modelMinor = model.slice(0, 2);
  const running = ext.runningVersion ? parseVersion(ext.runningVersion) : undefined;
  const upToDate = running ? compareVersions(running, latestParts) >= 0 : compareVersions(modelMinor, targetParts) >= 0;
  if (upToDate) return { change: false, reason: message(skipKey("upToDate"), { version: ext.runningVersion ?? ext.typeHandlerVersion, latest }) };
  const modelVsTarget = compareVersions(modelMinor, targetParts);
  if (modelVsTarget < 0) return { change: true, toVersion: target, latest };
  if (modelVsTarget > 0) return { change: false, reason: message(skipKey("modelAheadOfRegion"), { version: ext.typeHandlerVersion, latest }) };
  // Same major.minor, older patch: builds of the Windows Log Analytics agent roll out on their own (seed 000).
  if (agent.buildsRollOutAutomatically) return { change: false, reason: message(skipKey("buildsRollOutAutomatically"), { latest }) };
  return { change: true, toVersion: target, latest, forceUpdateTag: latest };
}

function latestFor(input: PlanInput, location: string, ext: Extension): string | undefined {
  return input.latest({ location, publisher: ext.publisher, type: ext.type });
}

function skipNotRunning(resource: PlanResource, vm: Vm, out: Collected, extension?: ExtensionRef): void {
  out.skipped.push({ resource, ...(extension ? { extension } : {}), reason: message(skipKey("vmNotRunning"), { state: vm.powerState }) });
}

function planVmExtensions(spec: PlanSpec & { verb: "upgrade" | "autoupgrade" }, vm: Vm, input: PlanInput, out: Collected): void {
  const resource = vmResource(vm);
  const extensions = agentExtensions(vm.extensions, spec.agent);
  if (extensions.length === 0) {
    out.skipped.push({ resource, reason: message(skipKey("noAgent")) });
    return;
  }
  for (const { ext, agent } of extensions) {
    const extension = extensionRef(ext, agent);
    const basis: ItemBasis = { osType: vm.osType, powerState: vm.powerState, extension: extensionBasis(ext) };
    if (spec.verb === "autoupgrade") {
      const refusal = autoUpgradeRefusal(ext, agent, spec.enable);
      if (refusal) out.skipped.push({ resource, extension, reason: refusal });
      // Extension changes on a stopped VM fail in ARM; deallocated VMs are not upgraded anyway (seed 001).
      else if (!isRunning(vm.powerState)) skipNotRunning(resource, vm, out, extension);
      else out.items.push(makeItem(resource, { kind: "setAutomaticUpgrade", extension, enable: spec.enable }, basis));
      continue;
    }
    const decision = decideVersion(ext, agent, latestFor(input, vm.location, ext), vm.location);
    if (!decision.change) out.skipped.push({ resource, extension, reason: decision.reason });
    else if (!isRunning(vm.powerState)) skipNotRunning(resource, vm, out, extension);
    else {
      const action: PlanAction = {
        kind: "setExtensionVersion",
        extension,
        fromVersion: ext.typeHandlerVersion,
        ...(ext.runningVersion ? { runningVersion: ext.runningVersion } : {}),
        toVersion: decision.toVersion,
        latestVersion: decision.latest,
        ...(decision.forceUpdateTag ? { forceUpdateTag: decision.forceUpdateTag } : {}),
      };
      out.items.push(makeItem(resource, action, basis));
    }
  }
}

function autoUpgradeRefusal(ext: Extension, agent: AgentInfo, enable: boolean): MessageRef | undefined {
  if (!agent.supportsAutomaticUpgrade) return message(skipKey("autoUpgradeNotSupported"), { type: ext.type });
  if (ext.enableAutomaticUpgrade === enable) return message(skipKey(enable ? "autoUpgradeAlreadyOn" : "autoUpgradeAlreadyOff"));
  return undefined;
}

function planScaleSetExtensions(
  spec: PlanSpec & { verb: "upgrade" | "autoupgrade" },
  ss: ScaleSet,
  input: PlanInput,
  out: Collected,
): void {
  const resource = scaleSetResource(ss);
  const extensions = agentExtensions(ss.extensions, spec.agent);
  if (extensions.length === 0) {
    out.skipped.push({ resource, reason: message(skipKey("noAgent")) });
    return;
  }
  const modelItems: PlanItem[] = [];
  for (const { ext, agent } of extensions) {
    const extension = extensionRef(ext, agent);
    const basis: ItemBasis = { osType: ss.osType, upgradePolicy: ss.upgradePolicy, extension: extensionBasis(ext) };
    if (spec.verb === "autoupgrade") {
      const refusal = autoUpgradeRefusal(ext, agent, spec.enable);
      if (refusal) out.skipped.push({ resource, extension, reason: refusal });
      else modelItems.push(makeItem(resource, { kind: "setAutomaticUpgrade", extension, enable: spec.enable }, basis));
      continue;
    }
    // A scale-set model has no running version: compare its major.minor with the region's latest.
    // A scale-set model has no running version: only its major.minor is compared, so a model is
    // either behind by major.minor or up to date (decideVersion never asks for a forceUpdateTag here).
    const decision = decideVersion({ ...ext, runningVersion: undefined }, agent, latestFor(input, ss.location, ext), ss.location);
    if (!decision.change) out.skipped.push({ resource, extension, reason: decision.reason });
    else {
      const action: PlanAction = {
        kind: "setExtensionVersion",
        extension,
        fromVersion: ext.typeHandlerVersion,
        toVersion: decision.toVersion,
        latestVersion: decision.latest,
      };
      modelItems.push(makeItem(resource, action, basis));
    }
  }
  out.items.push(...modelItems);
  // Manual: instances keep the old model until upgraded (seed 000). Automatic/Rolling: the platform applies it.
  if (ss.upgradePolicy !== "Manual") return;
  const running = ss.instances.filter((i) => isRunning(i.powerState));
  const stopped = ss.instances.filter((i) => !isRunning(i.powerState));
  const candidates = modelItems.length > 0 ? running : spec.verb === "upgrade" ? running.filter((i) => !i.latestModelApplied) : [];
  if (candidates.length === 0) return;
  if (stopped.length > 0) {
    out.skipped.push({
      resource,
      instanceIds: sortInstanceIds(stopped.map((i) => i.instanceId)),
      reason: message(skipKey("instancesNotRunning"), { count: stopped.length }),
    });
  }
  const ids = sortInstanceIds(candidates.map((i) => i.instanceId));
  const action: PlanAction = {
    kind: "rolloutModel",
    upgradePolicy: "Manual",
    extensionNames: extensions.map((e) => e.ext.name),
    waves: planWaves(ids, input.waves ?? defaultWaveOptions),
  };
  const basis: ItemBasis = { osType: ss.osType, upgradePolicy: ss.upgradePolicy, instanceIds: sortInstanceIds(ss.instances.map((i) => i.instanceId)) };
  out.items.push(makeItem(resource, action, basis, modelItems.map((i) => i.id)));
}

function skipVmOnly(scaleSets: readonly ScaleSet[], out: Collected): void {
  for (const ss of scaleSets) out.skipped.push({ resource: scaleSetResource(ss), reason: message(skipKey("vmOnly")) });
}

function planReinstall(vm: Vm, input: PlanInput, out: Collected): void {
  const resource = vmResource(vm);
  const found = agentExtensions(vm.extensions, "ama")[0];
  if (!found) {
    out.skipped.push({ resource, reason: message(skipKey("amaNotInstalled")) });
    return;
  }
  const { ext, agent } = found;
  const extension = extensionRef(ext, agent);
  if (!isRunning(vm.powerState)) return skipNotRunning(resource, vm, out, extension);
  const latest = latestFor(input, vm.location, ext);
  if (!latest || !parseVersion(latest)) {
    out.skipped.push({ resource, extension, reason: message(skipKey("noLatest"), { type: ext.type, location: vm.location }) });
    return;
  }
  // Uninstall, then install with major.minor only and automatic upgrade on (seed 002).
  const definition: ExtensionDefinition = {
    location: vm.location,
    publisher: ext.publisher,
    type: ext.type,
    typeHandlerVersion: toMajorMinor(latest),
    autoUpgradeMinorVersion: false,
    enableAutomaticUpgrade: true,
    settings: {},
  };
  const basis: ItemBasis = {
    osType: vm.osType,
    powerState: vm.powerState,
    extension: extensionBasis(ext),
    systemAssignedIdentity: vm.identity.systemAssigned,
  };
  out.items.push(makeItem(resource, { kind: "reinstallExtension", extension, definition }, basis));
}

// Restarting the agent picks up the renewed certificate (seed 003). Run Command runs as root.
export const restartLegacyAgentScript = ["/opt/microsoft/omsagent/bin/service_control restart"];

function planRestartAgent(vm: Vm, out: Collected): void {
  const resource = vmResource(vm);
  const found = agentExtensions(vm.extensions, "oms")[0];
  if (!found) {
    out.skipped.push({ resource, reason: message(skipKey("noLegacyAgent")) });
    return;
  }
  const extension = extensionRef(found.ext, found.agent);
  if (!isRunning(vm.powerState)) return skipNotRunning(resource, vm, out, extension);
  const basis: ItemBasis = { osType: vm.osType, powerState: vm.powerState, extension: extensionBasis(found.ext) };
  const action: PlanAction = {
    kind: "runCommand",
    purpose: "restartLegacyAgent",
    input: { commandId: "RunShellScript", script: restartLegacyAgentScript },
  };
  out.items.push(makeItem(resource, action, basis));
}

function planStartVm(vm: Vm, out: Collected): void {
  const resource = vmResource(vm);
  if (vm.powerState === "running" || vm.powerState === "starting") {
    out.skipped.push({ resource, reason: message(skipKey("alreadyRunning"), { state: vm.powerState }) });
    return;
  }
  out.items.push(makeItem(resource, { kind: "startVm" }, { osType: vm.osType, powerState: vm.powerState }));
}

function planEnableIdentity(vm: Vm, out: Collected): void {
  const resource = vmResource(vm);
  if (vm.identity.systemAssigned) {
    out.skipped.push({ resource, reason: message(skipKey("identityPresent")) });
    return;
  }
  const action: PlanAction = { kind: "enableSystemIdentity", keepUserAssignedIds: [...vm.identity.userAssignedIds].sort() };
  out.items.push(makeItem(resource, action, { osType: vm.osType, systemAssignedIdentity: false }));
}

/**
 * The plan for a spec over the resources it targets. Pure: the same inputs give the same plan,
 * whatever order the resources come in, so the hash is stable.
 */
export function computePlan(spec: PlanSpec, input: PlanInput): Plan {
  const out: Collected = { items: [], skipped: [] };
  const vms = [...input.vms].sort(byId);
  const scaleSets = [...input.scaleSets].sort(byId);
  switch (spec.verb) {
    case "upgrade":
    case "autoupgrade":
      for (const vm of vms) planVmExtensions(spec, vm, input, out);
      for (const ss of scaleSets) planScaleSetExtensions(spec, ss, input, out);
      break;
    case "reinstall":
      for (const vm of vms) planReinstall(vm, input, out);
      skipVmOnly(scaleSets, out);
      break;
    case "restart-agent":
      for (const vm of vms) planRestartAgent(vm, out);
      skipVmOnly(scaleSets, out);
      break;
    case "start-vm":
      for (const vm of vms) planStartVm(vm, out);
      skipVmOnly(scaleSets, out);
      break;
    case "enable-identity":
      for (const vm of vms) planEnableIdentity(vm, out);
      skipVmOnly(scaleSets, out);
      break;
  }
  return { spec, items: out.items, skipped: out.skipped, impact: impactOf(spec, out.items) };
}
