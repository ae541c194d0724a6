import { afterEach, describe, expect, it } from "vitest";
import { demoFixture, parseFixture, startSimulator, type Fixture, type RunningSimulator } from "../../src/sim/index.js";
import { apiVersion, callSim, computeProd, type SimReply } from "./sim-client.js";

let sim: RunningSimulator;
afterEach(() => sim?.stop());

const extPath = (vm: string, ext: string) => `${computeProd}/virtualMachines/${vm}/extensions/${ext}?${apiVersion}`;
const errorCode = (reply: SimReply) => (reply.body as { error: { code: string } }).error.code;

async function pollToEnd(statusUrl: string): Promise<{ statuses: string[]; last: { status: string; error?: { code: string; message: string } } }> {
  const statuses: string[] = [];
  for (let i = 0; i < 20; i++) {
    const body = (await callSim(sim, "GET", statusUrl)).body as { status: string; error?: { code: string; message: string } };
    statuses.push(body.status);
    if (body.status !== "InProgress") return { statuses, last: body };
  }
  throw new Error(`operation never finished: ${statuses.join(",")}`);
}

async function runningVersion(vm: string, ext: string): Promise<string | undefined> {
  const reply = await callSim(sim, "GET", `${extPath(vm, ext)}&$expand=instanceView`);
  return (reply.body as { properties: { instanceView: { typeHandlerVersion?: string } } }).properties.instanceView.typeHandlerVersion;
}

function withVmChange(rg: string, vm: string, change: (vm: Record<string, unknown>) => void): Fixture {
  const fixture = structuredClone(parseFixture(demoFixture)) as Fixture;
  const target = fixture.subscriptions[0]!.resourceGroups!.find((g) => g.name === rg)!.vms!.find((v) => v.name === vm)!;
  change(target as Record<string, unknown>);
  return fixture;
}

