// The simulator's mutable fleet: built from a validated fixture (deep-copied, so the fixture object
// itself never changes) and owned here. Lookups compare names case-insensitively, as Azure does,
// and throw the ARM 404 a real lookup would.
import { instanceId as buildInstanceId, scaleSetId, vmId } from "./arm-ids.js";
import { resourceGroupNotFound, resourceNotFound, subscriptionNotFound } from "./arm-error.js";
import type { FleetData, InstanceData, ResourceGroupData, ScaleSetData, SubscriptionData, VmData } from "./fixture-schema.js";

export interface VmEntry {
  subscriptionId: string;
  group: ResourceGroupData;
  vm: VmData;
  id: string;
  location: string;
}

export interface ScaleSetEntry {
  subscriptionId: string;
  group: ResourceGroupData;
  set: ScaleSetData;
  id: string;
  location: string;
}

export interface InstanceEntry {
  scaleSet: ScaleSetEntry;
  instance: InstanceData;
  id: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class FleetState {
  readonly data: FleetData;
  /** Bumped by every write request, so derived views (Resource Graph rows) know when to rebuild. */
  revision = 0;
  private machineIndex: Map<string, VmEntry | InstanceEntry> | undefined;

  constructor(
    fixture: FleetData,
    readonly now: () => Date,
  ) {
    this.data = structuredClone(fixture);
  }

  subscription(subscriptionId: string): SubscriptionData {
    const sub = this.data.subscriptions.find((s) => same(s.id, subscriptionId));
    if (!sub) throw subscriptionNotFound(subscriptionId);
    return sub;
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupData {
    const group = this.subscription(subscriptionId).resourceGroups.find((g) => same(g.name, name));
    if (!group) throw resourceGroupNotFound(name);
    return group;
  }

  vm(subscriptionId: string, rg: string, name: string): VmEntry {
    const group = this.resourceGroup(subscriptionId, rg);
    const vm = group.vms.find((v) => same(v.name, name));
    if (!vm) throw resourceNotFound("Microsoft.Compute/virtualMachines", name, rg);
    return this.vmEntry(subscriptionId, group, vm);
  }

  vmsInGroup(subscriptionId: string, rg: string): VmEntry[] {
    const group = this.resourceGroup(subscriptionId, rg);
    return group.vms.map((vm) => this.vmEntry(subscriptionId, group, vm));
  }

  vmsInSubscription(subscriptionId: string): VmEntry[] {
    return this.subscription(subscriptionId).resourceGroups.flatMap((group) =>
      group.vms.map((vm) => this.vmEntry(subscriptionId, group, vm)),
    );
  }

  scaleSet(subscriptionId: string, rg: string, name: string): ScaleSetEntry {
    const group = this.resourceGroup(subscriptionId, rg);
    const set = group.scaleSets.find((s) => same(s.name, name));
    if (!set) throw resourceNotFound("Microsoft.Compute/virtualMachineScaleSets", name, rg);
    return this.scaleSetEntry(subscriptionId, group, set);
  }

  scaleSetsInGroup(subscriptionId: string, rg: string): ScaleSetEntry[] {
    const group = this.resourceGroup(subscriptionId, rg);
    return group.scaleSets.map((set) => this.scaleSetEntry(subscriptionId, group, set));
  }

  scaleSetsInSubscription(subscriptionId: string): ScaleSetEntry[] {
    return this.subscription(subscriptionId).resourceGroups.flatMap((group) =>
      group.scaleSets.map((set) => this.scaleSetEntry(subscriptionId, group, set)),
    );
  }

  instance(entry: ScaleSetEntry, id: string): InstanceEntry {
    const instance = entry.set.instances.find((i) => i.instanceId === id);
    if (!instance) throw resourceNotFound("Microsoft.Compute/virtualMachineScaleSets", `${entry.set.name}/virtualMachines/${id}`, entry.group.name);
    return this.instanceEntry(entry, instance);
  }

  instances(entry: ScaleSetEntry): InstanceEntry[] {
    return entry.set.instances.map((instance) => this.instanceEntry(entry, instance));
  }

  /** A VM or scale-set instance by its resource ID (case-insensitive); undefined when unknown. */
  machineById(resourceId: string): VmEntry | InstanceEntry | undefined {
    if (!this.machineIndex) {
      this.machineIndex = new Map();
      for (const sub of this.data.subscriptions) {
        for (const group of sub.resourceGroups) {
          for (const vm of group.vms) {
            const entry = this.vmEntry(sub.id, group, vm);
            this.machineIndex.set(entry.id.toLowerCase(), entry);
          }
          for (const set of group.scaleSets) {
            const setEntry = this.scaleSetEntry(sub.id, group, set);
            for (const instance of set.instances) {
              const entry = this.instanceEntry(setEntry, instance);
              this.machineIndex.set(entry.id.toLowerCase(), entry);
            }
          }
        }
      }
    }
    return this.machineIndex.get(resourceId.replace(/\/+$/, "").toLowerCase());
  }

  private vmEntry(subscriptionId: string, group: ResourceGroupData, vm: VmData): VmEntry {
    return { subscriptionId, group, vm, id: vmId(subscriptionId, group.name, vm.name), location: vm.location ?? group.location };
  }

  private scaleSetEntry(subscriptionId: string, group: ResourceGroupData, set: ScaleSetData): ScaleSetEntry {
    return { subscriptionId, group, set, id: scaleSetId(subscriptionId, group.name, set.name), location: set.location ?? group.location };
  }

  private instanceEntry(scaleSet: ScaleSetEntry, instance: InstanceData): InstanceEntry {
    return { scaleSet, instance, id: buildInstanceId(scaleSet.subscriptionId, scaleSet.group.name, scaleSet.set.name, instance.instanceId) };
  }
}

export function isInstanceEntry(entry: VmEntry | InstanceEntry): entry is InstanceEntry {
  return "instance" in entry;
}
