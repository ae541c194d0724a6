// Generated fleets for scale tests and the benchmark (`npm run sim -- --vms 10000`): resource
// groups of VMs whose situations follow a configurable mix, plus Manual scale sets, added to a base
// fixture (the demo fleet by default, so its names keep working). Deterministic for a given seed.
import { demoFixture } from "./demo-fixture.js";
import type { Fixture } from "./fixture-schema.js";

export const fleetSituations = ["upToDate", "behind", "frozen", "legacy", "noAgent", "deallocated", "failed", "silent"] as const;
export type FleetSituation = (typeof fleetSituations)[number];
export type FleetMix = Partial<Record<FleetSituation, number>>;

export const defaultMix: Record<FleetSituation, number> = { upToDate: 50, behind: 20, frozen: 10, legacy: 8, noAgent: 4, deallocated: 4, failed: 2, silent: 2 };

export interface GenerateFleetOptions {
  vms: number;
  /** Relative weights per situation; missing ones count 0 when a mix is given. */
  mix?: FleetMix;
  scaleSets?: number;
  instancesPerScaleSet?: number;
  vmsPerResourceGroup?: number;
  location?: string;
  /** Subscription to add to (created when the base lacks it); default: the base's first. */
  subscriptionId?: string;
  base?: Fixture;
  seed?: number;
}

type VmFixture = NonNullable<NonNullable<Fixture["subscriptions"][number]["resourceGroups"]>[number]["vms"]>[number];

const ubuntu = { osType: "Linux" as const, osName: "ubuntu", osVersion: "22.04", image: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2" } };
const ama = (thv: string, running: string, minor: boolean, auto: boolean) => ({
  name: "AzureMonitorLinuxAgent",
  publisher: "Microsoft.Azure.Monitor",
  type: "AzureMonitorLinuxAgent",
  typeHandlerVersion: thv,
  runningVersion: running,
  autoUpgradeMinorVersion: minor,
  enableAutomaticUpgrade: auto,
});
const oms = (failed: boolean) => ({
  name: "OmsAgentForLinux",
  publisher: "Microsoft.EnterpriseCloud.Monitoring",
  type: "OmsAgentForLinux",
  typeHandlerVersion: failed ? "1.19" : "1.17",
  runningVersion: failed ? "1.19.0" : "1.17.1",
  autoUpgradeMinorVersion: true,
  ...(failed ? { provisioningState: "Failed" as const, failure: { code: "53", message: "Enable failed with exit code 53 Installation failed due to incorrect workspace key." } } : {}),
  settings: { workspaceId: "6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6" },
  protectedSettings: { workspaceKey: "c2ltLW9ubHktd29ya3NwYWNlLWtleS1uZXZlci1yZWFs" },
});

function vmFor(name: string, situation: FleetSituation): VmFixture {
  const base = { name, ...ubuntu, identity: { systemAssigned: true }, tags: { generated: "true", situation } };
  switch (situation) {
    case "upToDate":
      return { ...base, extensions: [ama("1.33", "1.33.2", true, true)], heartbeat: { minutesAgo: 1 } };
    case "behind":
      return { ...base, extensions: [ama("1.32", "1.32.5", false, false)], heartbeat: { minutesAgo: 1 } };
    case "frozen":
      return { ...base, extensions: [ama("1.31", "1.31.1", true, false)], heartbeat: { minutesAgo: 1 } };
    case "legacy":
      return { ...base, extensions: [oms(false)], heartbeat: { minutesAgo: 1, version: "1.17.1-0" } };
    case "noAgent":
      return { ...base, extensions: [] };
    case "deallocated":
      return { ...base, powerState: "deallocated", powerStateMinutesAgo: 4000, extensions: [ama("1.30", "1.30.3", true, true)], heartbeat: { minutesAgo: 4005 } };
    case "failed":
      return { ...base, extensions: [oms(true)], heartbeat: { minutesAgo: 2900 } };
    case "silent":
      return { ...base, extensions: [ama("1.33", "1.33.2", true, true)], heartbeat: { minutesAgo: 120 } };
  }
}

/** mulberry32: a small deterministic generator, so a seed always yields the same fleet. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickSituation(mix: Record<FleetSituation, number>, roll: number): FleetSituation {
  const total = fleetSituations.reduce((sum, s) => sum + mix[s], 0);
  let point = roll * total;
  for (const situation of fleetSituations) {
    point -= mix[situation];
    if (point < 0) return situation;
  }
  return "upToDate";
}

export function generateFleet(options: GenerateFleetOptions): Fixture {
  if (!Number.isInteger(options.vms) || options.vms < 0) throw new Error("generateFleet: vms must be a non-negative integer");
  const mix = options.mix ? { ...Object.fromEntries(fleetSituations.map((s) => [s, 0])), ...options.mix } as Record<FleetSituation, number> : defaultMix;
  if (fleetSituations.every((s) => !(mix[s] > 0))) throw new Error("generateFleet: the mix needs at least one positive weight");
  const fixture = structuredClone(options.base ?? demoFixture);
  const location = options.location ?? "japaneast";
  const perGroup = options.vmsPerResourceGroup ?? 500;
  const next = random(options.seed ?? 1);
  const subscriptionId = options.subscriptionId ?? fixture.subscriptions[0]!.id;
  let sub = fixture.subscriptions.find((s) => s.id.toLowerCase() === subscriptionId.toLowerCase());
  if (!sub) fixture.subscriptions.push((sub = { id: subscriptionId, resourceGroups: [] }));
  const groups = (sub.resourceGroups ??= []);
  const groupCount = Math.ceil(options.vms / perGroup);
  for (let g = 0; g < groupCount; g++) {
    const vms: VmFixture[] = [];
    for (let i = g * perGroup; i < Math.min(options.vms, (g + 1) * perGroup); i++) {
      vms.push(vmFor(`vm-gen-${String(i + 1).padStart(5, "0")}`, pickSituation(mix, next())));
    }
    groups.push({ name: `rg-gen-${String(g + 1).padStart(3, "0")}`, location, vms });
  }
  const scaleSets = options.scaleSets ?? 0;
  if (scaleSets > 0) {
    const instances = options.instancesPerScaleSet ?? 10;
    groups.push({
      name: "rg-gen-scalesets",
      location,
      scaleSets: Array.from({ length: scaleSets }, (_, s) => ({
        name: `vmss-gen-${String(s + 1).padStart(3, "0")}`,
        ...ubuntu,
        upgradePolicy: "Manual" as const,
        extensions: [ama("1.33", "1.33.2", true, false)],
        instances: Array.from({ length: instances }, (_, i) => {
          const behind = next() < 0.3;
          return { instanceId: String(i), latestModelApplied: !behind, ...(behind ? { runningVersions: { AzureMonitorLinuxAgent: "1.32.5" } } : {}) };
        }),
        heartbeat: { minutesAgo: 1 },
      })),
    });
  }
  ensureImages(fixture, location);
  return fixture;
}

/** Generated VMs need the region's catalogue; borrow the demo's japaneast versions when missing. */
function ensureImages(fixture: Fixture, location: string): void {
  const images = (fixture.extensionImages ??= []);
  for (const image of demoFixture.extensionImages ?? []) {
    if (image.location !== "japaneast") continue;
    const exists = images.some((i) => i.location === location && i.publisher.toLowerCase() === image.publisher.toLowerCase() && i.type.toLowerCase() === image.type.toLowerCase());
    if (!exists) images.push({ ...image, location });
  }
}
