import { describe, expect, it } from "vitest";
import { autoUpgradeModeOf, classifyExtension } from "../../src/drift/findings.js";
import { buildExtension, latestJapanEast, mma } from "./build-fleet.js";

describe("classifyExtension", () => {
  it.each([
    ["1.33.2", "upToDate"],
    ["1.33.2.0", "upToDate"],
    ["1.34.0", "upToDate"],
    ["1.33.1", "patch"],
    ["1.32.9", "minor"],
    ["0.9.1", "major"],
  ])("when AMA runs %s and latest is 1.33.2, then the level is %s", (running, level) => {
    const drift = classifyExtension(buildExtension({ runningVersion: running }), latestJapanEast);
    expect(drift).toMatchObject({ level, source: "running", current: running, latest: "1.33.2" });
    expect(drift.agent?.id).toBe("amaLinux");
  });

  it("when no running version is reported, then typeHandlerVersion is compared at major.minor precision", () => {
    const same = classifyExtension(buildExtension({ runningVersion: undefined, typeHandlerVersion: "1.33" }), latestJapanEast);
    expect(same).toMatchObject({ level: "upToDate", source: "model", current: "1.33" });
    const older = classifyExtension(buildExtension({ runningVersion: undefined, typeHandlerVersion: "1.31" }), latestJapanEast);
    expect(older).toMatchObject({ level: "minor", source: "model" });
  });

  it("when the running version is unreadable, then the model version is used instead", () => {
    const drift = classifyExtension(buildExtension({ runningVersion: "garbage", typeHandlerVersion: "1.32" }), latestJapanEast);
    expect(drift).toMatchObject({ level: "minor", source: "model", current: "1.32" });
  });

  it("when the region lists no version, then the level is unknown because of the missing latest", () => {
    const drift = classifyExtension(buildExtension(), new Map());
    expect(drift).toMatchObject({ level: "unknown", unknownBecause: "noLatest" });
    expect(drift.latest).toBeUndefined();
  });

  it("when neither version can be read, then the level is unknown because of the extension", () => {
    const drift = classifyExtension(buildExtension({ runningVersion: "", typeHandlerVersion: "latest" }), latestJapanEast);
    expect(drift).toMatchObject({ level: "unknown", unknownBecause: "noVersion", current: "latest" });
  });

  it("when the MMA build number is older, then it is a patch gap (4-part versions)", () => {
    expect(classifyExtension(mma(), latestJapanEast).level).toBe("patch");
  });

  it("when the latest map uses other casing of publisher/type, then the extension's lower-cased key still finds it", () => {
    const drift = classifyExtension(buildExtension({ publisher: "MICROSOFT.AZURE.MONITOR", type: "azuremonitorlinuxagent" }), latestJapanEast);
    expect(drift.latest).toBe("1.33.2");
  });

  it("when the extension is not an agent, then it is still classified but has no agent", () => {
    const drift = classifyExtension(buildExtension({ publisher: "Microsoft.Azure.Extensions", type: "CustomScript" }), latestJapanEast);
    expect(drift.agent).toBeUndefined();
    expect(drift.level).toBe("unknown");
  });
});

describe("autoUpgradeModeOf", () => {
  it.each([
    [true, true, "enabled"],
    [true, false, "enabled"],
    [false, true, "minorVersionOnly"],
    [false, false, "off"],
  ] as const)("when enableAutomaticUpgrade=%s and autoUpgradeMinorVersion=%s, then the mode is %s", (enable, minor, mode) => {
    expect(autoUpgradeModeOf({ enableAutomaticUpgrade: enable, autoUpgradeMinorVersion: minor })).toBe(mode);
  });
});
