import { describe, expect, it } from "vitest";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { silentLogger } from "../../src/log.js";
import { createDigestBuilder } from "../../src/schedule/create-digest-builder.js";
import type { DigestItem } from "../../src/schedule/digest-source.js";
import { createFleetDigestSource } from "../../src/schedule/fleet-digest-source.js";
import { parseSchedule } from "../../src/schedule/parse-schedule.js";
import type { Subscription } from "../../src/schedule/subscription.js";
import { createDemoFakeFleet } from "../fleet/demo-fake-fleet.js";
import { renderAndValidate } from "../support/command-harness.js";

const now = new Date("2026-03-02T09:00:00Z");

function sourceOver(fleet = createDemoFakeFleet(now), batchSize?: number) {
  const clock = { now: () => now };
  const source = createFleetDigestSource({ fleet, catalog: createVersionCatalog(fleet, { clock, ttlMs: 60_000 }), clock, log: silentLogger, ...(batchSize && { batchSize }) });
  return { fleet, source };
}

async function collect(iterable: AsyncIterable<DigestItem>): Promise<DigestItem[]> {
  const items: DigestItem[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("fleet digest source", () => {
  it("when a resource group is streamed, then every VM and scale set comes with its agents and findings, without heartbeat queries", async () => {
    const { fleet, source } = sourceOver(undefined, 4);
    const items = await collect(source({ kind: "resourceGroup", resourceGroup: "rg-prod" }));
    expect(items).toHaveLength(11);
    const legacy = items.find((i) => "name" in i && i.name === "vm-legacy-01");
    expect(legacy).toMatchObject({ agents: [{ agent: "omsLinux" }] });
    expect(legacy && "findings" in legacy && legacy.findings.map((f) => f.reason)).toContain("drift.reason.retired");
    expect(fleet.stats().byMethod.lastHeartbeat).toBeUndefined();
  });

  it("when a machine cannot be read, then it is counted as unreadable; throttling ends the stream with the error", async () => {
    const { fleet, source } = sourceOver();
    fleet.failNext("getVm", Object.assign(new Error("boom"), { statusCode: 500 }));
    const items = await collect(source({ kind: "resourceGroup", resourceGroup: "rg-prod" }));
    expect(items.filter((i) => "unreadable" in i)).toHaveLength(1);
    fleet.failNext("getVm", Object.assign(new Error("Too many requests"), { statusCode: 429 }), 100);
    await expect(collect(source({ kind: "all" }))).rejects.toMatchObject({ statusCode: 429 });
  });

  it("when the demo fleet's digest is built, then it counts the retired agents and offers rg-prod for upgrade", async () => {
    const { source } = sourceOver();
    const parsed = parseSchedule(["weekdays", "09:00", "Asia/Tokyo"]);
    if (!parsed.ok) throw new Error("schedule");
    const subscription: Subscription = {
      id: "s1",
      conversationKey: "19:c@thread.tacv2",
      kind: "drift",
      scope: { kind: "resourceGroup", resourceGroup: "rg-prod" },
      schedule: parsed.args.schedule,
      locale: "ja",
      createdAt: now.toISOString(),
      createdBy: { name: "Aiko" },
    };
    const digest = await createDigestBuilder({ source })({ subscription, previous: undefined, scheduledAt: now, late: false });
    const r = renderAndValidate(digest.reply);
    expect(r.reply.data.buttons).toEqual([
      { title: "一覧をすべて開く", command: "drift rg-prod" },
      expect.objectContaining({ command: "upgrade rg:rg-prod" }),
    ]);
    // OMS on vm-legacy-01 and vm-db-01, MMA on vm-win-01.
    expect(r.text).toContain("Linux 用 Log Analytics エージェント (OMS、廃止済み): 2 台");
    expect(r.text).toContain("Windows 用 Log Analytics エージェント (MMA、廃止済み): 1 台");
    expect(digest.snapshot.attention.size).toBeGreaterThan(0);
  });
});
