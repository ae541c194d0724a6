import { describe, expect, it } from "vitest";
import type { FleetReader, Vm } from "../../src/fleet/port.js";
import { serializeFleet } from "../../src/fleet/serialize-fleet.js";
import { createFakeFleet, fakeVm } from "./fake-fleet.js";

// A reader whose getVm waits for a manual release, recording how many calls overlap.
function gatedReader() {
  const base = createFakeFleet({ vms: [fakeVm({ name: "a" }), fakeVm({ name: "b" })] });
  let running = 0;
  let peak = 0;
  const reader: FleetReader & { peak(): number; extra: string } = {
    ...base,
    extra: "kept",
    peak: () => peak,
    async getVm(ref) {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (ref.name === "boom") throw new Error("boom");
      return base.getVm(ref);
    },
  };
  return reader;
}

const ref = (name: string) => ({ subscriptionId: "00000000-0000-4000-8000-000000000001", resourceGroup: "rg-prod", name });

describe("serializeFleet", () => {
  it("when calls are made at once, then they run one after another and each gets its own answer", async () => {
    const reader = gatedReader();
    const serial = serializeFleet(reader);
    const results = await Promise.all([serial.getVm(ref("a")), serial.getVm(ref("b")), serial.findByName("a")]);
    expect(reader.peak()).toBe(1);
    expect(results.map((r) => (Array.isArray(r) ? r.length : (r as Vm).name))).toEqual(["a", "b", 1]);
  });

  it("when the undecorated reader is called at once, then the calls overlap (the test can tell)", async () => {
    const reader = gatedReader();
    await Promise.all([reader.getVm(ref("a")), reader.getVm(ref("b"))]);
    expect(reader.peak()).toBe(2);
  });

  it("when a call fails, then its caller sees the error and later calls still run", async () => {
    const serial = serializeFleet(gatedReader());
    const [failed, next] = await Promise.allSettled([serial.getVm(ref("boom")), serial.getVm(ref("a"))]);
    expect(failed.status).toBe("rejected");
    expect(next).toMatchObject({ status: "fulfilled", value: { name: "a" } });
  });

  it("when the reader has other members, then they pass through", () => {
    const serial = serializeFleet(gatedReader());
    expect(serial.extra).toBe("kept");
    expect(serial.peak()).toBe(0);
  });
});
