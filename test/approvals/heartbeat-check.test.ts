import { describe, expect, it } from "vitest";
import { assessHeartbeats, describeHeartbeat, heartbeatsSettled } from "../../src/approvals/heartbeat-check.js";
import { computePlan } from "../../src/approvals/plan.js";
import { initialProgress, type ExecutionProgress } from "../../src/approvals/progress.js";
import type { Heartbeat } from "../../src/fleet/port.js";
import { demoFleet, demoNow, latestFrom, vmNamed } from "./plan-fixtures.js";

const fleet = demoFleet();
const web02 = vmNamed(fleet, "vm-web-02");
const legacy = vmNamed(fleet, "vm-legacy-01");
const api = vmNamed(fleet, "vm-api-01");
const plan = computePlan({ verb: "upgrade" }, { vms: [web02, legacy, api], scaleSets: [], latest: latestFrom(fleet) });
const finishedAt = demoNow;
const later = new Date(demoNow.getTime() + 60_000);
const earlier = new Date(demoNow.getTime() - 60_000);

function progressWith(status: (name: string) => ExecutionProgress["items"][number]["status"]): ExecutionProgress {
  const names = new Map(plan.items.map((i) => [i.id, i.resource.name]));
  return { items: initialProgress(plan).items.map((p) => ({ ...p, status: status(names.get(p.itemId) ?? "") })) };
}

const beats = (entries: [string, Heartbeat | undefined][]) => new Map(entries.map(([id, b]) => [id.toLowerCase(), b]));

describe("assessHeartbeats", () => {
  it("when machines report after the change, then the new version, an old one and silence are told apart", () => {
    const machines = assessHeartbeats(
      plan.items,
      progressWith(() => "succeeded"),
      beats([
        [web02.id, { resourceId: web02.id, lastSeen: later, version: "1.33.2" }],
        [api.id, { resourceId: api.id, lastSeen: later, version: "1.31.1" }],
        [legacy.id, { resourceId: legacy.id, lastSeen: earlier, version: "1.19.0-1" }],
      ]),
      finishedAt,
    );
    expect(machines.map((m) => [m.name, m.verdict, m.expected])).toEqual([
      ["vm-api-01", "oldVersion", "1.33.2"],
      ["vm-legacy-01", "silent", undefined],
      ["vm-web-02", "newVersion", "1.33.2"],
    ]);
    expect(heartbeatsSettled(machines)).toBe(false);
    expect(describeHeartbeat(machines[0]!)).toEqual({ key: "approvals.heartbeat.oldVersion", params: { name: "vm-api-01", version: "1.31.1", expected: "1.33.2" } });
  });

  it("when the Log Analytics agent reports its bundle version, then only liveness is judged (seed 004)", () => {
    const machines = assessHeartbeats(plan.items, progressWith((n) => (n === "vm-legacy-01" ? "succeeded" : "failed")), beats([[legacy.id, { resourceId: legacy.id, lastSeen: later, version: "1.19.0-1" }]]), finishedAt);
    expect(machines).toEqual([expect.objectContaining({ name: "vm-legacy-01", verdict: "reporting" })]);
    expect(heartbeatsSettled(machines)).toBe(true);
  });

  it("when an item did not succeed, then its machine is not watched", () => {
    expect(assessHeartbeats(plan.items, progressWith(() => "failed"), beats([]), finishedAt)).toEqual([]);
  });
});
