import { describe, expect, it } from "vitest";
import { findingsForScaleSet, findingsForVm, severityRank, type Finding } from "../../src/drift/findings.js";
import { t } from "../../src/i18n/translate.js";
import {
  amaWindows,
  buildExtension,
  buildHeartbeat,
  buildInstances,
  buildScaleSet,
  buildVm,
  latestJapanEast,
  minutesAgo,
  mma,
  now,
  oms,
} from "./build-fleet.js";

const reasons = (findings: Finding[]) => findings.map((f) => f.reason);
const find = (findings: Finding[], reason: string) => findings.find((f) => f.reason === reason);

describe("findingsForVm: a healthy VM", () => {
  it("when AMA is latest with automatic upgrade and a fresh heartbeat, then there are no findings", () => {
    expect(findingsForVm(buildVm(), latestJapanEast, buildHeartbeat(), now)).toEqual([]);
  });

  it("when a non-agent extension sits next to AMA, then it adds nothing", () => {
    const custom = buildExtension({ name: "cse", publisher: "Microsoft.Azure.Extensions", type: "CustomScript", runningVersion: "2.0.1" });
    const vm = buildVm({ extensions: [buildExtension(), custom] });
    expect(findingsForVm(vm, latestJapanEast, buildHeartbeat(), now)).toEqual([]);
  });
});

describe("findingsForVm: versions behind", () => {
  it.each([
    ["1.33.1", "drift.reason.behind.patch", "low"],
    ["1.32.4", "drift.reason.behind.minor", "medium"],
    ["0.9.0", "drift.reason.behind.major", "high"],
  ])("when AMA runs %s with automatic upgrade off, then %s at %s", (running, reason, severity) => {
    const ext = buildExtension({ runningVersion: running, enableAutomaticUpgrade: false, autoUpgradeMinorVersion: false });
    const found = findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat({ version: running }), now);
    expect(find(found, reason)).toMatchObject({ severity, extensionName: ext.name, agent: "amaLinux", params: { current: running, latest: "1.33.2" } });
  });

  it.each([
    ["1.33.1", "drift.reason.behindWhileAutomatic.patch"],
    ["1.32.4", "drift.reason.behindWhileAutomatic.minor"],
  ])("when AMA runs %s with automatic upgrade on, then being behind is informational (%s)", (running, reason) => {
    const found = findingsForVm(buildVm({ extensions: [buildExtension({ runningVersion: running })] }), latestJapanEast, buildHeartbeat({ version: running }), now);
    expect(found).toEqual([expect.objectContaining({ reason, severity: "info" })]);
    expect(t("en", reason, found[0]!.params)).toMatch(/normal.*rolls new versions out over weeks/);
  });

  it("when AMA is a major version behind even with automatic upgrade on, then it is still high: automatic upgrade stays within a major", () => {
    const found = findingsForVm(buildVm({ extensions: [buildExtension({ runningVersion: "0.9.0" })] }), latestJapanEast, buildHeartbeat({ version: "0.9.0" }), now);
    expect(found).toEqual([expect.objectContaining({ reason: "drift.reason.behind.major", severity: "high" })]);
  });

  it("when the region lists no version, then an info finding says drift cannot be judged, naming the region", () => {
    const found = findingsForVm(buildVm(), new Map(), buildHeartbeat(), now);
    expect(found).toEqual([expect.objectContaining({ reason: "drift.reason.latestUnknown", severity: "info", params: expect.objectContaining({ location: "japaneast" }) })]);
  });

  it("when the extension reports no readable version, then an info finding says so", () => {
    const ext = buildExtension({ runningVersion: "", typeHandlerVersion: "" });
    expect(reasons(findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat(), now))).toEqual(["drift.reason.versionUnknown"]);
  });
});

