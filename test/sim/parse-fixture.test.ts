import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoFixture, FixtureError, loadFixture, parseFixture, type Fixture } from "../../src/sim/index.js";

const sub = "00000000-0000-4000-8000-000000000009";
const ama = { name: "AMA", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", typeHandlerVersion: "1.33" };

function fleetWith(vm: Record<string, unknown>): Fixture {
  return {
    subscriptions: [
      {
        id: sub,
        resourceGroups: [
          { name: "rg-a", location: "japaneast" },
          {
            name: "rg-b",
            location: "japaneast",
            vms: [
              { name: "vm-1", osType: "Linux" },
              { name: "vm-2", osType: "Linux" },
              { name: "vm-3", osType: "Linux", ...vm },
            ],
          },
        ],
      },
    ],
  } as Fixture;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as FixtureError).problems;
  }
  throw new Error("expected a FixtureError");
}

describe("parseFixture", () => {
  it("when a typeHandlerVersion has three parts, then the error names the path of that field", () => {
    const problems = problemsOf(() => parseFixture(fleetWith({ extensions: [{ ...ama, typeHandlerVersion: "1.33.2" }] })));
    expect(problems).toEqual(["subscriptions[0].resourceGroups[1].vms[2].extensions[0].typeHandlerVersion: expected major.minor"]);
  });

  it("when a key is misspelt, then the error names the object and the key", () => {
    const problems = problemsOf(() => parseFixture(fleetWith({ extensions: [{ ...ama, enableAutoUpgrade: true }] })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^subscriptions\[0\]\.resourceGroups\[1\]\.vms\[2\]\.extensions\[0\]: .*enableAutoUpgrade/);
  });

  it("when several fields are bad, then every one is listed", () => {
    const problems = problemsOf(() => parseFixture(fleetWith({ osType: "BeOS", powerState: "asleep", heartbeat: { minutesAgo: -1 } })));
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "subscriptions[0].resourceGroups[1].vms[2].osType",
      "subscriptions[0].resourceGroups[1].vms[2].powerState",
      "subscriptions[0].resourceGroups[1].vms[2].heartbeat.minutesAgo",
    ]);
  });

  it("when two VMs in a group differ only in case, then the second is reported as a duplicate", () => {
    const problems = problemsOf(() => parseFixture(fleetWith({ name: "VM-1" })));
    expect(problems).toEqual(['subscriptions[0].resourceGroups[1].vms[2].name: duplicate VM "VM-1"']);
  });

  it("when an extension has a failure but is not Failed, then the failure field is reported", () => {
    const problems = problemsOf(() => parseFixture(fleetWith({ extensions: [{ ...ama, failure: { code: "53", message: "x" } }] })));
    expect(problems).toEqual(['subscriptions[0].resourceGroups[1].vms[2].extensions[0].failure: requires provisioningState "Failed"']);
  });

  it("when a scale-set instance overrides an extension the model lacks, then that override is reported", () => {
    const fixture: Fixture = {
      subscriptions: [
        {
          id: sub,
          resourceGroups: [
            {
              name: "rg",
              location: "japaneast",
              scaleSets: [{ name: "ss", osType: "Linux", upgradePolicy: "Manual", extensions: [ama], instances: [{ instanceId: "0", runningVersions: { Other: "1.0.0" } }] }],
            },
          ],
        },
      ],
    };
    expect(problemsOf(() => parseFixture(fixture))).toEqual(["subscriptions[0].resourceGroups[0].scaleSets[0].instances[0].runningVersions.Other: no model extension with that name"]);
  });

  it("when a fixture is valid, then defaults are filled in", () => {
    const data = parseFixture(fleetWith({ extensions: [ama] }));
    const ext = data.subscriptions[0]!.resourceGroups[1]!.vms[2]!.extensions[0]!;
    expect(ext).toMatchObject({ autoUpgradeMinorVersion: false, enableAutomaticUpgrade: false, provisioningState: "Succeeded", settings: {} });
    expect(data.subscriptions[0]!.resourceGroups[1]!.vms[2]!.powerState).toBe("running");
  });
});

describe("loadFixture", () => {
  const dir = mkdtempSync(join(tmpdir(), "sim-fixture-test-"));

  it("when the file is not JSON, then the error names the file", () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, "{ subscriptions: ");
    expect(() => loadFixture(path)).toThrow(/broken\.json[\s\S]*not valid JSON/);
  });

  it("when the file has a bad field, then the error names the file and the field path", () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, JSON.stringify(fleetWith({ extensions: [{ ...ama, runningVersion: "latest" }] })));
    expect(() => loadFixture(path)).toThrow("subscriptions[0].resourceGroups[1].vms[2].extensions[0].runningVersion: expected a version such as 1.33.2");
  });
});

describe("demoFixture", () => {
  it("when loaded, then it holds the VM and scale-set names other suites rely on", () => {
    const data = parseFixture(demoFixture);
    const prod = data.subscriptions[0]!.resourceGroups.find((g) => g.name === "rg-prod")!;
    const dev = data.subscriptions[0]!.resourceGroups.find((g) => g.name === "rg-dev")!;
    expect(data.subscriptions[0]!.id).toBe("00000000-0000-4000-8000-000000000001");
    expect(prod.location).toBe("japaneast");
    expect(prod.vms.map((v) => v.name)).toEqual([
      "vm-web-01",
      "vm-web-02",
      "vm-api-01",
      "vm-legacy-01",
      "vm-win-01",
      "vm-batch-01",
      "vm-db-01",
      "vm-silent-01",
      "vm-bare-01",
    ]);
    expect(prod.scaleSets.map((s) => s.name)).toEqual(["vmss-web", "vmss-api"]);
    expect(dev.vms.map((v) => v.name)).toEqual(["vm-web-01"]);
  });
});
