import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { apiVersion, callSim, computeProd, rgProd, sub1 } from "./sim-client.js";

let sim: RunningSimulator;
const now = new Date("2026-05-01T12:00:00Z");

beforeAll(async () => {
  sim = await startSimulator({ pageSize: 3, now: () => now });
});
afterAll(() => sim.stop());

type Page = { value: { name: string }[]; nextLink?: string };

async function collect(path: string): Promise<{ names: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let next: string | undefined = path;
  while (next) {
    const reply = await callSim(sim, "GET", next);
    expect(reply.status).toBe(200);
    const page = reply.body as Page;
    pages.push(page);
    next = page.nextLink;
  }
  return { names: pages.flatMap((p) => p.value.map((v) => v.name)), pages };
}

describe("paging", () => {
  it("when listing every VM of a subscription with page size 3, then nextLinks are absolute simulator URLs and cover all VMs once", async () => {
    const { names, pages } = await collect(`/subscriptions/${sub1}/providers/Microsoft.Compute/virtualMachines?${apiVersion}`);
    // 10 VMs in rg-prod/rg-dev plus 9 troubleshooting VMs in rg-trouble.
    expect(names).toHaveLength(19);
    expect(new Set(names).size).toBe(18);
    expect(names.filter((n) => n === "vm-web-01")).toHaveLength(2);
    expect(pages).toHaveLength(7);
    for (const page of pages.slice(0, -1)) {
      expect(page.nextLink!.startsWith(`${sim.url}/subscriptions/${sub1}/providers/Microsoft.Compute/virtualMachines?`)).toBe(true);
      expect(new URL(page.nextLink!).searchParams.get("api-version")).toBe("2026-04-01");
    }
    expect(pages.at(-1)!.nextLink).toBeUndefined();
  });

  it("when listing scale-set instances, then the pages keep the $expand of the first request", async () => {
    const { pages } = await collect(`${computeProd}/virtualMachineScaleSets/vmss-web/virtualMachines?${apiVersion}&%24expand=instanceView`);
    const instances = pages.flatMap((p) => p.value) as unknown as { instanceId: string; properties: { latestModelApplied: boolean; instanceView?: unknown } }[];
    expect(instances.map((i) => i.instanceId)).toEqual(["0", "1", "2", "3", "4"]);
    expect(instances.filter((i) => !i.properties.latestModelApplied).map((i) => i.instanceId)).toEqual(["1", "3"]);
    expect(instances.every((i) => i.properties.instanceView !== undefined)).toBe(true);
  });

  it("when listing VM extensions, then it is one page without nextLink even beyond the page size", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01/extensions?${apiVersion}`);
    expect(reply.body).not.toHaveProperty("nextLink");
    expect((reply.body as Page).value.map((e) => e.name)).toEqual(["AzureMonitorLinuxAgent", "CustomScript"]);
  });

  it("when the skip token is not one the simulator issued, then 400", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines?${apiVersion}&$skiptoken=abc`);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: "InvalidSkipToken", message: expect.any(String) } });
  });
});

describe("errors and api-version", () => {
  it("when a VM does not exist, then 404 ResourceNotFound in ARM's envelope", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-nope?${apiVersion}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: { code: "ResourceNotFound", message: expect.stringContaining("Microsoft.Compute/virtualMachines/vm-nope") } });
  });

  it("when the resource group does not exist, then 404 ResourceGroupNotFound", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/rg-nope/providers/Microsoft.Compute/virtualMachines?${apiVersion}`);
    expect(reply.status).toBe(404);
    expect((reply.body as { error: { code: string } }).error.code).toBe("ResourceGroupNotFound");
  });

  it("when an extension does not exist, then 404 ResourceNotFound", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01/extensions/Nope?${apiVersion}`);
    expect(reply.status).toBe(404);
    expect((reply.body as { error: { code: string } }).error.code).toBe("ResourceNotFound");
  });

  it("when api-version is missing on an ARM path, then 400 MissingApiVersionParameter", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01`);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { code: string } }).error.code).toBe("MissingApiVersionParameter");
  });

  it("when any api-version is sent, then it is accepted and recorded in stats", async () => {
    sim.stats.reset();
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01?api-version=1999-01-01`);
    expect(reply.status).toBe(200);
    expect(sim.stats.apiVersions).toEqual({ "1999-01-01": 1 });
    expect(sim.stats.byRoute).toEqual({ "virtualMachines.get": 1 });
  });

  it("when segments differ in case, the query name is percent-encoded and the path has //, then the VM is still found", async () => {
    const reply = await callSim(sim, "GET", `/SUBSCRIPTIONS/${sub1}//resourcegroups/RG-PROD/providers/microsoft.compute/VirtualMachines/VM-WEB-01?API-VERSION=x&%24expand=instanceView`);
    expect(reply.status).toBe(200);
    const vm = reply.body as { name: string; properties: { instanceView?: { statuses: { code: string }[] } } };
    expect(vm.name).toBe("vm-web-01");
    expect(vm.properties.instanceView!.statuses.map((s) => s.code)).toContain("PowerState/running");
  });

  it("when no bearer token is sent, then 401 AuthenticationFailed", async () => {
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01?${apiVersion}`, { auth: false });
    expect(reply.status).toBe(401);
    expect((reply.body as { error: { code: string } }).error.code).toBe("AuthenticationFailed");
  });

  it("when the path is not an API the simulator serves, then 404 with an ARM error body", async () => {
    const reply = await callSim(sim, "GET", `${rgProd}/providers/Microsoft.Web/sites/app?${apiVersion}`);
    expect(reply.status).toBe(404);
    expect((reply.body as { error: { code: string } }).error.code).toBe("InvalidResourceType");
  });
});

describe("extension images", () => {
  it("when listing versions, then a bare array of version names with capitalised ids", async () => {
    const reply = await callSim(
      sim,
      "GET",
      `/subscriptions/${sub1}/providers/Microsoft.Compute/locations/japaneast/publishers/Microsoft.Azure.Monitor/artifacttypes/vmextension/types/AzureMonitorLinuxAgent/versions?${apiVersion}`,
    );
    const versions = reply.body as { name: string; id: string; location: string }[];
    expect(Array.isArray(versions)).toBe(true);
    expect(versions.map((v) => v.name)).toContain("1.33.2");
    expect(versions[0]!.id).toBe(
      `/Subscriptions/${sub1}/Providers/Microsoft.Compute/Locations/japaneast/Publishers/Microsoft.Azure.Monitor/ArtifactTypes/VMExtension/Types/AzureMonitorLinuxAgent/Versions/${versions[0]!.name}`,
    );
  });

  it("when listing types of a publisher, then a bare array of type names", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/providers/Microsoft.Compute/locations/japaneast/publishers/Microsoft.Azure.Monitor/artifacttypes/vmextension/types?${apiVersion}`);
    expect((reply.body as { name: string }[]).map((t) => t.name).sort()).toEqual(["AzureMonitorLinuxAgent", "AzureMonitorWindowsAgent"]);
  });
});