describe("findingsForVm: upgrade settings", () => {
  it("when only autoUpgradeMinorVersion is set, then the extension is frozen (medium) with the seed's wording", () => {
    const ext = buildExtension({ enableAutomaticUpgrade: false, autoUpgradeMinorVersion: true });
    const found = findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat(), now);
    expect(found).toEqual([expect.objectContaining({ reason: "drift.reason.frozen", severity: "medium" })]);
    expect(t("en", "drift.reason.frozen")).toMatch(/frozen: only autoUpgradeMinorVersion is set, which no longer upgrades anything/i);
  });

  it("when both upgrade flags are off, then automatic upgrade is off (medium)", () => {
    const ext = buildExtension({ enableAutomaticUpgrade: false, autoUpgradeMinorVersion: false });
    expect(findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat(), now)).toEqual([
      expect.objectContaining({ reason: "drift.reason.autoUpgradeOff", severity: "medium" }),
    ]);
  });

  it("when AMA is frozen and a minor behind (vm-api-01), then both are reported, with the heartbeat version mismatch", () => {
    const ext = buildExtension({ runningVersion: "1.32.1", enableAutomaticUpgrade: false, autoUpgradeMinorVersion: true });
    const found = findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat({ version: "1.31.0" }), now);
    expect(reasons(found).sort()).toEqual(["drift.reason.behind.minor", "drift.reason.frozen", "drift.reason.heartbeatVersionDiffers"]);
  });
});

describe("findingsForVm: retired agents", () => {
  it("when a Linux VM runs OmsAgentForLinux only (vm-legacy-01), then it must migrate to AMA, and no upgrade-flag finding distracts", () => {
    const found = findingsForVm(buildVm({ extensions: [oms()] }), latestJapanEast, buildHeartbeat({ version: "1.17.1-0", category: "Direct Agent" }), now);
    const retired = find(found, "drift.reason.retired")!;
    expect(retired).toMatchObject({ severity: "high", agent: "omsLinux", params: { retiredOn: "2024-08-31", replacement: "Azure Monitor Agent (Linux)" } });
    expect(reasons(found)).not.toContain("drift.reason.frozen");
    expect(reasons(found)).not.toContain("drift.reason.autoUpgradeOff");
    expect(t("en", retired.reason, retired.params)).toMatch(/retired on 2024-08-31: migrate to Azure Monitor Agent/);
  });

  it("when the OMS heartbeat reports its bundle version, then no version mismatch is claimed (extension 1.13.15 ships bundle 1.13.9-0)", () => {
    const found = findingsForVm(buildVm({ extensions: [oms({ runningVersion: "1.13.15" })] }), latestJapanEast, buildHeartbeat({ version: "1.13.9-0", category: "Direct Agent" }), now);
    expect(reasons(found)).not.toContain("drift.reason.heartbeatVersionDiffers");
  });

  it("when a Windows VM runs MMA 1.0.18062.0 (vm-win-01), then it is retired and its build gap rolls out by itself", () => {
    const vm = buildVm({ osType: "Windows", extensions: [mma()] });
    const found = findingsForVm(vm, latestJapanEast, buildHeartbeat({ version: "10.20.18062.0", category: "Direct Agent" }), now);
    expect(reasons(found)).toEqual(["drift.reason.retired", "drift.reason.behindBuildRollsOut"]);
    expect(find(found, "drift.reason.behindBuildRollsOut")?.severity).toBe("info");
  });
});

