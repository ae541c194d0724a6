import { describe, expect, it } from "vitest";
import { describeLinuxLogAnalyticsError, failureOf, parseFailedStatusCode } from "../../src/drift/extension-errors.js";
import { t } from "../../src/i18n/translate.js";

describe("parseFailedStatusCode", () => {
  it.each([
    ["ProvisioningState/failed/53", "53"],
    ["provisioningstate/FAILED/55", "55"],
    ["ProvisioningState/failed/InternalOperationError", "InternalOperationError"],
    [" ProvisioningState/failed/9 ", "9"],
  ])("when the status code is %s, then the code is %s", (status, code) => {
    expect(parseFailedStatusCode(status)).toBe(code);
  });

  it.each(["ProvisioningState/succeeded", "ProvisioningState/failed", "ProvisioningState/failed/", "PowerState/running", ""])(
    "when the status code is %j, then there is no failure code",
    (status) => {
      expect(parseFailedStatusCode(status)).toBeUndefined();
    },
  );
});

describe("describeLinuxLogAnalyticsError", () => {
  it("when the code is 53, then it means missing or wrong configuration and says to check the workspace ID and internet access", () => {
    const info = describeLinuxLogAnalyticsError(53)!;
    expect(t("en", info.meaningKey)).toMatch(/missing or wrong configuration parameters/);
    expect(t("en", info.actionKey)).toMatch(/workspace ID/);
    expect(t("en", info.actionKey)).toMatch(/internet/);
    expect(t("ja", info.meaningKey)).toMatch(/構成パラメーター/);
  });

  it.each([9, 10, 11, 17, 18, 19, 20, 33, 51, 52, 53, 55])("when the code is %i from the table, then meaning and action exist in en and ja", (code) => {
    const info = describeLinuxLogAnalyticsError(String(code))!;
    expect(info.code).toBe(code);
    for (const locale of ["en", "ja"] as const) {
      expect(t(locale, info.meaningKey).length).toBeGreaterThan(5);
      expect(t(locale, info.actionKey).length).toBeGreaterThan(5);
    }
  });

  it.each([0, 1, 12, 54, 56, 999, "abc", "", "53.5"])("when the code is %j, then it is not described", (code) => {
    expect(describeLinuxLogAnalyticsError(code)).toBeUndefined();
  });

  it("when code 10 is described, then the action mentions stopOnMultipleConnections (seed 004)", () => {
    expect(t("en", describeLinuxLogAnalyticsError(10)!.actionKey)).toMatch(/stopOnMultipleConnections/);
  });
});

describe("failureOf", () => {
  const ok = { provisioningState: "Succeeded", statuses: [{ code: "ProvisioningState/succeeded" }] };

  it("when provisioning succeeded, then there is no failure", () => {
    expect(failureOf(ok)).toBeUndefined();
  });

  it("when the instance view says failed/53, then the failure carries code 53", () => {
    expect(failureOf({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53", level: "Error" }] })).toEqual({
      code: "53",
      statusCode: "ProvisioningState/failed/53",
    });
  });

  it("when only the message carries the exit code, then it is taken from there", () => {
    const failure = failureOf({
      provisioningState: "Failed",
      statuses: [{ code: "ProvisioningState/failed", message: "Enable failed: the command exited with code 55 after 3 retries" }],
    });
    expect(failure?.code).toBe("55");
  });

  it("when the state is Failed but no status explains it, then the failure has no code", () => {
    expect(failureOf({ provisioningState: "failed", statuses: [] })).toEqual({});
  });

  it("when a failed status exists although the model still says Succeeded, then the failure is reported", () => {
    expect(failureOf({ provisioningState: "Succeeded", statuses: [{ code: "ProvisioningState/failed/9" }] })?.code).toBe("9");
  });
});