describe("VM extension writes", () => {
  it("when the version is PATCHed, then the running version changes only after the status URL says Succeeded", async () => {
    sim = await startSimulator({ lro: { polls: 2, maxDurationMs: 60_000 } });
    const reply = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33", enableAutomaticUpgrade: true } } });
    expect(reply.status).toBe(200);
    const statusUrl = String(reply.headers["azure-asyncoperation"]);
    expect(statusUrl.startsWith(`${sim.url}/subscriptions/`)).toBe(true);
    expect(reply.headers.location).toBeUndefined();
    expect((reply.body as { properties: { typeHandlerVersion: string; provisioningState: string } }).properties).toMatchObject({ typeHandlerVersion: "1.33", provisioningState: "Updating" });
    expect(await runningVersion("vm-web-02", "AzureMonitorLinuxAgent")).toBe("1.32.5");
    const { statuses } = await pollToEnd(statusUrl);
    expect(statuses).toEqual(["InProgress", "InProgress", "Succeeded"]);
    expect(await runningVersion("vm-web-02", "AzureMonitorLinuxAgent")).toBe("1.33.2");
  });

  it("when an upgrade of a reporting agent succeeds, then its heartbeat reports the new version", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const id = `${computeProd}/virtualMachines/vm-api-01`;
    const reply = await callSim(sim, "PATCH", extPath("vm-api-01", "AMA"), { body: { properties: { typeHandlerVersion: "1.33" } } });
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    const query = `Heartbeat | where _ResourceId =~ "${id}" | summarize arg_max(TimeGenerated, Version) by _ResourceId`;
    const logs = await callSim(sim, "POST", `/v1${id}/query`, { body: { query } });
    // autoUpgradeMinorVersion is on for vm-api-01, so 1.33 resolves to the newest 1.x >= 1.33.
    expect((logs.body as { tables: { rows: unknown[][] }[] }).tables[0]!.rows[0]![2]).toBe("1.33.2");
  });

  it("when typeHandlerVersion has three parts, then 400 InvalidParameter with Azure's message and nothing changes", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33.2" } } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: "InvalidParameter", target: "typeHandlerVersion", message: "The value of parameter typeHandlerVersion is invalid." } });
    const ext = (await callSim(sim, "GET", extPath("vm-web-02", "AzureMonitorLinuxAgent"))).body as { properties: { typeHandlerVersion: string } };
    expect(ext.properties.typeHandlerVersion).toBe("1.32");
  });

  it("when a legacy agent is PATCHed, then its workspace key is kept and never returned", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const reply = await callSim(sim, "PATCH", extPath("vm-legacy-01", "OmsAgentForLinux"), { body: { properties: { typeHandlerVersion: "1.19" } } });
    expect((await pollToEnd(String(reply.headers["azure-asyncoperation"]))).last.status).toBe("Succeeded");
    const text = JSON.stringify((await callSim(sim, "GET", `${extPath("vm-legacy-01", "OmsAgentForLinux")}&$expand=instanceView`)).body);
    expect(text).not.toContain("protectedSettings");
    expect(text).not.toContain("c2ltLW9ubHktd29ya3NwYWNlLWtleS1uZXZlci1yZWFs");
  });

  it("when a legacy agent is PUT without protectedSettings, then the key is gone and the operation fails with exit code 53", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const body = { location: "japaneast", properties: { publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.19", settings: {} } };
    const reply = await callSim(sim, "PUT", extPath("vm-legacy-01", "OmsAgentForLinux"), { body });
    expect(reply.status).toBe(200);
    const { last } = await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    expect(last).toMatchObject({ status: "Failed", error: { code: "VMExtensionProvisioningError" } });
    const ext = (await callSim(sim, "GET", `${extPath("vm-legacy-01", "OmsAgentForLinux")}&$expand=instanceView`)).body as { properties: { provisioningState: string; instanceView: { statuses: { code: string }[] } } };
    expect(ext.properties.provisioningState).toBe("Failed");
    expect(ext.properties.instanceView.statuses[0]!.code).toBe("ProvisioningState/failed/53");
  });

  it("when the fixture makes an extension's writes fail, then the operation fails with that code and the running version stays", async () => {
    const fixture = withVmChange("rg-prod", "vm-web-02", (vm) => {
      (vm.extensions as Record<string, unknown>[])[0]!.writeFault = { kind: "fail", code: "VMExtensionHandlerNonTransientError", message: "Handler failed" };
    });
    sim = await startSimulator({ fixture, lro: { polls: 1 } });
    const reply = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33" } } });
    const { last } = await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    expect(last).toMatchObject({ status: "Failed", error: { code: "VMExtensionHandlerNonTransientError", message: "Handler failed" } });
    expect(await runningVersion("vm-web-02", "AzureMonitorLinuxAgent")).toBe("1.32.5");
  });

  it("when an operation is made to hang, then it stays InProgress and a second write to the extension gets 409", async () => {
    sim = await startSimulator({ lro: { polls: 1, maxDurationMs: 60_000 }, operationFaults: [{ kind: "hang", pathIncludes: "vm-web-02" }] });
    const reply = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33" } } });
    for (let i = 0; i < 5; i++) expect(((await callSim(sim, "GET", String(reply.headers["azure-asyncoperation"]))).body as { status: string }).status).toBe("InProgress");
    const second = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { enableAutomaticUpgrade: true } } });
    expect(second.status).toBe(409);
  });

  it("when nobody polls, then the operation still finishes after its maximum duration", async () => {
    sim = await startSimulator({ lro: { polls: 100, maxDurationMs: 50 } });
    await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33" } } });
    await new Promise((r) => setTimeout(r, 80));
    expect(await runningVersion("vm-web-02", "AzureMonitorLinuxAgent")).toBe("1.33.2");
  });

  it("when the VM is deallocated, then extension writes are refused with 409", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "PATCH", extPath("vm-batch-01", "AzureMonitorLinuxAgent"), { body: { properties: { typeHandlerVersion: "1.33" } } });
    expect(reply.status).toBe(409);
    expect(errorCode(reply)).toBe("OperationNotAllowed");
  });

  it("when an extension is deleted, then 202 with Location, and the Location answers 202 until done, then 200", async () => {
    sim = await startSimulator({ lro: { polls: 1, maxDurationMs: 60_000 } });
    const reply = await callSim(sim, "DELETE", extPath("vm-web-01", "CustomScript"));
    expect(reply.status).toBe(202);
    const location = String(reply.headers.location);
    expect((await callSim(sim, "GET", location)).status).toBe(202);
    expect((await callSim(sim, "GET", location)).status).toBe(200);
    expect((await callSim(sim, "GET", extPath("vm-web-01", "CustomScript"))).status).toBe(404);
  });

  it("when writes are made, then stats.writes counts them and status polls count as reads", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const reply = await callSim(sim, "PATCH", extPath("vm-web-02", "AzureMonitorLinuxAgent"), { body: { properties: { enableAutomaticUpgrade: true } } });
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    expect(sim.stats.writes).toBe(1);
    expect(sim.stats.byRoute["operations.get"]).toBe(1);
    expect(sim.stats.reads).toBe(1);
  });
});

