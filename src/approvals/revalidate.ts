// Before a frozen plan runs (and when a restarted bot picks one up), it is compared with live
// state: items whose resource changed meanwhile are skipped and reported, items someone else
// already carried out count as done, and a material change voids the whole request.
import { compareVersions, parseVersion } from "../drift/version.js";
import type { Extension, ScaleSet, Vm } from "../fleet/port.js";
import { message, type MessageRef } from "./message-ref.js";
import type { Plan, PlanItem } from "./plan.js";

export interface LiveState {
  vms: readonly Vm[];
  scaleSets: readonly ScaleSet[];
}

/** unchanged: run it; done: already at the target; changed / gone: skip it and say why. */
export type ItemVerdict = "unchanged" | "done" | "changed" | "gone";

export interface ItemCheck {
  itemId: string;
  verdict: ItemVerdict;
  /** A change that makes the approved plan wrong as a whole (e.g. the scale set's upgrade policy). */
  material: boolean;
  reason?: MessageRef;
  /** Rollouts: planned instances that no longer exist (the executor leaves them out). */
  removedInstanceIds?: string[];
}

export interface Revalidation {
  checks: ItemCheck[];
  /** Void the request: a material change, or nothing left to run. */
  material: boolean;
  reasons: MessageRef[];
  /** Items to skip, with the reason shown on the card. */
  skip: { itemId: string; reason: MessageRef }[];
  /** Items already at their target. */
  done: string[];
  /** Things worth reporting that change nothing (instances added or removed since the plan). */
  notes: MessageRef[];
}

const key = (name: string) => `approvals.revalidate.${name}`;
const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

function minorOf(version: string | undefined) {
  const parts = version ? parseVersion(version) : undefined;
  return parts?.slice(0, 2);
}

function atLeast(version: string | undefined, target: string): boolean {
  const a = version ? parseVersion(version) : undefined;
  const b = parseVersion(target);
  return a !== undefined && b !== undefined && compareVersions(a, b) >= 0;
}

function verdict(itemId: string, v: ItemVerdict, reason?: MessageRef, material = false): ItemCheck {
  return { itemId, verdict: v, material, ...(reason ? { reason } : {}) };
}

function checkExtensionItem(item: PlanItem, resource: Vm | ScaleSet, ext: Extension | undefined): ItemCheck | undefined {
  const action = item.action;
  if (!("extension" in action)) return undefined;
  const name = item.resource.name;
  if (!ext) return verdict(item.id, "gone", message(key("extensionGone"), { name, extension: action.extension.name }));
  const basis = item.basis.extension;
  if (basis && (!same(ext.publisher, basis.publisher) || !same(ext.type, basis.type))) {
    return verdict(item.id, "changed", message(key("extensionReplaced"), { name, extension: ext.name, type: ext.type }), true);
  }
  if ("upgradePolicy" in resource && item.basis.upgradePolicy && resource.upgradePolicy !== item.basis.upgradePolicy) {
    return verdict(item.id, "changed", message(key("policyChanged"), { name, from: item.basis.upgradePolicy, to: resource.upgradePolicy }), true);
  }
  if (action.kind === "setAutomaticUpgrade" && ext.enableAutomaticUpgrade === action.enable) {
    return verdict(item.id, "done", message(key("alreadyDone"), { name }));
  }
  if (action.kind === "setExtensionVersion") {
    const isVm = item.resource.kind === "vm";
    // The model already asks for the target major.minor (someone else, or our own write before a
    // restart): the platform converges on it, so the item is done. A patch-only re-apply cannot tell.
    const reached =
      (isVm && atLeast(ext.runningVersion, action.latestVersion)) ||
      (!action.forceUpdateTag && atLeast(minorOf(ext.typeHandlerVersion)?.join("."), action.toVersion));
    if (reached) return verdict(item.id, "done", message(key("alreadyDone"), { name }));
    const moved =
      ext.typeHandlerVersion !== basis?.typeHandlerVersion || (isVm && (ext.runningVersion ?? "") !== (basis?.runningVersion ?? ""));
    if (moved) {
      const was = basis?.runningVersion ?? basis?.typeHandlerVersion ?? "";
      const now = ext.runningVersion ?? ext.typeHandlerVersion;
      return verdict(item.id, "changed", message(key("versionChanged"), { name, from: was, to: now }));
    }
  }
  return undefined;
}