describe("findingsForVm: failed provisioning", () => {
  it("when OmsAgentForLinux failed with ProvisioningState/failed/53 (vm-db-01), then it is critical with the meaning and action of code 53", () => {
    const ext = oms({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53", level: "Error", message: "Enable failed" }] });
    const found = findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, undefined, now);
    const failed = find(found, "drift.reason.failedWithCode")!;
    expect(failed).toMatchObject({ severity: "critical", params: { code: 53 } });
    expect(failed.details?.map((d) => d.key)).toEqual(["drift.extensionError.code53.meaning", "drift.extensionError.code53.action"]);
    expect(t("en", failed.details![0]!.key)).toMatch(/missing or wrong configuration parameters/);
    expect(found[0]).toBe(failed);
  });

  it("when AMA failed with a number, then the Log Analytics table is not applied to it", () => {
    const ext = buildExtension({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53" }] });
    const found = findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat(), now);
    expect(found[0]).toMatchObject({ reason: "drift.reason.failed", severity: "critical", params: { code: "53" } });
    expect(found[0]!.details).toEqual([{ key: "drift.reason.failedAction" }]);
  });

  it("when provisioning failed without any status, then the state itself is shown as the code", () => {
    const ext = buildExtension({ provisioningState: "Failed", statuses: [] });
    expect(findingsForVm(buildVm({ extensions: [ext] }), latestJapanEast, buildHeartbeat(), now)[0]).toMatchObject({
      reason: "drift.reason.failed",
      params: { code: "Failed" },
    });
  });
});

describe("findingsForVm: machine state and heartbeat", () => {
  it("when the VM has no monitoring agent (vm-bare-01), then it is high and names AMA for its OS", () => {
    const found = findingsForVm(buildVm({ extensions: [] }), latestJapanEast, undefined, now);
    expect(found).toEqual([
      { reason: "drift.reason.noMonitoringAgent", severity: "high", params: { os: "Linux", recommended: "Azure Monitor Agent (Linux)" } },
    ]);
  });

  it("when only the Dependency agent is installed, then the VM still has no monitoring agent", () => {
    const dep = buildExtension({ name: "DA", publisher: "Microsoft.Azure.Monitoring.DependencyAgent", type: "DependencyAgentLinux", runningVersion: "9.10.19", typeHandlerVersion: "9.10" });
    expect(reasons(findingsForVm(buildVm({ extensions: [dep] }), latestJapanEast, undefined, now))).toEqual(["drift.reason.noMonitoringAgent"]);
  });

  it.each(["stopped", "deallocated", "stopping", "deallocating"] as const)(
    "when the VM is %s, then it will not be upgraded and sends nothing, and its old heartbeat is not called silence",
    (powerState) => {
      const vm = buildVm({ powerState, powerStateSince: minutesAgo(600) });
      const found = findingsForVm(vm, latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(3 * 24 * 60) }), now);
      expect(found).toEqual([
        { reason: `drift.reason.vmNotRunning.${powerState}`, severity: "low", params: { since: minutesAgo(600).toISOString() } },
      ]);
    },
  );

  it("when a deallocated VM runs AMA behind (vm-batch-01), then both the gap and the power state are findings", () => {
    const vm = buildVm({ powerState: "deallocated", extensions: [buildExtension({ runningVersion: "1.31.0" })] });
    expect(reasons(findingsForVm(vm, latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(5000) }), now)).sort()).toEqual([
      "drift.reason.behindWhileAutomatic.minor",
      "drift.reason.vmNotRunning.deallocated",
    ]);
  });

  it("when a running VM's last heartbeat is 2 hours old (vm-silent-01), then it is critical with the age in minutes", () => {
    const found = findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(120) }), now);
    expect(found).toEqual([
      expect.objectContaining({ reason: "drift.reason.heartbeatStale", severity: "critical", params: expect.objectContaining({ minutes: 120, threshold: 15 }) }),
    ]);
  });

  it.each([
    [15, false],
    [16, true],
  ])("when the heartbeat is %i minutes old with the default 15-minute threshold, then stale is %s", (age, stale) => {
    const found = findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(age) }), now);
    expect(reasons(found).includes("drift.reason.heartbeatStale")).toBe(stale);
  });

  it("when the threshold is set to 60 minutes, then a 30-minute-old heartbeat is fine", () => {
    const found = findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(30) }), now, { staleAfterMinutes: 60 });
    expect(found).toEqual([]);
  });

  it("when a running VM with an agent has no heartbeat in the window, then it is critical", () => {
    expect(findingsForVm(buildVm(), latestJapanEast, undefined, now)).toEqual([
      expect.objectContaining({ reason: "drift.reason.noHeartbeat", severity: "critical" }),
    ]);
  });

  it("when heartbeats were not looked up, then no heartbeat finding is made", () => {
    expect(findingsForVm(buildVm(), latestJapanEast, undefined, now, { heartbeatChecked: false })).toEqual([]);
  });

  it("when the heartbeat comes from the future (clock skew), then it counts as fresh", () => {
    expect(findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(-5) }), now)).toEqual([]);
  });

  it("when the heartbeat reports another AMA version than the instance view, then it is medium with both versions", () => {
    const found = findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ version: "1.32.0" }), now);
    expect(found).toEqual([
      { reason: "drift.reason.heartbeatVersionDiffers", severity: "medium", extensionName: "AzureMonitorLinuxAgent", agent: "amaLinux", params: { extension: "AzureMonitorLinuxAgent", running: "1.33.2", reported: "1.32.0" } },
    ]);
  });

  it("when the heartbeat reports the same version with another number of parts, then it matches", () => {
    const vm = buildVm({ osType: "Windows", extensions: [amaWindows({ runningVersion: "1.30.0.0" })] });
    expect(findingsForVm(vm, latestJapanEast, buildHeartbeat({ version: "1.30" }), now)).toEqual([]);
  });

  it("when the heartbeat category is another agent's, then its version is not compared with AMA", () => {
    const found = findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ version: "1.17.1", category: "Direct Agent" }), now);
    expect(found).toEqual([]);
  });
});

