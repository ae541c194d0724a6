import { describe, expect, it } from "vitest";
import { t, type Locale } from "../../src/i18n/translate.js";
import { createDemoFakeFleet, demoSubscriptionId } from "../fleet/demo-fake-fleet.js";
import type { FakeFleet } from "../fleet/fake-fleet.js";
import { createHarness, harnessNow, type RenderedReply } from "../support/command-harness.js";

interface ExtensionRowData {
  agent: string;
  badge: { text: string; color: string };
  facts: Array<{ title: string; value: string }>;
  failure: { meaning: string; action: string };
}

const locales: Locale[] = ["en", "ja"];

const localeOf = new WeakMap<RenderedReply, Locale>();

function fact(rendered: RenderedReply, titleKey: string): string | undefined {
  const title = t(localeOf.get(rendered) ?? "en", titleKey);
  return (rendered.reply.data.facts as Array<{ title: string; value: string }>).find((f) => f.title === title)?.value;
}

function rows(rendered: RenderedReply): ExtensionRowData[] {
  return rendered.reply.data.extensions as ExtensionRowData[];
}

function reasons(rendered: RenderedReply): string[] {
  return (rendered.reply.data.findings as Array<{ reason: string }>).map((f) => f.reason);
}

async function status(command: string, locale: Locale, fleet?: FakeFleet): Promise<RenderedReply> {
  const harness = createHarness(fleet ? { fleet } : {});
  const rendered = await harness.send(command, locale);
  // The tests read facts by their translated title: remember which language the card is in.
  localeOf.set(rendered, locale);
  return rendered;
}

