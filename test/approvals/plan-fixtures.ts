// Shared builders for approvals tests: the demo fleet's resources and a latest-version lookup.
import type { LatestLookup } from "../../src/approvals/plan.js";
import type { ExtensionImageKey } from "../../src/fleet/port.js";
import { latestOf } from "../../src/drift/version.js";
import { createDemoFakeFleet } from "../fleet/demo-fake-fleet.js";
import type { FakeFleet } from "../fleet/fake-fleet.js";

export const demoNow = new Date("2025-06-01T10:00:00.000Z");

export function demoFleet(): FakeFleet {
  return createDemoFakeFleet(demoNow);
}

/** The latest version per region/publisher/type from a fake fleet's version lists. */
export function latestFrom(fleet: FakeFleet): LatestLookup {
  return (key: ExtensionImageKey) => {
    const entry = fleet.data.versions.find(
      (v) =>
        v.location.toLowerCase() === key.location.toLowerCase() &&
        v.publisher.toLowerCase() === key.publisher.toLowerCase() &&
        v.type.toLowerCase() === key.type.toLowerCase(),
    );
    return entry ? latestOf(entry.versions) : undefined;
  };
}

export function vmNamed(fleet: FakeFleet, name: string, resourceGroup = "rg-prod") {
  const vm = fleet.data.vms.find((v) => v.name === name && v.resourceGroup === resourceGroup);
  if (!vm) throw new Error(`no demo VM ${resourceGroup}/${name}`);
  return vm;
}

export function scaleSetNamed(fleet: FakeFleet, name: string) {
  const ss = fleet.data.scaleSets.find((s) => s.name === name);
  if (!ss) throw new Error(`no demo scale set ${name}`);
  return ss;
}
