// The bot's reachability script over HTTPS against the demo fleet's troubleshooting VMs, and the
// simulator's answers when restify has replaced ServerResponse.prototype.writeHead in the process.
import { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { buildReachabilityScript } from "../../src/troubleshoot/run-command/build-reachability-script.js";
import { parseReachabilityOutput } from "../../src/troubleshoot/run-command/parse-reachability-output.js";
import { splitRunCommandOutput } from "../../src/troubleshoot/run-command/split-run-command-output.js";
import { callSim, sub1 } from "./sim-client.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ lro: { polls: 0 } });
});
afterAll(() => sim.stop());

const ods = "6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6.ods.opinsights.azure.com";
const hosts = ["global.handler.control.monitor.azure.com", "japaneast.handler.control.monitor.azure.com", ods];

async function runOn(vm: string, body: unknown): Promise<{ code: string; message: string }[]> {
  const reply = await callSim(sim, "POST", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/${vm}/runCommand?api-version=2026-04-01`, { body });
  expect(reply.status).toBe(202);
  await callSim(sim, "GET", String(reply.headers["azure-asyncoperation"]));
  return ((await callSim(sim, "GET", String(reply.headers.location))).body as { value: { code: string; message: string }[] }).value;
}

describe("the bot's reachability script on the demo fleet", () => {
  it("when it runs on vm-ts-network-01 (Linux), then the workspace's ODS name fails to resolve and the handlers connect", async () => {
    const statuses = await runOn("vm-ts-network-01", buildReachabilityScript("Linux", hosts));
    expect(statuses.map((s) => s.code)).toEqual(["ProvisioningState/succeeded"]);
    const probes = parseReachabilityOutput("Linux", splitRunCommandOutput(statuses).stdout, hosts);
    expect(probes.map((p) => p.result)).toEqual(["connected", "connected", "dnsFailure"]);
    expect(probes[2]!.detail).toContain("Name or service not known");
  });

  it("when it runs on vm-ts-netwin-01 (Windows), then the handlers time out and the workspace connects", async () => {
    const statuses = await runOn("vm-ts-netwin-01", buildReachabilityScript("Windows", hosts));
    expect(statuses.map((s) => s.code)).toEqual(["ComponentStatus/StdOut/succeeded", "ComponentStatus/StdErr/succeeded"]);
    const probes = parseReachabilityOutput("Windows", splitRunCommandOutput(statuses).stdout, hosts);
    expect(probes.map((p) => p.result)).toEqual(["timedOut", "timedOut", "connected"]);
    expect(probes[0]!.detail).toBe("tcp: TimedOut");
  });
});

describe("answers next to restify", () => {
  it("when ServerResponse.prototype.writeHead returns undefined (as restify's does), then the simulator still answers with and without a body", async () => {
    const original = ServerResponse.prototype.writeHead;
    // What restify installs process-wide (restify lib/response.js): the same call, no return value.
    ServerResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      const read = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01?api-version=2026-04-01`);
      expect(read.status).toBe(200);
      expect((read.body as { name: string }).name).toBe("vm-web-01");
      const accepted = await callSim(sim, "POST", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/vm-ts-network-01/runCommand?api-version=2026-04-01`, {
        body: { commandId: "RunShellScript", script: ["true"] },
      });
      expect(accepted.status).toBe(202);
      expect(accepted.body).toBeUndefined();
      await callSim(sim, "GET", String(accepted.headers["azure-asyncoperation"]));
    } finally {
      ServerResponse.prototype.writeHead = original;
    }
    // A chained writeHead(...).end() throws after the headers went out: the call would hang, not fail.
  }, 10_000);
});
