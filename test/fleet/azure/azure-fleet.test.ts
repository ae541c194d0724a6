import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createVersionCatalog } from "../../../src/fleet/catalog.js";
import { AzureError } from "../../../src/fleet/azure/azure-error.js";
import { createSimulatorCredential } from "../../../src/fleet/azure/simulator-credential.js";
import type { ResourceRef } from "../../../src/fleet/port.js";
import { serializeFleet } from "../../../src/fleet/serialize-fleet.js";
import { createLogger } from "../../../src/log.js";
import type { RunningSimulator } from "../../../src/sim/index.js";
import { createSimFleet, demoSubscriptions, startSimulatorForTest } from "./start-sim-fleet.js";

const sub = demoSubscriptions[0]!;
const prod = (name: string): ResourceRef => ({ subscriptionId: sub, resourceGroup: "rg-prod", name });
const amaLinux = { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent" };

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe("createAzureFleet against the simulator", () => {
  let sim: RunningSimulator;
  let now: Date;

  beforeAll(async () => {
    ({ sim, now } = await startSimulatorForTest());
  });
  afterAll(async () => {
    await sim?.stop();
  });
  afterEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
  });

  describe("throttling and errors", () => {
    it("when ARM answers 429 with Retry-After, then the SDK waits that long, retries and the call succeeds", async () => {
      const fleet = createSimFleet(sim);
      sim.injectFault({ method: "GET", pathIncludes: "/virtualMachines/vm-web-02", kind: "throttle", retryAfterSeconds: 1, times: 1 });
      const { value: vm, ms } = await timed(() => fleet.getVm(prod("vm-web-02")));
      expect(vm?.name).toBe("vm-web-02");
      expect(ms).toBeGreaterThanOrEqual(900);
      // VM GET + extension list + the one retry.
      expect(fleet.stats().calls).toBe(3);
    });

    it("when ARM answers 429 without Retry-After, then the error surfaces as an AzureError 429 without the token", async () => {
      const fleet = createSimFleet(sim, { credential: createSimulatorCredential("tok-must-not-leak") });
      sim.injectFault({ method: "GET", pathIncludes: "/virtualMachines/vm-web-02", kind: "throttle", times: 1 });
      const error = await fleet.getVm(prod("vm-web-02")).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AzureError);
      expect(error).toMatchObject({ statusCode: 429 });
      expect(JSON.stringify(error) + String(error)).not.toContain("tok-must-not-leak");
    });

    it("when ARM answers 500 once, then the SDK retries with backoff and the call succeeds", async () => {
      const fleet = createSimFleet(sim);
      sim.injectFault({ method: "GET", pathIncludes: "/virtualMachineScaleSets/vmss-api", kind: "error", status: 500, times: 1 });
      expect((await fleet.getScaleSet(prod("vmss-api")))?.upgradePolicy).toBe("Automatic");
    });

    it("when ARM keeps failing with 500, then the AzureError carries the status and no retry goes on forever", async () => {
      const fleet = createSimFleet(sim, { retry: { maxRetries: 2, retryDelayInMs: 5 } });
      sim.injectFault({ method: "GET", pathIncludes: "/virtualMachines/vm-web-01", kind: "error", status: 500 });
      await expect(fleet.getVm(prod("vm-web-01"))).rejects.toMatchObject({ name: "AzureError", statusCode: 500 });
    });

    it("when a resource ID is not one, then lastHeartbeat refuses it before any call", async () => {
      const fleet = createSimFleet(sim);
      const bad = `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/x" or true`;
      await expect(fleet.lastHeartbeat(bad)).rejects.toMatchObject({ code: "InvalidResourceId" });
      expect(fleet.stats().calls).toBe(0);
    });

    it("when the heartbeat of a scale-set instance is asked for, then the child resource ID is accepted", async () => {
      const fleet = createSimFleet(sim);
      const set = await fleet.getScaleSet(prod("vmss-web"));
      const beat = await fleet.lastHeartbeat(`${set!.id}/virtualMachines/${set!.instances[0]!.instanceId}`);
      expect(now.getTime() - beat!.lastSeen.getTime()).toBeLessThan(5 * 60_000);
    });

    it("when a name cannot be an Azure name, then the answer is empty or undefined without a call", async () => {
      const fleet = createSimFleet(sim);
      expect(await fleet.findByName("vm web/../x")).toEqual([]);
      expect(await fleet.getVm(prod("vm?x=1"))).toBeUndefined();
      expect(await fleet.getScaleSet({ subscriptionId: sub, resourceGroup: "..", name: "vmss-web" })).toBeUndefined();
      expect(fleet.stats().calls).toBe(0);
    });
  });

  describe("paging", () => {
    let paged: RunningSimulator;
    beforeAll(async () => {
      ({ sim: paged } = await startSimulatorForTest({ pageSize: 2 }));
    });
    afterAll(async () => {
      await paged?.stop();
    });

    it("when lists come two items a page, then every VM, scale set and instance is still returned", async () => {
      const small = createSimFleet(paged);
      const large = createSimFleet(sim);
      const ids = async (fleet: typeof small) =>
        (await fleet.listInScope({ kind: "subscription", subscriptionId: sub })).map((s) => s.id.toLowerCase()).sort();
      const all = await ids(large);
      expect(all.length).toBeGreaterThan(4);
      // One page each for the VM and the scale-set listing...
      expect(large.stats().calls).toBe(2);
      expect(await ids(small)).toEqual(all);
      // ...and here at least one page per two items: nextLink was followed to the end.
      expect(small.stats().calls).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));
      expect((await small.getScaleSet(prod("vmss-web")))?.instances).toHaveLength(5);
      expect((await small.findByName("vm-web-01")).map((s) => s.resourceGroup.toLowerCase()).sort()).toEqual(["rg-dev", "rg-prod"]);
    });
  });

  describe("fan-out and caching", () => {
    it("when one VM is read, then its VM GET and extension list run in parallel, unless sequential", async () => {
      const parallel = createSimFleet(sim);
      const sequential = createSimFleet(sim, { sequential: true });
      // Warm the TLS connections first, so the timing measures only the fan-out.
      await Promise.all([parallel.getVm(prod("vm-web-01")), sequential.getVm(prod("vm-web-01"))]);
      sim.setLatency(500);
      const p = await timed(() => parallel.getVm(prod("vm-web-01")));
      const s = await timed(() => sequential.getVm(prod("vm-web-01")));
      expect(p.value).toEqual(s.value);
      // Two calls of 500 ms: about one round trip in parallel, two in a row.
      expect(p.ms).toBeLessThan(900);
      expect(s.ms).toBeGreaterThanOrEqual(1000);
    });

    it("when serializeFleet wraps the fleet, then concurrent reads queue one behind another", async () => {
      const fleet = createSimFleet(sim);
      await fleet.getVm(prod("vm-web-01"));
      sim.setLatency(300);
      const serial = serializeFleet(fleet);
      const { ms } = await timed(() => Promise.all([serial.getVm(prod("vm-web-01")), serial.getVm(prod("vm-web-02"))]));
      expect(ms).toBeGreaterThanOrEqual(600);
      expect(serial.stats().calls).toBe(fleet.stats().calls);
    });

    it("when the catalog is asked twice at once, then the simulator sees one extension-image call, and none when cached", async () => {
      const fleet = createSimFleet(sim);
      const catalog = createVersionCatalog(fleet, { clock: { now: () => now }, ttlMs: 60_000 });
      sim.stats.reset();
      expect(await Promise.all([catalog.latest(amaLinux), catalog.latest({ ...amaLinux, location: "JapanEast" })])).toEqual(["1.33.2", "1.33.2"]);
      expect(sim.stats.calls).toBe(1);
      expect(await catalog.latest(amaLinux)).toBe("1.33.2");
      expect(sim.stats.calls).toBe(1);
    });

    it("when names are looked up, then the index is built once, and a miss refreshes it once", async () => {
      const fleet = createSimFleet(sim);
      await fleet.findByName("vm-web-01");
      const listing = fleet.stats().calls; // VM and scale-set listAll per subscription
      expect(listing).toBeGreaterThanOrEqual(2 * demoSubscriptions.length);
      expect((await fleet.findByName("VMSS-WEB")).map((s) => s.kind)).toEqual(["scaleSet"]);
      expect((await fleet.findByName("vm-ops-01")).map((s) => s.subscriptionId)).toEqual([demoSubscriptions[1]]);
      expect(fleet.stats().calls).toBe(listing);
      expect(await fleet.findByName("vm-not-there")).toEqual([]);
      expect(fleet.stats().calls).toBe(2 * listing);
    });

    it("when a second subscription is configured, then listInScope all covers both", async () => {
      const fleet = createSimFleet(sim);
      const subscriptions = new Set((await fleet.listInScope({ kind: "all" })).map((s) => s.subscriptionId));
      expect([...subscriptions].sort()).toEqual([...demoSubscriptions].sort());
    });
  });

  describe("logging", () => {
    it("when requests run, then each is logged at debug with status and correlation ID, and the token never appears", async () => {
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const fleet = createSimFleet(sim, {
        credential: createSimulatorCredential("tok-secret-for-log-test"),
        log: createLogger({ level: "debug", destination }),
      });
      await fleet.getVm(prod("vm-web-01"));
      await fleet.lastHeartbeat((await fleet.findByName("vm-web-01"))[0]!.id);
      const entries = lines.flatMap((l) => l.trim().split("\n")).map((l) => JSON.parse(l) as { azure?: Record<string, unknown> });
      const requests = entries.filter((e) => e.azure);
      expect(requests.length).toBe(fleet.stats().calls);
      expect(requests.every((e) => e.azure!.status === 200)).toBe(true);
      expect(requests.some((e) => String(e.azure!.path).includes("/virtualMachines/vm-web-01"))).toBe(true);
      expect(requests.every((e) => typeof e.azure!.correlationId === "string" && e.azure!.correlationId !== "")).toBe(true);
      expect(lines.join("")).not.toContain("tok-secret-for-log-test");
    });
  });
});
