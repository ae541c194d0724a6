// Generated simulator fixtures for the approval tests and the bench: the demo fleet plus a Manual
// scale set of any size whose AMA model is one minor behind, and small edits of demo machines.
import { demoFixture, parseFixture, type Fixture } from "../../src/sim/index.js";

type Group = NonNullable<Fixture["subscriptions"][number]["resourceGroups"]>[number];
type ScaleSetFixture = NonNullable<Group["scaleSets"]>[number];
type VmFixture = NonNullable<Group["vms"]>[number];
type ExtensionFixture = NonNullable<VmFixture["extensions"]>[number];

function cloneDemo(): Fixture {
  return structuredClone(demoFixture);
}

function prodGroup(fixture: Fixture): Group {
  const group = fixture.subscriptions[0]?.resourceGroups?.find((g) => g.name === "rg-prod");
  if (!group) throw new Error("the demo fleet has no rg-prod");
  return group;
}

/** AMA 1.32 running 1.32.5, automatic upgrades off: one minor behind the demo catalogue. A fresh object each time. */
function amaOneMinorBehind(): ExtensionFixture {
  return {
    name: "AzureMonitorLinuxAgent",
    publisher: "Microsoft.Azure.Monitor",
    type: "AzureMonitorLinuxAgent",
    typeHandlerVersion: "1.32",
    runningVersion: "1.32.5",
    autoUpgradeMinorVersion: false,
    enableAutomaticUpgrade: false,
  };
}

/** A Uniform scale set, upgrade policy Manual, AMA model 1.32 running 1.32.5 on every instance. */
export function behindScaleSet(name: string, instances: number): ScaleSetFixture {
  return {
    name,
    osType: "Linux",
    osName: "ubuntu",
    osVersion: "22.04",
    upgradePolicy: "Manual",
    extensions: [amaOneMinorBehind()],
    instances: Array.from({ length: instances }, (_, i) => ({ instanceId: String(i) })),
    heartbeat: { minutesAgo: 1 },
  };
}

/** The demo fleet with an extra Manual scale set of `instances` instances in rg-prod. */
export function fleetWithScaleSet(name: string, instances: number): Fixture {
  const fixture = cloneDemo();
  const group = prodGroup(fixture);
  group.scaleSets = [...(group.scaleSets ?? []), behindScaleSet(name, instances)];
  parseFixture(fixture, `(generated: ${name} with ${instances} instances)`);
  return fixture;
}

/** The demo fleet plus a resource group `group` (japaneast) of `count` VMs whose AMA is one minor behind. */
export function fleetWithVms(group: string, prefix: string, count: number): Fixture {
  const fixture = cloneDemo();
  const vms: VmFixture[] = Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i).padStart(3, "0")}`,
    osType: "Linux",
    osName: "ubuntu",
    osVersion: "22.04",
    extensions: [amaOneMinorBehind()],
    heartbeat: { minutesAgo: 1 },
  }));
  fixture.subscriptions[0]!.resourceGroups = [...(fixture.subscriptions[0]!.resourceGroups ?? []), { name: group, location: "japaneast", vms }];
  parseFixture(fixture, `(generated: ${group} with ${count} VMs)`);
  return fixture;
}

/** The demo fleet with one rg-prod VM changed. */
export function fleetWithVm(name: string, change: (vm: VmFixture) => void): Fixture {
  const fixture = cloneDemo();
  const vm = prodGroup(fixture).vms?.find((v) => v.name === name);
  if (!vm) throw new Error(`the demo fleet has no rg-prod/${name}`);
  change(vm);
  return fixture;
}
