import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FleetWriteError } from "../../../src/approvals/fleet-writer.js";
import type { AzureFleet } from "../../../src/fleet/azure/create-azure-fleet.js";
import { createSimulatorCredential } from "../../../src/fleet/azure/simulator-credential.js";
import type { ResourceRef } from "../../../src/fleet/port.js";
import type { RunningSimulator } from "../../../src/sim/index.js";
import { createSimFleet, startSimulatorForTest } from "./start-sim-fleet.js";
import { createSimCommandRunner, createSimWriter } from "./start-sim-writer.js";
import { workspaceKey, writerFixture, writerSubscription } from "./writer-fixture.js";

const ref = (name: string): ResourceRef => ({ subscriptionId: writerSubscription, resourceGroup: "rg-w", name });
const guidLike = /^[0-9a-f-]{36}$/i;

async function failureOf(work: Promise<unknown>): Promise<FleetWriteError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FleetWriteError);
  return error as FleetWriteError;
}

describe("createAzureFleetWriter against the simulator", () => {
  let sim: RunningSimulator;
  let fleet: AzureFleet;

  beforeAll(async () => {
    ({ sim } = await startSimulatorForTest({ fixture: writerFixture }));
    fleet = createSimFleet(sim, { subscriptionIds: [writerSubscription] });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  afterEach(() => {
    sim.clearFaults();
  });

  const extensionOf = async (vm: string, name: string) => (await fleet.getVm(ref(vm)))?.extensions.find((e) => e.name === name);

  describe("extension version and auto-upgrade (PATCH)", () => {
    it("when a legacy agent is upgraded by PATCH, then its workspace key survives and the operation succeeds on the new major.minor", async () => {
      const writer = createSimWriter(sim);
      const result = await writer.patchExtension(ref("vm-oms"), "OmsAgentForLinux", { typeHandlerVersion: "1.19" });
      expect(result.correlationId).toMatch(guidLike);
      // The simulator fails a legacy agent write whose protectedSettings lost the workspace key (exit 53).
      const ext = await extensionOf("vm-oms", "OmsAgentForLinux");
      expect(ext).toMatchObject({ typeHandlerVersion: "1.19", runningVersion: "1.19.0", provisioningState: "Succeeded" });
    });

    it("when the same agent were re-created by PUT without protected settings, then the simulator reports the lost key: PATCH is why the writer never PUTs an upgrade", async () => {
      const writer = createSimWriter(sim);
      const error = await failureOf(
        writer.createExtension(ref("vm-oms-put"), "OmsAgentForLinux", {
          location: "japaneast",
          publisher: "Microsoft.EnterpriseCloud.Monitoring",
          type: "OmsAgentForLinux",
          typeHandlerVersion: "1.19",
          autoUpgradeMinorVersion: true,
          enableAutomaticUpgrade: false,
          settings: {},
        }),
      );
      expect(error.code).toBe("VMExtensionProvisioningError");
      expect(error.message).toContain("workspace key");
      expect(error.correlationId).toMatch(guidLike);
      expect(JSON.stringify(error) + error.message).not.toContain(workspaceKey);
    });

    it("when enableAutomaticUpgrade is patched, then only that flag changes and public settings stay as they were", async () => {
      const writer = createSimWriter(sim);
      await writer.patchExtension(ref("vm-ama"), "AzureMonitorLinuxAgent", { enableAutomaticUpgrade: true });
      const vm = await fleet.getVm(ref("vm-ama"));
      expect(vm?.extensions[0]).toMatchObject({ typeHandlerVersion: "1.32", enableAutomaticUpgrade: true, autoUpgradeMinorVersion: false });
    });

    it.each(["1.33.2", "1.33.2.0", "latest", "", "1"])("when typeHandlerVersion %j is not major.minor, then the writer refuses it before any call", async (version) => {
      const writer = createSimWriter(sim);
      sim.stats.reset();
      const error = await failureOf(writer.patchExtension(ref("vm-ama"), "AzureMonitorLinuxAgent", { typeHandlerVersion: version }));
      expect(error.code).toBe("InvalidTypeHandlerVersion");
      expect(sim.stats.calls).toBe(0);
    });

    it("when a patch changes nothing, then it is refused instead of sending an empty PATCH", async () => {
      const error = await failureOf(createSimWriter(sim).patchExtension(ref("vm-ama"), "AzureMonitorLinuxAgent", {}));
      expect(error.code).toBe("EmptyPatch");
    });

    it("when a name is not an Azure name, then nothing is sent", async () => {
      sim.stats.reset();
      const error = await failureOf(createSimWriter(sim).patchExtension(ref("vm-ama/../x"), "AzureMonitorLinuxAgent", { enableAutomaticUpgrade: true }));
      expect(error.code).toBe("InvalidResourceName");
      expect(sim.stats.calls).toBe(0);
    });
  });

  describe("long-running operation outcomes", () => {
    it("when the operation ends Failed, then the FleetWriteError carries the operation's error code, message and correlation ID", async () => {
      sim.injectOperationFault({
        pathIncludes: "/virtualMachines/vm-fail/extensions/",
        kind: "fail",
        code: "VMExtensionHandlerNonTransientError",
        message: "Handler crashed while enabling.",
        times: 1,
      });
      const error = await failureOf(createSimWriter(sim).patchExtension(ref("vm-fail"), "AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33" }));
      expect(error).toMatchObject({ code: "VMExtensionHandlerNonTransientError" });
      expect(error.message).toContain("Handler crashed while enabling.");
      expect(error.correlationId).toMatch(guidLike);
      expect((await extensionOf("vm-fail", "AzureMonitorLinuxAgent"))?.provisioningState).toBe("Failed");
    });

    it("when the operation never finishes, then the writer gives up after its timeout with OperationTimedOut", async () => {
      sim.injectOperationFault({ pathIncludes: "/virtualMachines/vm-hang/extensions/", kind: "hang", times: 1 });
      const writer = createSimWriter(sim, { operationTimeoutMs: 300 });
      const started = performance.now();
      const error = await failureOf(writer.patchExtension(ref("vm-hang"), "AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33" }));
      expect(error.code).toBe("OperationTimedOut");
      expect(error.correlationId).toMatch(guidLike);
      expect(performance.now() - started).toBeLessThan(3000);
    });

    it("when ARM refuses the request itself (409 on a deallocated VM), then its error code surfaces without the token", async () => {
      const writer = createSimWriter(sim, { credential: createSimulatorCredential("tok-must-not-leak") });
      const error = await failureOf(writer.patchExtension(ref("vm-stopped"), "AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33" }));
      expect(error.code).toBe("OperationNotAllowed");
      expect(JSON.stringify(error) + error.message).not.toContain("tok-must-not-leak");
    });

    it("when ARM throttles the initial request with Retry-After, then the SDK retries and the write succeeds", async () => {
      sim.injectFault({ method: "PATCH", pathIncludes: "/virtualMachines/vm-ama/extensions/", kind: "throttle", retryAfterSeconds: 0, times: 1 });
      const result = await createSimWriter(sim).patchExtension(ref("vm-ama"), "AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33" });
      expect(result.correlationId).toMatch(guidLike);
      expect(await extensionOf("vm-ama", "AzureMonitorLinuxAgent")).toMatchObject({ typeHandlerVersion: "1.33", runningVersion: "1.33.2" });
    });
  });

  describe("scale sets", () => {
    it("when the model extension is patched under a Manual policy and one wave is upgraded, then only that wave applies the latest model", async () => {
      const writer = createSimWriter(sim);
      const set = ref("vmss-manual");
      const patched = await writer.patchScaleSetExtension(set, "AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33", enableAutomaticUpgrade: true });
      expect(patched.correlationId).toMatch(guidLike);
      const before = await writer.instanceStates(set, ["0", "1", "2", "3"]);
      expect(before.map((i) => i.latestModelApplied)).toEqual([false, false, false, false]);

      const wave = await writer.upgradeInstances(set, ["0", "2"]);
      expect(wave.correlationId).toMatch(guidLike);
      const after = await writer.instanceStates(set, ["0", "1", "2", "3"]);
      expect(Object.fromEntries(after.map((i) => [i.instanceId, i.latestModelApplied]))).toEqual({ "0": true, "1": false, "2": true, "3": false });
      expect(after.find((i) => i.instanceId === "0")?.extensions).toContainEqual(
        expect.objectContaining({ name: "AzureMonitorLinuxAgent", provisioningState: "Succeeded" }),
      );
      const model = (await fleet.getScaleSet(set))?.extensions[0];
      expect(model).toMatchObject({ typeHandlerVersion: "1.33", enableAutomaticUpgrade: true });
    });

    it("when a wave is empty or names an odd instance ID, then nothing is sent", async () => {
      const writer = createSimWriter(sim);
      sim.stats.reset();
      expect((await failureOf(writer.upgradeInstances(ref("vmss-manual"), []))).code).toBe("InvalidInstanceIds");
      expect((await failureOf(writer.upgradeInstances(ref("vmss-manual"), ["0", "1/../2"]))).code).toBe("InvalidInstanceIds");
      expect(sim.stats.calls).toBe(0);
    });

    it("when instance states are read for a scale set that is gone, then the answer is empty", async () => {
      expect(await createSimWriter(sim).instanceStates(ref("vmss-gone"), ["0"])).toEqual([]);
    });
  });

  describe("reinstall, start, identity", () => {
    it("when AMA is reinstalled (delete then create), then it comes back on major.minor with both upgrade flags on", async () => {
      const writer = createSimWriter(sim);
      const removed = await writer.deleteExtension(ref("vm-reinstall"), "AzureMonitorLinuxAgent");
      expect(removed.correlationId).toMatch(guidLike);
      expect(await extensionOf("vm-reinstall", "AzureMonitorLinuxAgent")).toBeUndefined();
      const created = await writer.createExtension(ref("vm-reinstall"), "AzureMonitorLinuxAgent", {
        location: "japaneast",
        publisher: "Microsoft.Azure.Monitor",
        type: "AzureMonitorLinuxAgent",
        typeHandlerVersion: "1.33",
        autoUpgradeMinorVersion: true,
        enableAutomaticUpgrade: true,
        settings: {},
      });
      expect(created.correlationId).toMatch(guidLike);
      expect(await extensionOf("vm-reinstall", "AzureMonitorLinuxAgent")).toMatchObject({
        typeHandlerVersion: "1.33",
        runningVersion: "1.33.2",
        autoUpgradeMinorVersion: true,
        enableAutomaticUpgrade: true,
        provisioningState: "Succeeded",
      });
    });

    it("when a reinstall definition carries a full version, then it is refused before any call", async () => {
      sim.stats.reset();
      const error = await failureOf(
        createSimWriter(sim).createExtension(ref("vm-reinstall"), "AzureMonitorLinuxAgent", {
          location: "japaneast",
          publisher: "Microsoft.Azure.Monitor",
          type: "AzureMonitorLinuxAgent",
          typeHandlerVersion: "1.33.2",
          autoUpgradeMinorVersion: true,
          enableAutomaticUpgrade: true,
          settings: {},
        }),
      );
      expect(error.code).toBe("InvalidTypeHandlerVersion");
      expect(sim.stats.calls).toBe(0);
    });

    it("when a deallocated VM is started, then it runs afterwards", async () => {
      const result = await createSimWriter(sim).startVm(ref("vm-stopped"));
      expect(result.correlationId).toMatch(guidLike);
      expect((await fleet.getVm(ref("vm-stopped")))?.powerState).toBe("running");
    });

    it("when a VM with a user-assigned identity gets a system-assigned one, then the user-assigned one is kept", async () => {
      const result = await createSimWriter(sim).enableSystemIdentity(ref("vm-uai"));
      expect(result.correlationId).toMatch(guidLike);
      const identity = (await fleet.getVm(ref("vm-uai")))?.identity;
      expect(identity?.systemAssigned).toBe(true);
      expect(identity?.userAssignedIds.map((id) => id.split("/").pop())).toEqual(["id-one"]);
    });

    it("when a VM has no identity, then it gets a system-assigned one", async () => {
      await createSimWriter(sim).enableSystemIdentity(ref("vm-noid"));
      expect((await fleet.getVm(ref("vm-noid")))?.identity).toEqual({ systemAssigned: true, userAssignedIds: [] });
    });

    it("when the system-assigned identity is already there, then nothing is written", async () => {
      sim.stats.reset();
      expect(await createSimWriter(sim).enableSystemIdentity(ref("vm-sai"))).toEqual({});
      expect(sim.stats.writes).toBe(0);
    });

    it("when the VM does not exist, then enabling an identity fails with ARM's not-found code", async () => {
      const error = await failureOf(createSimWriter(sim).enableSystemIdentity(ref("vm-nowhere")));
      expect(error.code).toMatch(/NotFound/);
    });
  });

  describe("Run Command", () => {
    it("when a Linux script runs, then the [stdout]/[stderr] sections come back apart", async () => {
      const output = await createSimWriter(sim).runCommand(ref("vm-run"), { commandId: "RunShellScript", script: ["echo extops-echo"] });
      expect(output).toMatchObject({ stdout: "hello\nworld", stderr: "warning: something" });
      expect(output.correlationId).toMatch(guidLike);
    });

    it("when a Windows script runs, then StdOut and StdErr statuses become stdout and stderr", async () => {
      const runner = createSimCommandRunner(sim);
      const output = await runner.runCommand(ref("vm-win-run"), { commandId: "RunPowerShellScript", script: ["Write-Output extops-echo"] });
      expect(output.stdout).toBe("ComputerName : vm-win-run\r\nTcpTestSucceeded : True");
      expect(output.stderr).toBe("");
      expect(output.statuses.map((s) => s.code)).toEqual(["ComponentStatus/StdOut/succeeded", "ComponentStatus/StdErr/succeeded"]);
      expect(Object.keys(runner).sort()).toEqual(["runCommand", "stats"]);
    });

    it("when the command ID does not match the OS, then ARM's refusal surfaces as a FleetWriteError", async () => {
      const error = await failureOf(createSimWriter(sim).runCommand(ref("vm-run"), { commandId: "RunPowerShellScript", script: ["Get-Date"] }));
      expect(error.code).toBe("InvalidParameter");
    });
  });
});
