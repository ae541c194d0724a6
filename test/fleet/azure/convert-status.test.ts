import { describe, expect, it } from "vitest";
import { convertStatuses, findPowerState, findProvisioningState } from "../../../src/fleet/azure/convert-status.js";

describe("findPowerState", () => {
  it.each([
    ["PowerState/running", "running"],
    ["PowerState/deallocated", "deallocated"],
    ["powerstate/Stopped", "stopped"],
    ["PowerState/deallocating", "deallocating"],
    ["PowerState/hibernated", "unknown"],
  ])("when the instance view says %s, then the power state is %s", (code, expected) => {
    expect(findPowerState([{ code: "ProvisioningState/succeeded" }, { code }]).state).toBe(expected);
  });

  it("when no PowerState status is present, then the power state is unknown", () => {
    expect(findPowerState([{ code: "ProvisioningState/succeeded", displayStatus: "VM running" }])).toEqual({ state: "unknown" });
  });

  it("when a stopped VM's PowerState has no time, then the last operation's time is the since; a running VM gets none", () => {
    const time = new Date("2026-01-02T03:04:05Z");
    const statuses = (power: string) => [{ code: "ProvisioningState/succeeded", time }, { code: power }];
    expect(findPowerState(statuses("PowerState/deallocated"))).toEqual({ state: "deallocated", since: time });
    expect(findPowerState(statuses("PowerState/running"))).toEqual({ state: "running" });
  });

  it("when the PowerState status has a time, then it is the since", () => {
    const time = new Date("2026-01-02T03:04:05Z");
    expect(findPowerState([{ code: "PowerState/deallocated", time }])).toEqual({ state: "deallocated", since: time });
  });
});

describe("findProvisioningState", () => {
  it("when the status is ProvisioningState/failed/53, then the state is Failed", () => {
    expect(findProvisioningState([{ code: "ProvisioningState/failed/53" }])).toBe("Failed");
  });
  it("when there is no provisioning status, then it is undefined", () => {
    expect(findProvisioningState([{ code: "PowerState/running" }])).toBeUndefined();
  });
});

describe("convertStatuses", () => {
  it("when SDK statuses come in, then codeless ones are dropped, unknown levels removed and the rest kept", () => {
    const time = new Date("2026-01-01T00:00:00Z");
    expect(
      convertStatuses([
        { code: "ProvisioningState/failed/53", level: "Error", displayStatus: "Provisioning failed", message: "Enable failed", time },
        { level: "Info" },
        { code: "X", level: "Verbose" as "Info" },
      ]),
    ).toEqual([
      { code: "ProvisioningState/failed/53", level: "Error", displayStatus: "Provisioning failed", message: "Enable failed", time },
      { code: "X" },
    ]);
  });
});