describe("scale-set writes", () => {
  const vmss = (name: string, suffix = "") => `${computeProd}/virtualMachineScaleSets/${name}${suffix}?${apiVersion}`;
  type Instance = { instanceId: string; properties: { latestModelApplied: boolean; instanceView: { extensions: { typeHandlerVersion: string }[] } } };
  const instances = async (name: string) =>
    ((await callSim(sim, "GET", `${vmss(name, "/virtualMachines")}&$expand=instanceView`)).body as { value: Instance[] }).value.map((i) => [i.instanceId, i.properties.latestModelApplied, i.properties.instanceView.extensions[0]!.typeHandlerVersion]);

  it("when a Manual scale set's extension changes, then instances fall behind the model until manualupgrade brings them up", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const patch = await callSim(sim, "PATCH", vmss("vmss-web", "/extensions/AzureMonitorLinuxAgent"), { body: { properties: { enableAutomaticUpgrade: true } } });
    await pollToEnd(String(patch.headers["azure-asyncoperation"]));
    expect((await instances("vmss-web")).every(([, latest]) => latest === false)).toBe(true);
    const upgrade = await callSim(sim, "POST", vmss("vmss-web", "/manualupgrade"), { body: { instanceIds: ["1", "3"] } });
    expect(upgrade.status).toBe(202);
    expect(String(upgrade.headers.location).startsWith(sim.url)).toBe(true);
    await pollToEnd(String(upgrade.headers["azure-asyncoperation"]));
    expect(await instances("vmss-web")).toEqual([
      ["0", false, "1.33.2"],
      ["1", true, "1.33.2"],
      ["2", false, "1.33.2"],
      ["3", true, "1.33.2"],
      ["4", false, "1.33.2"],
    ]);
  });

  it("when an Automatic scale set's extension changes, then every instance takes the new model", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const put = await callSim(sim, "PUT", vmss("vmss-api", "/extensions/AzureMonitorLinuxAgent"), {
      body: { properties: { publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", typeHandlerVersion: "1.32", autoUpgradeMinorVersion: false, enableAutomaticUpgrade: true } },
    });
    expect(put.status).toBe(200);
    await pollToEnd(String(put.headers["azure-asyncoperation"]));
    expect(await instances("vmss-api")).toEqual([
      ["0", true, "1.32.5"],
      ["1", true, "1.32.5"],
      ["2", true, "1.32.5"],
    ]);
  });

  it("when manualupgrade names an unknown instance, then 400 and nothing starts", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "POST", vmss("vmss-web", "/manualupgrade"), { body: { instanceIds: ["9"] } });
    expect(reply.status).toBe(400);
    expect(sim.stats.byRoute["operations.get"]).toBeUndefined();
  });
});

