// Every finding the engine can make must render as a complete sentence in both languages.
import { describe, expect, it } from "vitest";
import { findingsForScaleSet, findingsForVm, type Finding } from "../../src/drift/findings.js";
import { describeLinuxLogAnalyticsError } from "../../src/drift/extension-errors.js";
import { hasKey, keysOf, t } from "../../src/i18n/translate.js";
import { buildExtension, buildHeartbeat, buildInstances, buildScaleSet, buildVm, latestJapanEast, minutesAgo, mma, now, oms } from "./build-fleet.js";

function everyKindOfFinding(): Finding[] {
  const vms = [
    buildVm({ extensions: [] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "1.33.1", enableAutomaticUpgrade: false, autoUpgradeMinorVersion: false })] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "1.31.1", enableAutomaticUpgrade: false })] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "0.1.1" })] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "1.33.1" })] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "1.31.1" })] }),
    buildVm({ extensions: [buildExtension({ runningVersion: "", typeHandlerVersion: "" })] }),
    buildVm({ osType: "Windows", extensions: [mma()] }),
    buildVm({ extensions: [oms({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53" }] })] }),
    buildVm({ extensions: [buildExtension({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/Boom" }] })] }),
    ...(["stopped", "deallocated", "stopping", "deallocating"] as const).map((powerState) => buildVm({ powerState })),
  ];
  const found = vms.flatMap((vm) => findingsForVm(vm, latestJapanEast, buildHeartbeat(), now));
  found.push(...findingsForVm(buildVm(), new Map(), undefined, now));
  found.push(...findingsForVm(buildVm(), latestJapanEast, buildHeartbeat({ lastSeen: minutesAgo(99), version: "1.1.1" }), now));
  for (const upgradePolicy of ["Manual", "Automatic"] as const) {
    found.push(...findingsForScaleSet(buildScaleSet({ upgradePolicy, instances: buildInstances(5, 2, 1) }), latestJapanEast));
  }
  return found;
}

describe("finding texts", () => {
  const found = everyKindOfFinding();

  it("when every kind of finding is made, then all reasons of the catalogue are covered", () => {
    const made = new Set(found.map((f) => f.reason));
    const declared = keysOf("en").filter((k) => k.startsWith("drift.reason.") && k !== "drift.reason.failedAction");
    expect(declared.filter((k) => !made.has(k))).toEqual([]);
  });

  it.each(["en", "ja"] as const)("when findings are rendered in %s, then every placeholder is filled", (locale) => {
    for (const f of found) {
      expect(hasKey(locale, f.reason), f.reason).toBe(true);
      const text = t(locale, f.reason, f.params);
      expect(text, f.reason).not.toMatch(/\{\w+\}/);
      for (const d of f.details ?? []) expect(t(locale, d.key, d.params ?? f.params), d.key).not.toMatch(/\{\w+\}/);
    }
  });

  it("when an error code is described, then its texts have no placeholders to fill", () => {
    for (let code = 0; code < 100; code++) {
      const info = describeLinuxLogAnalyticsError(code);
      if (!info) continue;
      expect(t("ja", info.meaningKey)).not.toMatch(/\{\w+\}/);
      expect(t("ja", info.actionKey)).not.toMatch(/\{\w+\}/);
    }
  });
});