describe("findingsForVm: ordering", () => {
  it("when several findings exist, then they come worst first", () => {
    const vm = buildVm({
      extensions: [
        buildExtension({ runningVersion: "1.30.0", enableAutomaticUpgrade: false, autoUpgradeMinorVersion: false }),
        oms({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/55" }] }),
      ],
    });
    const found = findingsForVm(vm, latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(90), version: "1.30.0" }), now);
    const ranks = found.map((f) => severityRank(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(found[0]!.severity).toBe("critical");
  });
});

describe("findingsForScaleSet", () => {
  it("when a Manual-policy scale set has 2 of 5 instances on an old model (vmss-web), then it is medium with the counts", () => {
    const found = findingsForScaleSet(buildScaleSet({ instances: buildInstances(5, 2) }), latestJapanEast);
    expect(found).toEqual([
      { reason: "drift.reason.instancesNotLatest.manual", severity: "medium", params: { count: 2, total: 5, policy: "Manual" } },
    ]);
    expect(t("en", found[0]!.reason, found[0]!.params)).toMatch(/^2 of 5 instances/);
  });

  it.each(["Automatic", "Rolling"] as const)("when the %s policy will apply the model, then outdated instances are low", (policy) => {
    const found = findingsForScaleSet(buildScaleSet({ upgradePolicy: policy, instances: buildInstances(4, 1) }), latestJapanEast);
    expect(found).toEqual([expect.objectContaining({ reason: "drift.reason.instancesNotLatest.platform", severity: "low", params: { count: 1, total: 4, policy } })]);
  });

  it("when the model's AMA typeHandlerVersion is the latest major.minor with automatic upgrade (vmss-api), then there are no findings", () => {
    expect(findingsForScaleSet(buildScaleSet({ upgradePolicy: "Automatic" }), latestJapanEast)).toEqual([]);
  });

  it("when the model is a minor behind and frozen, then both are findings", () => {
    const ext = buildExtension({ runningVersion: undefined, typeHandlerVersion: "1.31", enableAutomaticUpgrade: false, autoUpgradeMinorVersion: true });
    expect(reasons(findingsForScaleSet(buildScaleSet({ extensions: [ext] }), latestJapanEast)).sort()).toEqual(["drift.reason.behind.minor", "drift.reason.frozen"]);
  });

  it("when the scale set has no monitoring agent, then it says so", () => {
    expect(reasons(findingsForScaleSet(buildScaleSet({ extensions: [] }), latestJapanEast))).toEqual(["drift.reason.noMonitoringAgent"]);
  });

  it("when instances are deallocated, then a low finding counts them", () => {
    const found = findingsForScaleSet(buildScaleSet({ instances: buildInstances(6, 0, 2) }), latestJapanEast);
    expect(found).toEqual([{ reason: "drift.reason.instancesNotRunning", severity: "low", params: { count: 2, total: 6 } }]);
  });

  it("when a scale set has a retired agent, then it must migrate too", () => {
    expect(reasons(findingsForScaleSet(buildScaleSet({ extensions: [oms({ runningVersion: undefined, typeHandlerVersion: "1.19" })] }), latestJapanEast))).toEqual([
      "drift.reason.retired",
    ]);
  });
});
