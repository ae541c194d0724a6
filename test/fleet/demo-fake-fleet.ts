// The demo fleet of contracts.md as plain domain objects, for unit tests above the port that want
// the same names as the simulator's demo (vm-web-01, vmss-web, ...). The contract suite checks that
// this fake and the simulator agree on every fact it asserts.
import type { Extension, Heartbeat, ScaleSetInstance } from "../../src/fleet/port.js";
import { amaLinux, createFakeFleet, fakeExtension, fakeScaleSet, fakeVm, type FakeFleet } from "./fake-fleet.js";

export const demoSubscriptionId = "00000000-0000-4000-8000-000000000001";
export const demoSecondSubscriptionId = "00000000-0000-4000-8000-000000000002";

const minutes = 60_000;

function oms(version: string, fields: Partial<Extension> = {}): Extension {
  const [major, minor] = version.split(".");
  return fakeExtension({
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "OmsAgentForLinux",
    typeHandlerVersion: `${major}.${minor}`,
    runningVersion: version,
    autoUpgradeMinorVersion: true,
    ...fields,
  });
}

function instances(setName: string, count: number, behind: string[] = []): ScaleSetInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    instanceId: String(i),
    name: `${setName}_${i}`,
    latestModelApplied: !behind.includes(String(i)),
    powerState: "running",
    provisioningState: "Succeeded",
  }));
}