function checkVmItem(item: PlanItem, vm: Vm): ItemCheck {
  const action = item.action;
  const name = item.resource.name;
  switch (action.kind) {
    case "startVm":
      return vm.powerState === "running" || vm.powerState === "starting"
        ? verdict(item.id, "done", message(key("alreadyDone"), { name }))
        : verdict(item.id, "unchanged");
    case "enableSystemIdentity":
      return vm.identity.systemAssigned ? verdict(item.id, "done", message(key("alreadyDone"), { name })) : verdict(item.id, "unchanged");
    default: {
      const ext = "extension" in action ? vm.extensions.find((e) => same(e.name, action.extension.name)) : undefined;
      const found = checkExtensionItem(item, vm, ext);
      if (found && (found.verdict === "done" || found.material || found.verdict === "gone")) return found;
      // Extension changes on a stopped VM fail in ARM (and deallocated VMs are not upgraded, seed 001).
      if (vm.powerState !== "running") return verdict(item.id, "changed", message(key("vmNotRunning"), { name, state: vm.powerState }));
      return found ?? verdict(item.id, "unchanged");
    }
  }
}

function checkScaleSetItem(item: PlanItem, ss: ScaleSet, notes: MessageRef[]): ItemCheck {
  const action = item.action;
  const name = item.resource.name;
  if (action.kind !== "rolloutModel") {
    const ext = "extension" in action ? ss.extensions.find((e) => same(e.name, action.extension.name)) : undefined;
    return checkExtensionItem(item, ss, ext) ?? verdict(item.id, "unchanged");
  }
  if (ss.upgradePolicy !== "Manual") {
    return verdict(item.id, "changed", message(key("policyChanged"), { name, from: "Manual", to: ss.upgradePolicy }), true);
  }
  const live = new Set(ss.instances.map((i) => i.instanceId.toLowerCase()));
  const planned = action.waves.flat();
  const removed = planned.filter((id) => !live.has(id.toLowerCase()));
  const known = new Set((item.basis.instanceIds ?? planned).map((id) => id.toLowerCase()));
  const added = ss.instances.filter((i) => !known.has(i.instanceId.toLowerCase()));
  if (added.length > 0) notes.push(message(key("instancesAdded"), { name, count: added.length }));
  if (removed.length === planned.length) return verdict(item.id, "gone", message(key("instancesGone"), { name }));
  if (removed.length > 0) {
    notes.push(message(key("instancesRemoved"), { name, count: removed.length }));
    return { ...verdict(item.id, "unchanged"), removedInstanceIds: removed };
  }
  return verdict(item.id, "unchanged");
}

/** Compares the frozen plan (or some of its items) with live state. Pure. */
export function revalidatePlan(plan: Plan, live: LiveState, itemIds?: readonly string[]): Revalidation {
  const wanted = itemIds ? new Set(itemIds) : undefined;
  const notes: MessageRef[] = [];
  const checks = plan.items
    .filter((item) => !wanted || wanted.has(item.id))
    .map((item): ItemCheck => {
      const name = item.resource.name;
      const resource =
        item.resource.kind === "vm"
          ? live.vms.find((vm) => same(vm.id, item.resource.id))
          : live.scaleSets.find((ss) => same(ss.id, item.resource.id));
      if (!resource) return verdict(item.id, "gone", message(key("resourceGone"), { name }));
      if (resource.osType !== item.basis.osType) return verdict(item.id, "changed", message(key("resourceReplaced"), { name }), true);
      return item.resource.kind === "vm" ? checkVmItem(item, resource as Vm) : checkScaleSetItem(item, resource as ScaleSet, notes);
    });
  const reasons = checks.filter((c) => c.material && c.reason).map((c) => c.reason as MessageRef);
  const remaining = checks.filter((c) => c.verdict === "unchanged").length;
  const nothingLeft = checks.length > 0 && remaining === 0;
  if (nothingLeft && reasons.length === 0) reasons.push(message(key("nothingLeft")));
  return {
    checks,
    material: reasons.length > 0,
    reasons,
    skip: checks
      .filter((c) => c.verdict === "changed" || c.verdict === "gone")
      .map((c) => ({ itemId: c.itemId, reason: c.reason ?? message(key("changed")) })),
    done: checks.filter((c) => c.verdict === "done").map((c) => c.itemId),
    notes,
  };
}
