import { describe, expect, it } from "vitest";
import { renderCard } from "../../src/cards/render-card.js";
import type { CardReply } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import type { Vm } from "../../src/fleet/port.js";
import { t } from "../../src/i18n/translate.js";
import { silentLogger } from "../../src/log.js";
import type { DigestRequest } from "../../src/schedule/create-digest-builder.js";
import type { DigestItem } from "../../src/schedule/digest-source.js";
import { parseSchedule } from "../../src/schedule/parse-schedule.js";
import { createDigestBuilderByScope, createScanDigestSource, ScopeNotWatchedError } from "../../src/schedule/scan-digest-source.js";
import type { Subscription } from "../../src/schedule/subscription.js";
import { amaLinux, createFakeFleet, createFakeScanner, fakeExtension, fakeVm, scannedVmExtension } from "../fleet/fake-fleet.js";
import { expectValidCard, maxCardBytes } from "../support/validate-card.js";

const sub1 = "00000000-0000-4000-8000-000000000001";
const sub2 = "00000000-0000-4000-8000-000000000002";
const now = new Date("2026-03-02T00:00:00Z");
const versions = [
  { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.31.1", "1.33.2"] },
  { location: "japaneast", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", versions: ["1.19.0"] },
];
const oms = () => fakeExtension({ publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.19" });

function fleetOf(count: number, frozen: (i: number) => boolean): Vm[] {
  return Array.from({ length: count }, (_, i) =>
    fakeVm({
      name: `vm-${String(i).padStart(5, "0")}`,
      resourceGroup: `rg-${i % 7}`,
      subscriptionId: i % 10 === 9 ? sub2 : sub1,
      extensions: [
        i % 50 === 0 ? oms() : frozen(i) ? amaLinux("1.31.1", { autoUpgradeMinorVersion: true }) : amaLinux("1.33.2", { enableAutomaticUpgrade: true }),
        fakeExtension({ publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" }),
      ],
    }),
  );
}

function sourceOver(vms: Vm[], subscriptionIds = [sub1, sub2]) {
  const scanner = createFakeScanner(vms.flatMap((vm) => vm.extensions.map((e) => scannedVmExtension(vm, e))));
  const fleet = createFakeFleet({ versions });
  const source = createScanDigestSource({ scanner, subscriptionIds, catalog: createVersionCatalog(fleet, { clock: { now: () => now }, ttlMs: 60_000 }), clock: { now: () => now }, log: silentLogger, pageSize: 100 });
  return { source, scanner };
}

function subscription(scopeWords: string): Subscription {
  const parsed = parseSchedule(["daily", "09:00", "Asia/Tokyo"]);
  if (!parsed.ok) throw new Error(parsed.error.key);
  const scope = scopeWords === "all" ? { kind: "all" as const } : scopeWords.startsWith("sub:") ? { kind: "subscription" as const, subscriptionId: scopeWords.slice(4) } : { kind: "resourceGroup" as const, resourceGroup: scopeWords };
  return { id: "s1", conversationKey: "19:c@thread.tacv2", kind: "drift", scope, schedule: parsed.args.schedule, locale: "en", createdAt: now.toISOString(), createdBy: { name: "Alice" } };
}

function request(sub: Subscription, previous?: DigestRequest["previous"]): DigestRequest {
  return { subscription: sub, previous, scheduledAt: now, late: false };
}

function rendered(reply: CardReply) {
  const card = renderCard(reply);
  expectValidCard(card);
  return card;
}

async function collect(items: AsyncIterable<DigestItem>): Promise<DigestItem[]> {
  const all: DigestItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe("digest over the scan", () => {
  it("when all is digested, then every scanned machine is handed on once with its agents and findings", async () => {
    const { source } = sourceOver(fleetOf(300, (i) => i % 3 === 0));
    const items = await collect(source({ kind: "all" }));
    expect(items).toHaveLength(300);
    expect(new Set(items.map((i) => ("name" in i ? i.name : ""))).size).toBe(300);
    const legacy = items.find((i) => "name" in i && i.name === "vm-00000");
    expect(legacy).toEqual(expect.objectContaining({ agents: [{ agent: "omsLinux", autoUpgrade: "minorVersionOnly" }] }));
  });

  it("when a subscription is digested, then only it is scanned; an unwatched one fails the run without scanning", async () => {
    const { source } = sourceOver(fleetOf(100, () => false));
    const items = await collect(source({ kind: "subscription", subscriptionId: sub2 }));
    expect(items).toHaveLength(10);
    expect(items.every((i) => "subscriptionId" in i && i.subscriptionId === sub2)).toBe(true);
    const unwatched = sourceOver(fleetOf(10, () => false), [sub1]);
    await expect(collect(unwatched.source({ kind: "subscription", subscriptionId: sub2 }))).rejects.toBeInstanceOf(ScopeNotWatchedError);
    expect(unwatched.scanner.pages()).toBe(0);
  });

  it("when 10,000 scanned machines are digested twice, then the card stays under 28 KB, says versions are the model's and shows what changed", async () => {
    let frozenEvery = 4;
    const build = () => {
      const vms = fleetOf(10_000, (i) => i % frozenEvery === 0);
      return createDigestBuilderByScope({ fleet: async function* () {}, scan: sourceOver(vms).source });
    };
    const sub = subscription("all");
    const first = await build()(request(sub));
    const firstCard = rendered(first.reply);
    expect(Buffer.byteLength(JSON.stringify(firstCard))).toBeLessThan(maxCardBytes);
    expect(first.reply.data.note).toBe(t("en", "schedule.digest.note.model"));
    // Machines that need attention: OMS (retired) every 50th, frozen AMA every 4th (minus the overlap).
    const attention = Array.from({ length: 10_000 }, (_, i) => i % 50 === 0 || i % 4 === 0).filter(Boolean).length;
    expect(first.snapshot.attention.size).toBe(attention);
    // Half of the frozen ones got fixed: the next digest says so.
    frozenEvery = 8;
    const second = await build()(request(sub, first.snapshot));
    const secondCard = rendered(second.reply);
    expect(Buffer.byteLength(JSON.stringify(secondCard))).toBeLessThan(maxCardBytes);
    const fixed = Array.from({ length: 10_000 }, (_, i) => i % 4 === 0 && i % 8 !== 0 && i % 50 !== 0).filter(Boolean).length;
    const fixedRow = (second.reply.data.changes as Array<{ title: string; value: string }>).find((c) => c.title === t("en", "schedule.digest.change.fixed"));
    expect(fixedRow?.value.startsWith(`${fixed}:`)).toBe(true);
  });

  it("when a resource group is digested, then the FleetReader source answers with instance-view versions and the scan is not used", async () => {
    const { source, scanner } = sourceOver(fleetOf(20, () => false));
    let fleetCalls = 0;
    const fleet = async function* () {
      fleetCalls += 1;
      yield { id: "/x/vm-rg", kind: "vm" as const, subscriptionId: sub1, resourceGroup: "rg-1", name: "vm-rg", agents: [], findings: [] };
    };
    const build = createDigestBuilderByScope({ fleet, scan: source });
    const result = await build(request(subscription("rg-1")));
    rendered(result.reply);
    expect(fleetCalls).toBe(1);
    expect(scanner.pages()).toBe(0);
    expect(result.reply.data.note).toBe(t("en", "schedule.digest.note.instanceView"));
    const all = await build(request(subscription(`sub:${sub1}`)));
    expect(all.reply.data.note).toBe(t("en", "schedule.digest.note.model"));
    expect(scanner.pages()).toBeGreaterThan(0);
  });
});