describe.each(locales)("status in %s", (locale) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when AMA is on the latest version with automatic upgrade, then the card is healthy and has no findings", async () => {
    const r = await status("status rg-prod/vm-web-01", locale);
    expect(r.reply.data.overall).toEqual({ text: tr("status.card.healthy"), color: "Good" });
    expect(fact(r, "status.fact.resourceGroup")).toBe("rg-prod");
    expect(fact(r, "status.fact.region")).toBe("japaneast");
    expect(fact(r, "status.fact.os")).toContain("Linux");
    expect(fact(r, "status.fact.powerState")).toBe(tr("status.powerState.running"));
    expect(fact(r, "status.fact.heartbeatVersion")).toBe("1.33.2");
    expect(fact(r, "status.fact.lastHeartbeat")).toContain(tr("status.age.minutes", { count: 1 }));
    // CustomScript is not a monitoring agent: one row only.
    const [ama, ...others] = rows(r);
    expect(others).toEqual([]);
    expect(ama?.agent).toBe(tr("drift.agent.amaLinux"));
    expect(ama?.badge).toEqual({ text: tr("drift.level.upToDate"), color: "Good" });
    expect(ama?.facts.map((f) => f.value)).toEqual(
      expect.arrayContaining(["1.33.2", "Succeeded", expect.stringContaining(tr("drift.autoUpgrade.enabled"))]),
    );
    expect(ama?.facts.find((f) => f.title === tr("status.ext.latest", { location: "japaneast" }))?.value).toBe("1.33.2");
    expect(reasons(r)).toEqual([]);
    expect(r.text).toContain(tr("status.card.noFindings"));
  });

  it("when AMA is one minor behind with auto-upgrade off, then the badge and both findings say so", async () => {
    const r = await status("status vm-web-02", locale);
    expect(rows(r)[0]?.badge).toEqual({ text: tr("drift.level.minor"), color: "Warning" });
    const upgrade = rows(r)[0]?.facts.find((f) => f.title === tr("status.ext.autoUpgrade"))?.value;
    expect(upgrade).toBe(
      tr("status.ext.autoUpgradeValue", { mode: tr("drift.autoUpgrade.off"), enable: tr("status.flag.off"), minor: tr("status.flag.off") }),
    );
    expect(reasons(r)).toEqual([
      tr("drift.reason.behind.minor", { current: "1.32.5", latest: "1.33.2" }),
      tr("drift.reason.autoUpgradeOff"),
    ]);
  });

  it("when only autoUpgradeMinorVersion is set, then the card calls it frozen and notes the heartbeat version", async () => {
    const r = await status("status vm-api-01", locale);
    expect(reasons(r)).toContain(tr("drift.reason.frozen"));
    expect(reasons(r)).toContain(tr("drift.reason.heartbeatVersionDiffers", { reported: "1.30.3", running: "1.31.1" }));
    expect(fact(r, "status.fact.heartbeatVersion")).toBe("1.30.3");
  });

  it("when the retired OMS agent is installed, then it is badged retired with migrate-to-AMA", async () => {
    const r = await status("status vm-legacy-01", locale);
    expect(rows(r)[0]).toMatchObject({ agent: tr("drift.agent.omsLinux"), badge: { text: tr("status.badge.retired"), color: "Attention" } });
    expect(reasons(r)[0]).toBe(
      tr("drift.reason.retired", { agentName: "Log Analytics agent for Linux (OMS)", retiredOn: "2024-08-31", replacement: "Azure Monitor Agent (Linux)" }),
    );
  });

  it("when Windows runs the retired MMA, then it is badged retired and the prefetch asked for Windows agents", async () => {
    const fleet = createDemoFakeFleet(harnessNow);
    const r = await status("status vm-win-01", locale, fleet);
    expect(rows(r)[0]).toMatchObject({ agent: tr("drift.agent.mmaWindows"), badge: { text: tr("status.badge.retired") } });
    expect(fact(r, "status.fact.os")).toContain("Windows Server 2019");
    expect(rows(r)[0]?.facts.some((f) => f.value === "1.0.18069.0")).toBe(true);
  });

  it("when the VM is deallocated, then the power state and the no-auto-upgrade finding show", async () => {
    const r = await status("status vm-batch-01", locale);
    expect(fact(r, "status.fact.powerState")).toBe(tr("status.powerState.deallocated"));
    expect(reasons(r)).toContain(tr("drift.reason.vmNotRunning.deallocated"));
    expect(fact(r, "status.fact.lastHeartbeat")).toContain(tr("status.age.days", { count: 3 }));
  });

  it("when OmsAgentForLinux failed with code 53, then the row shows the meaning and what to do", async () => {
    const r = await status("status vm-db-01", locale);
    const row = rows(r)[0];
    expect(row?.badge).toEqual({ text: tr("status.badge.failed"), color: "Attention" });
    expect(row?.failure.meaning).toBe(tr("status.failure.meaning", { code: 53, meaning: tr("drift.extensionError.code53.meaning") }));
    expect(row?.failure.action).toBe(tr("status.failure.action", { action: tr("drift.extensionError.code53.action") }));
    expect(reasons(r)[0]).toBe(tr("drift.reason.failedWithCode", { code: 53 }));
    expect(r.reply.data.overall).toEqual({ text: tr("drift.severity.critical"), color: "Attention" });
  });

  it("when a Manual scale set has instances behind the model, then the card lists them with the policy", async () => {
    const r = await status("status vmss-web", locale);
    expect(fact(r, "status.fact.upgradePolicy")).toBe(tr("status.upgradePolicy.Manual"));
    expect(fact(r, "status.fact.notLatestModel")).toBe(tr("status.value.countOfTotal", { count: 2, total: 5 }));
    expect(r.reply.data.instances).toEqual({ heading: tr("status.instances.heading", { count: 2, total: 5 }), text: "vmss-web_1, vmss-web_3" });
    expect(reasons(r)).toContain(tr("drift.reason.instancesNotLatest.manual", { count: 2, total: 5, policy: "Manual" }));
    expect(rows(r)[0]?.facts[0]).toEqual({ title: tr("status.ext.model"), value: "1.33" });
  });

  it("when a running VM has been silent for 2 hours, then the heartbeat age and a critical finding show", async () => {
    const r = await status("status vm-silent-01", locale);
    expect(fact(r, "status.fact.lastHeartbeat")).toContain(tr("status.age.hours", { count: 2 }));
    expect(reasons(r)).toEqual([
      tr("drift.reason.heartbeatStale", { minutes: 120, threshold: 15, lastSeen: "2026-03-02T07:00:00.000Z" }),
    ]);
  });

  it("when the same name exists in two resource groups, then a candidates card offers the exact commands", async () => {
    const harness = createHarness();
    const r = await harness.send("status vm-web-01", locale);
    expect(r.reply.template).toBe("candidates");
    const candidates = r.reply.data.candidates as Array<{ command: string }>;
    expect(candidates.map((c) => c.command)).toEqual(["status rg-dev/vm-web-01", "status rg-prod/vm-web-01"]);
    // Pressing a candidate runs that exact command.
    const pressed = await harness.press("runCommand", { verb: "runCommand", command: candidates[0]!.command }, locale);
    expect(pressed.reply.template).toBe("status");
    expect(pressed.reply.data.subtitle).toBe(tr("status.card.subtitleVm", { resourceGroup: "rg-dev", location: "westeurope" }));
  });

  it("when no monitoring agent is installed, then the card says so and recommends AMA", async () => {
    const r = await status("status vm-bare-01", locale);
    expect(rows(r)).toEqual([]);
    expect(r.text).toContain(tr("status.card.noAgents"));
    expect(reasons(r)).toEqual([tr("drift.reason.noMonitoringAgent", { os: "Linux", recommended: "Azure Monitor Agent (Linux)" })]);
  });
});