/** The demo fleet with heartbeat ages relative to `now`. */
export function createDemoFakeFleet(now: Date = new Date()): FakeFleet {
  const ago = (m: number) => new Date(now.getTime() - m * minutes);
  const vms = [
    fakeVm({
      name: "vm-web-01",
      extensions: [
        amaLinux("1.33.2", { name: "AzureMonitorLinuxAgent", autoUpgradeMinorVersion: true, enableAutomaticUpgrade: true }),
        fakeExtension({ publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1", runningVersion: "2.1.10" }),
      ],
    }),
    fakeVm({
      name: "vm-web-01",
      resourceGroup: "rg-dev",
      location: "westeurope",
      extensions: [amaLinux("1.31.1", { name: "AzureMonitorLinuxAgent", autoUpgradeMinorVersion: false, enableAutomaticUpgrade: false })],
    }),
    fakeVm({
      name: "vm-web-02",
      extensions: [amaLinux("1.32.5", { name: "AzureMonitorLinuxAgent", autoUpgradeMinorVersion: false, enableAutomaticUpgrade: false })],
    }),
    fakeVm({
      name: "vm-api-01",
      osName: "rhel",
      osVersion: "9.4",
      identity: { systemAssigned: false, userAssignedIds: ["id-ama-prod"] },
      extensions: [amaLinux("1.31.1", { name: "AMA", autoUpgradeMinorVersion: true, enableAutomaticUpgrade: false })],
    }),
    fakeVm({
      name: "vm-legacy-01",
      osVersion: "20.04",
      identity: { systemAssigned: false, userAssignedIds: [] },
      extensions: [oms("1.17.1")],
    }),
    fakeVm({
      name: "vm-win-01",
      osType: "Windows",
      osName: "Windows Server 2019 Datacenter",
      osVersion: "Microsoft Windows NT 10.0.17763.0",
      identity: { systemAssigned: false, userAssignedIds: [] },
      extensions: [
        fakeExtension({
          publisher: "Microsoft.EnterpriseCloud.Monitoring",
          type: "MicrosoftMonitoringAgent",
          typeHandlerVersion: "1.0",
          runningVersion: "1.0.18062.0",
        }),
      ],
    }),
    fakeVm({
      name: "vm-batch-01",
      powerState: "deallocated",
      powerStateSince: ago(4330),
      extensions: [amaLinux("1.30.3", { name: "AzureMonitorLinuxAgent", enableAutomaticUpgrade: true })],
    }),
    fakeVm({
      name: "vm-db-01",
      osVersion: "20.04",
      identity: { systemAssigned: false, userAssignedIds: [] },
      extensions: [
        oms("1.19.0", {
          provisioningState: "Failed",
          statuses: [
            {
              code: "ProvisioningState/failed/53",
              level: "Error",
              displayStatus: "Provisioning failed",
              message: "Enable failed with exit code 53 Installation failed due to incorrect workspace key.",
            },
          ],
        }),
      ],
    }),
    fakeVm({
      name: "vm-silent-01",
      extensions: [amaLinux("1.33.2", { name: "AzureMonitorLinuxAgent", enableAutomaticUpgrade: true })],
    }),
    fakeVm({ name: "vm-bare-01", osName: "debian", osVersion: "12", identity: { systemAssigned: false, userAssignedIds: [] } }),
    fakeVm({
      name: "vm-ops-01",
      subscriptionId: demoSecondSubscriptionId,
      resourceGroup: "rg-shared",
      location: "japanwest",
      osType: "Windows",
      osName: "Windows Server 2022 Datacenter",
      osVersion: "Microsoft Windows NT 10.0.20348.0",
      extensions: [
        fakeExtension({
          publisher: "Microsoft.Azure.Monitor",
          type: "AzureMonitorWindowsAgent",
          typeHandlerVersion: "1.30",
          runningVersion: "1.30.0.0",
          enableAutomaticUpgrade: true,
        }),
      ],
    }),
  ];
  // Scale-set model extensions have no instance view: no running version, no statuses.
  const modelAma = (enableAutomaticUpgrade: boolean) =>
    withoutRunning(amaLinux("1.33.2", { name: "AzureMonitorLinuxAgent", enableAutomaticUpgrade, statuses: [] }));
  const scaleSets = [
    fakeScaleSet({ name: "vmss-web", upgradePolicy: "Manual", extensions: [modelAma(false)], instances: instances("vmss-web", 5, ["1", "3"]) }),
    fakeScaleSet({ name: "vmss-api", upgradePolicy: "Automatic", extensions: [modelAma(true)], instances: instances("vmss-api", 3) }),
  ];
  const beat = (name: string, m: number, version?: string, resourceGroup = "rg-prod"): Heartbeat => {
    const vm = vms.find((v) => v.name === name && v.resourceGroup === resourceGroup)!;
    const amaVersion = vm.extensions.find((e) => e.publisher === "Microsoft.Azure.Monitor")?.runningVersion;
    const v = version ?? amaVersion;
    return { resourceId: vm.id, lastSeen: ago(m), ...(v !== undefined && { version: v }), category: amaVersion ? "Azure Monitor Agent" : "Direct Agent" };
  };
  const heartbeats: Heartbeat[] = [
    beat("vm-web-01", 1),
    beat("vm-web-01", 1, undefined, "rg-dev"),
    beat("vm-web-02", 1),
    beat("vm-api-01", 1, "1.30.3"),
    beat("vm-legacy-01", 1, "1.17.1-0"),
    beat("vm-win-01", 1, "10.20.18062.0"),
    beat("vm-batch-01", 4332),
    beat("vm-db-01", 2890, "1.19.0-2"),
    beat("vm-silent-01", 120),
  ];
  const versions = [
    { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.31.1", "1.33.2", "1.9.1", "1.32.5", "1.30.3", "1.33.1", "1.10.9", "1.29.5"] },
    { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorWindowsAgent", versions: ["1.28.0.0", "1.30.0.0", "1.29.0.0", "1.9.0.0"] },
    { location: "japaneast", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", versions: ["1.14.23", "1.17.1", "1.19.0"] },
    { location: "japaneast", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "MicrosoftMonitoringAgent", versions: ["1.0.18053.0", "1.0.18062.0", "1.0.18064.0", "1.0.18069.0"] },
    { location: "westeurope", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.30.3", "1.33.1", "1.31.1", "1.32.5", "1.29.5"] },
    { location: "japanwest", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.32.5", "1.33.2", "1.33.1"] },
  ];
  return createFakeFleet({ vms, scaleSets, heartbeats, versions });
}

function withoutRunning(e: Extension): Extension {
  const { runningVersion: _running, ...rest } = e;
  return rest;
}