describe("VM actions", () => {
  it("when a command runs on Linux, then the Location result holds stdout and stderr sections, with DNS failures as the fixture says", async () => {
    const fixture = withVmChange("rg-prod", "vm-web-01", (vm) => {
      vm.network = { dnsFailure: ["*.ods.opinsights.azure.com"] };
    });
    sim = await startSimulator({ fixture, lro: { polls: 0 } });
    const host = "6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6.ods.opinsights.azure.com";
    const reply = await callSim(sim, "POST", `${computeProd}/virtualMachines/vm-web-01/runCommand?${apiVersion}`, {
      body: { commandId: "RunShellScript", script: [`echo | openssl s_client -connect global.handler.control.monitor.azure.com:443`, `echo | openssl s_client -connect ${host}:443 -servername ${host}`] },
    });
    expect(reply.status).toBe(202);
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    const result = (await callSim(sim, "GET", String(reply.headers.location))).body as { value: { code: string; message: string }[] };
    expect(result.value).toHaveLength(1);
    expect(result.value[0]!.code).toBe("ProvisioningState/succeeded");
    expect(result.value[0]!.message).toMatch(/^Enable succeeded: \n\[stdout\]\nCONNECTED\(00000003\)[\s\S]*\[stderr\][\s\S]*Name or service not known/);
  });

  it("when a command runs on Windows, then separate StdOut and StdErr statuses", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const reply = await callSim(sim, "POST", `${computeProd}/virtualMachines/vm-win-01/runCommand?${apiVersion}`, {
      body: { commandId: "RunPowerShellScript", script: ["Test-NetConnection global.handler.control.monitor.azure.com -Port 443"] },
    });
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    const result = (await callSim(sim, "GET", String(reply.headers.location))).body as { value: { code: string; message: string }[] };
    expect(result.value.map((s) => s.code)).toEqual(["ComponentStatus/StdOut/succeeded", "ComponentStatus/StdErr/succeeded"]);
    expect(result.value[0]!.message).toContain("TcpTestSucceeded : True");
  });

  it("when a command targets a stopped VM or uses the other OS's command, then it is refused", async () => {
    sim = await startSimulator();
    const stopped = await callSim(sim, "POST", `${computeProd}/virtualMachines/vm-batch-01/runCommand?${apiVersion}`, { body: { commandId: "RunShellScript", script: ["true"] } });
    expect(stopped.status).toBe(409);
    const wrongOs = await callSim(sim, "POST", `${computeProd}/virtualMachines/vm-web-01/runCommand?${apiVersion}`, { body: { commandId: "RunPowerShellScript", script: [] } });
    expect(wrongOs.status).toBe(400);
  });

  it("when a deallocated VM is started, then it runs once the operation finishes", async () => {
    sim = await startSimulator({ lro: { polls: 1, maxDurationMs: 60_000 } });
    const reply = await callSim(sim, "POST", `${computeProd}/virtualMachines/vm-batch-01/start?${apiVersion}`);
    expect(reply.status).toBe(202);
    const power = async () =>
      ((await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-batch-01/instanceView?${apiVersion}`)).body as { statuses: { code: string }[] }).statuses[1]!.code;
    expect(await power()).toBe("PowerState/starting");
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    expect(await power()).toBe("PowerState/running");
  });

  it("when a system-assigned identity is PATCHed onto a VM, then the VM shows it", async () => {
    sim = await startSimulator({ lro: { polls: 0 } });
    const reply = await callSim(sim, "PATCH", `${computeProd}/virtualMachines/vm-legacy-01?${apiVersion}`, { body: { identity: { type: "SystemAssigned" } } });
    expect(reply.status).toBe(200);
    await pollToEnd(String(reply.headers["azure-asyncoperation"]));
    const vm = (await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-legacy-01?${apiVersion}`)).body as { identity?: { type: string; principalId?: string }; properties: { provisioningState: string } };
    expect(vm.identity).toMatchObject({ type: "SystemAssigned", principalId: expect.any(String) });
    expect(vm.properties.provisioningState).toBe("Succeeded");
  });
});
