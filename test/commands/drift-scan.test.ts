import { describe, expect, it } from "vitest";
import { handleMessage } from "../../src/commands/dispatch.js";
import { createScanDriftAggregate, maxScanButtons, maxScanListed } from "../../src/commands/drift-scan.js";
import { scanMachines, subscriptionsToScan } from "../../src/commands/scan-machines.js";
import type { ChatPort } from "../../src/commands/types.js";
import { sortWorstFirst } from "../../src/drift/summarize-findings.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import type { Extension, FleetScanner, ScannedExtension, ScannedResource, Vm } from "../../src/fleet/port.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { silentLogger } from "../../src/log.js";
import { amaLinux, createFakeFleet, createFakeScanner, fakeExtension, fakeVm, scannedVmExtension } from "../fleet/fake-fleet.js";
import { createHarness, harnessNow, renderAndValidate, requestFor } from "../support/command-harness.js";
import { maxCardBytes } from "../support/validate-card.js";

const sub1 = "00000000-0000-4000-8000-000000000001";
const sub2 = "00000000-0000-4000-8000-000000000002";
const versions = [
  { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.31.1", "1.32.5", "1.33.2"] },
  { location: "japaneast", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", versions: ["1.17.1", "1.19.0"] },
];
const chat: ChatPort = { send: async () => "m", update: async () => undefined };

const oms = (fields: Partial<Extension> = {}) =>
  fakeExtension({ publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.17", ...fields });
const customScript = () => fakeExtension({ publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" });

function rowsOf(vms: Vm[]): ScannedExtension[] {
  return vms.flatMap((vm) => vm.extensions.map((e) => scannedVmExtension(vm, e)));
}

/** A scanner that records which subscriptions it was asked for. */
function recording(scanner: FleetScanner): FleetScanner & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    scanExtensions(subscriptionIds, options) {
      asked.push([...subscriptionIds]);
      return scanner.scanExtensions(subscriptionIds, options);
    },
  };
}

function scanHarness(vms: Vm[], options: { pageSize?: number; subscriptionIds?: string[] } = {}) {
  const harness = createHarness({ fleet: createFakeFleet({ vms, versions }) });
  const fake = createFakeScanner(rowsOf(vms));
  const scanner = recording(options.pageSize ? { scanExtensions: (subs) => fake.scanExtensions(subs, { pageSize: options.pageSize! }) } : fake);
  const deps = { ...harness.deps, scanner, subscriptionIds: options.subscriptionIds ?? [sub1, sub2] };
  return {
    harness,
    fake,
    scanner,
    send: async (text: string, locale: Locale = "en") => renderAndValidate(await handleMessage(deps, requestFor(text, locale), chat)),
  };
}

/** 10,000 VMs x 3 extensions: a fifth behind and frozen, a tenth with a retired agent, the rest fine. */
function bigFleet(count = 10_000): Vm[] {
  return Array.from({ length: count }, (_, i) => {
    const agent = i % 10 === 0 ? oms() : i % 5 === 0 ? amaLinux("1.31.1", { autoUpgradeMinorVersion: true }) : amaLinux("1.33.2", { enableAutomaticUpgrade: true });
    return fakeVm({
      name: `vm-${String(i).padStart(5, "0")}`,
      resourceGroup: `rg-big-${String(Math.floor(i / 1000)).padStart(2, "0")}`,
      extensions: [agent, customScript(), fakeExtension({ publisher: "Microsoft.OSTCExtensions", type: "VMAccessForLinux", typeHandlerVersion: "1.5" })],
    });
  });
}

describe("scan machines", () => {
  it("when a VM's rows span several pages, then it is judged once with all of its extensions", async () => {
    const vm = fakeVm({ name: "vm-split", extensions: [amaLinux("1.31.1", { autoUpgradeMinorVersion: true }), customScript(), oms()] });
    const other = fakeVm({ name: "vm-zz", extensions: [amaLinux("1.33.2", { enableAutomaticUpgrade: true })] });
    const fleet = createFakeFleet({ vms: [vm, other], versions });
    const scanner = createFakeScanner(rowsOf([vm, other]));
    const progress = { pages: 0, split: 0 };
    const machines = [];
    const deps = { scanner, catalog: createVersionCatalog(fleet, { clock: { now: () => harnessNow }, ttlMs: 60_000 }), log: silentLogger, pageSize: 1 };
    for await (const batch of scanMachines(deps, [sub1], harnessNow, progress)) machines.push(...batch);
    expect(progress).toEqual({ pages: 4, split: 0 });
    expect(machines.map((m) => m.resource.name)).toEqual(["vm-split", "vm-zz"]);
    const [split] = machines;
    expect(split!.extensions).toHaveLength(3);
    expect(split!.findings.map((f) => f.reason)).toEqual(expect.arrayContaining(["drift.reason.retired", "drift.reason.frozen", "drift.reason.behind.minor"]));
    expect(machines[1]!.findings).toEqual([]);
    // One version listing per region/agent type, however many pages and machines.
    expect(fleet.stats().byMethod.listExtensionVersions).toBe(2);
  });

  it("when rows of one machine come back out of order, then the machine is counted per part and the split is reported", async () => {
    const vm = fakeVm({ name: "vm-a", extensions: [amaLinux("1.33.2"), customScript()] });
    const b = fakeVm({ name: "vm-b", extensions: [amaLinux("1.33.2")] });
    const [a1, a2] = rowsOf([vm]);
    const [b1] = rowsOf([b]);
    const scanner: FleetScanner = {
      async *scanExtensions() {
        yield [a1!, b1!];
        yield [a2!];
      },
    };
    const progress = { pages: 0, split: 0 };
    const names: string[] = [];
    const deps = { scanner, catalog: createVersionCatalog(createFakeFleet({ versions }), { clock: { now: () => harnessNow }, ttlMs: 60_000 }), log: silentLogger };
    for await (const batch of scanMachines(deps, [sub1], harnessNow, progress)) names.push(...batch.map((m) => m.resource.name));
    expect(names).toEqual(["vm-a", "vm-b", "vm-a"]);
    expect(progress.split).toBe(1);
  });

  it("when a scope is all, a watched or an unwatched subscription, then the scan covers the configured ones only", () => {
    expect(subscriptionsToScan([sub1, sub2], { kind: "all" })).toEqual([sub1, sub2]);
    expect(subscriptionsToScan([sub1, sub2], { kind: "subscription", subscriptionId: sub2.toUpperCase() })).toEqual([sub2]);
    expect(subscriptionsToScan([sub1], { kind: "subscription", subscriptionId: sub2 })).toBeUndefined();
    expect(subscriptionsToScan([sub1], { kind: "resourceGroup", resourceGroup: "rg-prod" })).toBeUndefined();
  });

  it("when many machines are folded, then the aggregate keeps only the worst few, in the order the per-VM card uses", () => {
    const vms = bigFleet(600);
    const judged = vms.map((vm, i) => {
      const resource: ScannedResource = { kind: "vm", id: vm.id, subscriptionId: vm.subscriptionId, resourceGroup: vm.resourceGroup, name: vm.name, location: vm.location };
      const severity = (["critical", "high", "medium", "low", "info"] as const)[(i * 7) % 5]!;
      const findings = i % 3 === 0 ? [] : Array.from({ length: 1 + (i % 4) }, () => ({ reason: "drift.reason.frozen", severity, params: {} }));
      return { resource, findings };
    });
    const { aggregate, add } = createScanDriftAggregate();
    judged.forEach(add);
    const expected = sortWorstFirst(
      judged.filter((j) => j.findings.length > 0),
      (a, b) => `${a.resource.resourceGroup}/${a.resource.name}`.toLowerCase().localeCompare(`${b.resource.resourceGroup}/${b.resource.name}`.toLowerCase()),
    ).slice(0, maxScanListed);
    expect(aggregate.worst.map((w) => w.resource.name)).toEqual(expected.map((e) => e.resource.name));
    expect(aggregate.vms).toBe(600);
    expect(aggregate.withFindings).toBe(400);
  });
});

describe.each(["en", "ja"] as Locale[])("drift all over the scan in %s", (locale) => {
  it("when the estate holds 10,000 VMs and 30,000 extensions, then the card stays under 28 KB and says where versions come from", async () => {
    const { send, fake, harness } = scanHarness(bigFleet());
    const r = await send(locale === "ja" ? "ドリフト すべて" : "drift all", locale);
    const bytes = Buffer.byteLength(JSON.stringify(r.card));
    expect(bytes).toBeLessThan(maxCardBytes);
    expect(r.reply.data.title).toBe(t(locale, "scope.card.title.all"));
    expect(r.reply.data.subtitle).toContain("10000");
    // 1,000 OMS (retired, behind) and 1,000 frozen AMA: 2,000 machines with findings, 15 listed.
    expect(r.reply.data.machines).toHaveLength(maxScanListed);
    expect(r.reply.data.moreMachines).toBe(t(locale, "scope.card.moreMachines", { count: 2000 - maxScanListed }));
    expect(r.reply.data.note).toBe(t(locale, "scan.card.note"));
    expect(r.text).toContain("typeHandlerVersion");
    // Drill-down reads the instance view: each button runs status on an exact resource ID.
    const buttons = r.reply.data.buttons as Array<{ command: string }>;
    expect(buttons).toHaveLength(maxScanButtons);
    for (const b of buttons) expect(b.command).toMatch(/^status \/subscriptions\/[^/]+\/resourceGroups\/rg-big-\d\d\/providers\/Microsoft\.Compute\/virtualMachines\/vm-\d{5}$/);
    // One query per kind, 1,000 rows a page; no VM read one by one; one version list per agent type.
    expect(fake.pages()).toBe(30);
    expect(harness.fleet.stats().byMethod.getVm).toBeUndefined();
    expect(harness.fleet.stats().byMethod.listExtensionVersions).toBe(2);
  });
});

describe("drift scopes with a scanner wired", () => {
  const vms = [
    fakeVm({ name: "vm-one", extensions: [oms({ provisioningState: "Failed" })] }),
    fakeVm({ name: "vm-two", subscriptionId: sub2, resourceGroup: "rg-shared", extensions: [amaLinux("1.32.5")] }),
  ];

  it("when a resource group is asked, then the per-VM path answers and the scan is not used", async () => {
    const { send, scanner, harness } = scanHarness(vms);
    const r = await send("drift rg-prod");
    expect(r.reply.data.note).toBe(t("en", "scope.card.note"));
    expect(scanner.asked).toEqual([]);
    expect(harness.fleet.stats().byMethod.getVm).toBe(1);
  });

  it("when a watched subscription is asked, then only it is scanned and only its machines are listed", async () => {
    const { send, scanner } = scanHarness(vms, { pageSize: 1 });
    const r = await send(`drift sub:${sub2}`);
    expect(scanner.asked).toEqual([[sub2]]);
    expect((r.reply.data.machines as Array<{ name: string }>).map((m) => m.name)).toEqual(["rg-shared/vm-two"]);
  });

  it("when all is asked, then a failed extension from the model heads the list", async () => {
    const r = await scanHarness(vms).send("drift all");
    const machines = r.reply.data.machines as Array<{ name: string; severity: string }>;
    expect(machines[0]).toEqual(expect.objectContaining({ name: "rg-prod/vm-one", severity: t("en", "drift.severity.critical") }));
  });

  it("when the subscription is not one the bot watches, then it says so, offers the watched ones and scans nothing", async () => {
    const { send, scanner } = scanHarness(vms, { subscriptionIds: [sub1] });
    const other = "00000000-0000-4000-8000-0000000000ff";
    const r = await send(`drift sub:${other}`);
    expect(r.reply.template).toBe("usage-error");
    expect(r.text).toContain(t("en", "scan.notWatched.body", { subscriptionId: other, watched: sub1 }));
    expect(r.text).toContain(`drift sub:${sub1}`);
    expect(scanner.asked).toEqual([]);
  });

  it("when Resource Graph throttles the scan, then the throttled card answers instead of a partial summary", async () => {
    const harness = createHarness({ fleet: createFakeFleet({ vms, versions }) });
    const throttled: FleetScanner = {
      // eslint-disable-next-line require-yield -- a scan that fails on its first page
      async *scanExtensions() {
        throw Object.assign(new Error("Too many requests"), { statusCode: 429 });
      },
    };
    const deps = { ...harness.deps, scanner: throttled, subscriptionIds: [sub1] };
    const r = renderAndValidate(await handleMessage(deps, requestFor("drift all"), chat));
    expect(r.reply.template).toBe("error");
    expect(r.text).toContain(t("en", "common.error.azureThrottled"));
  });
});