describe("status look-ups", () => {
  it("when a VM name is invalid, then a usage error comes back and the fleet is never called", async () => {
    const harness = createHarness();
    const r = await harness.send("status bad$name");
    expect(r.reply.template).toBe("usage-error");
    expect(r.reply.data.problem).toBe(t("en", "parse.badName.compute.badChar", { name: "bad$name", char: "$" }));
    expect(harness.fleet.stats().calls).toBe(0);
  });

  it("when the VM is read, then the GET, the heartbeat and the version look-ups run in parallel", async () => {
    const fleet = createDemoFakeFleet(harnessNow);
    let inFlight = 0;
    let maxInFlight = 0;
    for (const method of ["getVm", "lastHeartbeat", "listExtensionVersions"] as const) {
      const original = fleet[method].bind(fleet) as (arg: never) => Promise<unknown>;
      (fleet as unknown as Record<string, unknown>)[method] = async (arg: never) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return original(arg);
      };
    }
    await createHarness({ fleet }).send("status rg-prod/vm-web-01");
    // getVm + lastHeartbeat + latest AMA and OMS for Linux: all four at once.
    expect(maxInFlight).toBe(4);
  });

  it("when a full resource ID is given, then no name look-up is needed", async () => {
    const harness = createHarness();
    const id = `/subscriptions/${demoSubscriptionId}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-db-01`;
    const r = await harness.send(`status ${id}`);
    expect(r.reply.data.title).toBe("vm-db-01");
    expect(harness.fleet.stats().byMethod.findByName).toBeUndefined();
  });

  it("when the heartbeat query fails, then the card still shows the extensions and says the heartbeat could not be read", async () => {
    const harness = createHarness();
    harness.fleet.failNext("lastHeartbeat", new Error("Log Analytics unreachable"));
    const r = await harness.send("status vm-silent-01");
    expect(r.reply.template).toBe("status");
    expect(r.text).toContain(t("en", "status.value.unavailable"));
    expect(r.reply.data.findings).toEqual([]);
    expect(harness.logs.some((l) => l.msg === "heartbeat look-up failed" && l.correlationId === "corr-0001")).toBe(true);
  });

  it("when a name is not found, then the card suggests similar names with buttons that run status", async () => {
    const r = await createHarness().send("status vm-wbe-02", "ja");
    expect(r.reply.template).toBe("usage-error");
    expect(r.reply.data.title).toBe(t("ja", "status.notFound.title"));
    expect((r.reply.data.suggestions as Array<{ command: string }>).map((s) => s.command)).toContain("status vm-web-02");
  });

  it("when rg/name names the wrong group, then the card offers the groups where the name exists", async () => {
    const r = await createHarness().send("status rg-test/vm-web-02");
    expect((r.reply.data.suggestions as Array<{ command: string }>).map((s) => s.command)).toEqual(["status rg-prod/vm-web-02"]);
  });

  it("when a name is typed in another case, then it still resolves (Azure names are case-insensitive)", async () => {
    const r = await createHarness().send("STATUS RG-PROD/VM-WEB-02");
    expect(r.reply.data.title).toBe("vm-web-02");
  });
});
