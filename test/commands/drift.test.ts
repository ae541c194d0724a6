import { describe, expect, it } from "vitest";
import { driftConcurrency } from "../../src/commands/drift.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { createDemoFakeFleet, demoSecondSubscriptionId } from "../fleet/demo-fake-fleet.js";
import { amaLinux, createFakeFleet, fakeVm } from "../fleet/fake-fleet.js";
import { maxCardBytes } from "../support/validate-card.js";
import { createHarness, harnessNow } from "../support/command-harness.js";

type Machine = { name: string; severity: string };

describe.each(["en", "ja"] as Locale[])("drift in %s", (locale) => {
  it("when a resource group is summarized, then machines with findings are listed worst first and healthy ones are not", async () => {
    const harness = createHarness();
    const r = await harness.send("drift rg-prod", locale);
    expect(r.reply.template).toBe("drift");
    expect(r.reply.data.title).toBe(t(locale, "scope.card.title.resourceGroup", { resourceGroup: "rg-prod" }));
    const machines = r.reply.data.machines as Machine[];
    expect(machines[0]).toMatchObject({ name: "rg-prod/vm-db-01", severity: t(locale, "drift.severity.critical") });
    const names = machines.map((m) => m.name);
    expect(names).toContain("rg-prod/vmss-web");
    expect(names).not.toContain("rg-prod/vmss-api");
    expect(names).not.toContain("rg-prod/vm-web-01");
    expect(names).not.toContain("rg-dev/vm-web-01");
    // 9 VMs and 2 scale sets in rg-prod.
    expect(r.reply.data.subtitle).toContain("9");
    const agents = (r.reply.data.agents as Array<{ label: string }>).map((a) => a.label);
    expect(agents).toEqual(expect.arrayContaining([t(locale, "drift.agent.amaLinux"), t(locale, "drift.agent.omsLinux"), t(locale, "drift.agent.mmaWindows")]));
  });
});

describe("drift scans", () => {
  it("when a scope is scanned, then no heartbeat is queried and each region/agent version is listed once", async () => {
    const harness = createHarness();
    await harness.send("drift rg-prod");
    const calls = harness.fleet.stats().byMethod;
    expect(calls.lastHeartbeat).toBeUndefined();
    // japaneast: AMA Linux, OMS, MMA.
    expect(calls.listExtensionVersions).toBe(3);
  });

  it("when a subscription is given, then only its machines are summarized", async () => {
    const r = await createHarness().send(`drift sub:${demoSecondSubscriptionId}`);
    expect(r.reply.data.title).toBe(t("en", "scope.card.title.subscription", { subscriptionId: demoSecondSubscriptionId }));
    expect(r.reply.data.subtitle).toContain(t("en", "scope.card.subtitle", { vms: 1, scaleSets: 0, time: "" }).trim());
    expect((r.reply.data.machines as Machine[]).map((m) => m.name)).toEqual(["rg-shared/vm-ops-01"]);
  });

  it("when a scope holds 5,000 VMs, then reads stay bounded and the card stays under 28 KB", async () => {
    const vms = Array.from({ length: 5000 }, (_, i) =>
      fakeVm({
        name: `vm-${String(i).padStart(4, "0")}`,
        resourceGroup: "rg-big",
        // Thirds: no agent, up to date with automatic upgrade (no finding), behind and frozen.
        extensions: i % 3 === 0 ? [] : i % 3 === 1 ? [amaLinux("1.33.2", { enableAutomaticUpgrade: true })] : [amaLinux("1.31.1")],
      }),
    );
    const fleet = createFakeFleet({ vms, versions: [{ location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.31.1", "1.33.2"] }] });
    // The fake searches linearly; an index keeps 5,000 look-ups fast while still counting concurrency.
    const byName = new Map(vms.map((vm) => [vm.name, vm]));
    let inFlight = 0;
    let maxInFlight = 0;
    fleet.getVm = async (ref) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return structuredClone(byName.get(ref.name));
    };
    const r = await createHarness({ fleet }).send("drift rg-big");
    expect(Buffer.byteLength(JSON.stringify(r.card), "utf8")).toBeLessThan(maxCardBytes);
    expect(maxInFlight).toBeLessThanOrEqual(driftConcurrency);
    expect(maxInFlight).toBeGreaterThan(1);
    const withFindings = vms.filter((_, i) => i % 3 !== 1).length;
    expect(r.text).toContain(t("en", "scope.card.moreMachines", { count: withFindings - 15 }));
    expect(r.reply.data.facts).toContainEqual({ title: t("en", "scope.card.fact.withFindings"), value: t("en", "scope.card.countOfTotal", { count: withFindings, total: 5000 }) });
    expect(fleet.stats().byMethod.listExtensionVersions).toBe(1);
  }, 60_000);

  it("when Azure throttles a read, then the user gets the friendly throttling card", async () => {
    const harness = createHarness();
    harness.fleet.failNext("getVm", Object.assign(new Error("Too many requests"), { statusCode: 429, code: "TooManyRequests" }), 100);
    const r = await harness.send("drift rg-prod", "ja");
    expect(r.reply.template).toBe("error");
    expect(r.reply.data.message).toBe(t("ja", "common.error.azureThrottled"));
  });

  it("when one machine cannot be read, then the others are still summarized and the card counts it", async () => {
    const harness = createHarness();
    harness.fleet.failNext("getVm", Object.assign(new Error("boom"), { statusCode: 500 }));
    const r = await harness.send("drift rg-prod");
    expect(r.reply.data.facts).toContainEqual({ title: t("en", "scope.card.fact.unreadable"), value: "1" });
    expect(harness.logs.some((l) => l.msg === "drift: resource could not be read")).toBe(true);
  });

  it("when a resource group has no machines, then the card suggests similar group names", async () => {
    const r = await createHarness().send("drift rg-prd");
    expect(r.reply.template).toBe("usage-error");
    expect((r.reply.data.suggestions as Array<{ command: string }>).map((s) => s.command)).toContain("drift rg-prod");
  });

  it("when the whole fleet is empty, then the drift card says the scope is empty", async () => {
    const r = await createHarness({ fleet: createFakeFleet() }).send("drift all");
    expect(r.reply.data.empty).toBe(t("en", "scope.card.emptyScope"));
  });

  it("when the worst machines are listed, then each has a button running status for it", async () => {
    const r = await createHarness({ fleet: createDemoFakeFleet(harnessNow) }).send("ドリフト rg-prod", "ja");
    const buttons = r.reply.data.buttons as Array<{ command: string }>;
    expect(buttons[0]?.command).toBe("status rg-prod/vm-db-01");
    expect(buttons.length).toBeLessThanOrEqual(5);
  });
});
