// The demo fleet shows, over the wire, what each name promises (contracts.md; FIXTURE.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { apiVersion, callSim, computeProd, sub1 } from "./sim-client.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());

interface Status {
  code: string;
  level: string;
  time?: string;
}
interface VmJson {
  location: string;
  identity?: { type: string };
  properties: {
    storageProfile: { osDisk: { osType: string } };
    instanceView: { osName?: string; statuses: Status[]; extensions: { name: string; typeHandlerVersion?: string; statuses: Status[] }[] };
  };
  resources: { name: string; properties: { typeHandlerVersion: string; autoUpgradeMinorVersion: boolean; enableAutomaticUpgrade: boolean; provisioningState: string; publisher: string; type: string } }[];
}

async function getVm(rg: string, name: string): Promise<VmJson> {
  const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}?${apiVersion}&$expand=instanceView`);
  expect(reply.status).toBe(200);
  return reply.body as VmJson;
}

const power = (vm: VmJson) => vm.properties.instanceView.statuses.find((s) => s.code.startsWith("PowerState/"))!.code;

describe("demo fleet", () => {
  it("when vm-web-01 in rg-prod is read, then AMA 1.33 runs 1.33.2 with automatic upgrade, in japaneast on Ubuntu 22.04", async () => {
    const vm = await getVm("rg-prod", "vm-web-01");
    expect(vm.location).toBe("japaneast");
    expect(vm.properties.instanceView.osName).toBe("ubuntu");
    const ama = vm.resources.find((r) => r.properties.type === "AzureMonitorLinuxAgent")!;
    expect(ama.properties).toMatchObject({ typeHandlerVersion: "1.33", enableAutomaticUpgrade: true, autoUpgradeMinorVersion: true });
    expect(vm.properties.instanceView.extensions.find((e) => e.name === ama.name)!.typeHandlerVersion).toBe("1.33.2");
  });

  it("when vm-web-01 in rg-dev is read, then it is another VM in westeurope with AMA behind", async () => {
    const vm = await getVm("rg-dev", "vm-web-01");
    expect(vm.location).toBe("westeurope");
    expect(vm.properties.instanceView.extensions[0]!.typeHandlerVersion).toBe("1.31.1");
  });

  it("when vm-api-01 is read, then its AMA is frozen on autoUpgradeMinorVersion only", async () => {
    const vm = await getVm("rg-prod", "vm-api-01");
    expect(vm.resources[0]!.properties).toMatchObject({ autoUpgradeMinorVersion: true, enableAutomaticUpgrade: false });
    expect(vm.identity?.type).toBe("UserAssigned");
  });

  it("when vm-batch-01 is read, then it is deallocated, reports no OS name, and its state change has a time", async () => {
    const vm = await getVm("rg-prod", "vm-batch-01");
    expect(power(vm)).toBe("PowerState/deallocated");
    expect(vm.properties.instanceView.osName).toBeUndefined();
    expect(vm.properties.instanceView.statuses[0]!.time).toBeDefined();
  });

  it("when vm-db-01 is read, then OmsAgentForLinux failed with status code ProvisioningState/failed/53", async () => {
    const vm = await getVm("rg-prod", "vm-db-01");
    expect(vm.resources[0]!.properties.provisioningState).toBe("Failed");
    expect(vm.properties.instanceView.extensions[0]!.statuses[0]).toMatchObject({ code: "ProvisioningState/failed/53", level: "Error" });
  });

  it("when vm-win-01 is read, then it is Windows with MicrosoftMonitoringAgent 1.0.18062.0", async () => {
    const vm = await getVm("rg-prod", "vm-win-01");
    expect(vm.properties.storageProfile.osDisk.osType).toBe("Windows");
    expect(vm.properties.instanceView.extensions[0]!.typeHandlerVersion).toBe("1.0.18062.0");
  });

  it("when vm-bare-01 is read, then it has no extension at all", async () => {
    const vm = await getVm("rg-prod", "vm-bare-01");
    expect(vm.resources).toEqual([]);
    expect(vm.properties.instanceView.extensions).toEqual([]);
  });

  it("when the scale sets are read, then vmss-web is Manual and vmss-api Automatic with automatic upgrade", async () => {
    const web = (await callSim(sim, "GET", `${computeProd}/virtualMachineScaleSets/vmss-web?${apiVersion}`)).body as { properties: { upgradePolicy: { mode: string }; orchestrationMode: string } };
    expect(web.properties).toMatchObject({ upgradePolicy: { mode: "Manual" }, orchestrationMode: "Uniform" });
    const exts = (await callSim(sim, "GET", `${computeProd}/virtualMachineScaleSets/vmss-api/extensions?${apiVersion}`)).body as { value: { properties: { enableAutomaticUpgrade: boolean } }[] };
    expect(exts.value[0]!.properties.enableAutomaticUpgrade).toBe(true);
    const api = (await callSim(sim, "GET", `${computeProd}/virtualMachineScaleSets/vmss-api?${apiVersion}`)).body as { properties: { upgradePolicy: { mode: string } } };
    expect(api.properties.upgradePolicy.mode).toBe("Automatic");
  });

  it("when latest versions are listed for japaneast, then AMA Linux tops at 1.33.2 and AMA Windows at 1.30.0.0", async () => {
    const latest = async (type: string) => {
      const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/providers/Microsoft.Compute/locations/japaneast/publishers/Microsoft.Azure.Monitor/artifacttypes/vmextension/types/${type}/versions?${apiVersion}`);
      const names = (reply.body as { name: string }[]).map((v) => v.name.split(".").map(Number));
      names.sort((a, b) => a.reduce((d, x, i) => d || x - (b[i] ?? 0), 0));
      return names.at(-1)!.join(".");
    };
    expect(await latest("AzureMonitorLinuxAgent")).toBe("1.33.2");
    expect(await latest("AzureMonitorWindowsAgent")).toBe("1.30.0.0");
  });
});
