import { describe, expect, it } from "vitest";
import { buildDriftCard, maxListedMachines, type DriftResource } from "../../src/cards/build-drift-card.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { renderCard } from "../../src/cards/render-card.js";
import { findingsForVm } from "../../src/drift/findings.js";
import type { ComputeSummary, Vm } from "../../src/fleet/port.js";
import { amaLinux, fakeExtension, fakeVm } from "../fleet/fake-fleet.js";
import { expectValidCard, maxCardBytes } from "../support/validate-card.js";

const now = new Date("2026-03-02T09:00:00Z");
const latest = new Map([
  ["microsoft.azure.monitor/azuremonitorlinuxagent", "1.33.2"],
  ["microsoft.enterprisecloud.monitoring/omsagentforlinux", "1.19.0"],
]);

function summaryOf(vm: Vm): ComputeSummary {
  return { id: vm.id, kind: "vm", subscriptionId: vm.subscriptionId, resourceGroup: vm.resourceGroup, name: vm.name, location: vm.location, osType: vm.osType };
}

/** A mix like a real estate: most up to date, some behind, frozen, retired, failed, bare, deallocated. */
function generatedVm(i: number): Vm {
  const name = `vm-${String(i).padStart(5, "0")}-with-a-longish-name`;
  const resourceGroup = `rg-team-${i % 40}`;
  switch (i % 7) {
    case 0:
      return fakeVm({ name, resourceGroup, extensions: [amaLinux("1.33.2", { enableAutomaticUpgrade: true })] });
    case 1:
      return fakeVm({ name, resourceGroup, extensions: [amaLinux("1.32.5", { autoUpgradeMinorVersion: false })] });
    case 2:
      return fakeVm({ name, resourceGroup, extensions: [amaLinux("1.31.1", { autoUpgradeMinorVersion: true })] });
    case 3:
      return fakeVm({
        name,
        resourceGroup,
        extensions: [fakeExtension({ publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.17", runningVersion: "1.17.1" })],
      });
    case 4:
      return fakeVm({
        name,
        resourceGroup,
        extensions: [
          fakeExtension({
            publisher: "Microsoft.EnterpriseCloud.Monitoring",
            type: "OmsAgentForLinux",
            typeHandlerVersion: "1.19",
            runningVersion: "1.19.0",
            provisioningState: "Failed",
            statuses: [{ code: "ProvisioningState/failed/53", level: "Error" }],
          }),
        ],
      });
    case 5:
      return fakeVm({ name, resourceGroup });
    default:
      return fakeVm({ name, resourceGroup, powerState: "deallocated", extensions: [amaLinux("1.30.3", { enableAutomaticUpgrade: true })] });
  }
}

function generatedScope(count: number): DriftResource[] {
  return Array.from({ length: count }, (_, i) => {
    const vm = generatedVm(i);
    return { resource: summaryOf(vm), findings: findingsForVm(vm, latest, undefined, now, { heartbeatChecked: false }) };
  });
}

describe("buildDriftCard", () => {
  it("when a scope has 5,000 VMs, then the rendered card stays under 28 KB in both locales and counts the rest", () => {
    const resources = generatedScope(5000);
    const withFindings = resources.filter((r) => r.findings.length > 0).length;
    for (const locale of ["en", "ja"] as const) {
      const card = renderCard(buildDriftCard(locale, { scope: { kind: "all" }, resources, unreadable: 3, now }));
      expectValidCard(card);
      expect(Buffer.byteLength(JSON.stringify(card), "utf8")).toBeLessThan(maxCardBytes);
      const text = cardToText(card);
      expect(text).toContain(String(withFindings - maxListedMachines));
    }
    const en = cardToText(renderCard(buildDriftCard("en", { scope: { kind: "all" }, resources, unreadable: 3, now })));
    expect(en).toContain(`and ${withFindings - maxListedMachines} more machines`);
    expect(en).toContain("Could not be read: 3");
  });

  it("when machines differ in severity, then the worst are listed first and totals are by severity and agent", () => {
    const resources = generatedScope(14);
    const reply = buildDriftCard("en", { scope: { kind: "resourceGroup", resourceGroup: "rg-team-1" }, resources, unreadable: 0, now });
    expectValidCard(renderCard(reply));
    const machines = reply.data.machines as Array<{ severity: string; name: string }>;
    const order = ["Critical", "High", "Medium", "Low", "Info"];
    const ranks = machines.map((m) => order.indexOf(m.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(machines[0]?.severity).toBe("Critical");
    const severities = (reply.data.severities as Array<{ label: string }>).map((s) => s.label);
    expect(severities[0]).toBe("Critical");
    const agents = (reply.data.agents as Array<{ label: string; value: string }>).map((a) => a.label);
    expect(agents[0]).toBe("Log Analytics agent for Linux (OMS, retired)");
    expect(agents).toContain("Azure Monitor Agent (Linux)");
  });

  it("when nothing is wrong, then the card says all machines are fine", () => {
    const vm = generatedVm(0);
    const reply = buildDriftCard("ja", { scope: { kind: "subscription", subscriptionId: vm.subscriptionId }, resources: [{ resource: summaryOf(vm), findings: [] }], unreadable: 0, now });
    const text = cardToText(renderCard(reply));
    expect(text).toContain("1 台すべて問題ありません");
    expect(reply.data.machines).toEqual([]);
  });
});
