// A FleetWriter that applies its writes to a fake fleet's data, so re-validation and recovery
// see the effect, and records every call. Failures and gates are set per call for failure paths.
import { FleetWriteError, type FleetWriter, type InstanceStateReader, type WriteResult } from "../../src/approvals/fleet-writer.js";
import { instanceStatesFromFleet } from "../../src/approvals/instance-states-from-fleet.js";
import type { Extension, ResourceRef } from "../../src/fleet/port.js";
import type { FakeFleet } from "../fleet/fake-fleet.js";

export type WriterMethod = keyof FleetWriter;

export interface WriterCall {
  method: WriterMethod;
  resource: string;
  args: unknown[];
}

export interface FakeWriter extends FleetWriter {
  calls: WriterCall[];
  /** Make a matching call throw (ARM error code), optionally only `times` times. */
  failOn(method: WriterMethod, code: string, match?: (call: WriterCall) => boolean, times?: number): void;
  /** Calls of this method wait until the returned function is called. */
  hold(method: WriterMethod): () => void;
  /** Instances whose upgrade leaves them Failed. */
  failInstances: Set<string>;
  instances: InstanceStateReader;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameRef = (r: ResourceRef, x: ResourceRef) => same(r.subscriptionId, x.subscriptionId) && same(r.resourceGroup, x.resourceGroup) && same(r.name, x.name);

export function createFakeWriter(fleet: FakeFleet): FakeWriter {
  const calls: WriterCall[] = [];
  const failures: { method: WriterMethod; code: string; match?: (c: WriterCall) => boolean; times: number }[] = [];
  const gates = new Map<WriterMethod, Promise<void>>();
  const failInstances = new Set<string>();
  let correlation = 0;

  const vm = (ref: ResourceRef) => {
    const found = fleet.data.vms.find((v) => sameRef(v, ref));
    if (!found) throw new FleetWriteError("ResourceNotFound", `VM ${ref.name} not found`);
    return found;
  };
  const scaleSet = (ref: ResourceRef) => {
    const found = fleet.data.scaleSets.find((s) => sameRef(s, ref));
    if (!found) throw new FleetWriteError("ResourceNotFound", `scale set ${ref.name} not found`);
    return found;
  };
  const latestPatch = (location: string, ext: Extension, minor: string) => {
    const listed = fleet.data.versions.find((v) => same(v.location, location) && same(v.publisher, ext.publisher) && same(v.type, ext.type));
    const matching = (listed?.versions ?? []).filter((v) => v.startsWith(`${minor}.`)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    return matching[matching.length - 1] ?? `${minor}.0`;
  };

  async function run(method: WriterMethod, ref: ResourceRef, args: unknown[], apply: () => void): Promise<WriteResult> {
    const call = { method, resource: ref.name, args };
    calls.push(call);
    await Promise.resolve();
    await gates.get(method);
    const failure = failures.find((f) => f.method === method && f.times > 0 && (!f.match || f.match(call)));
    const correlationId = `corr-${++correlation}`;
    if (failure) {
      failure.times--;
      throw new FleetWriteError(failure.code, `${method} failed on ${ref.name}`, correlationId);
    }
    apply();
    return { correlationId };
  }

  const findExt = (extensions: Extension[], name: string) => {
    const ext = extensions.find((e) => same(e.name, name));
    if (!ext) throw new FleetWriteError("NotFound", `extension ${name} not found`);
    return ext;
  };

  return {
    calls,
    failInstances,
    instances: instanceStatesFromFleet(fleet),
    failOn(method, code, match, times = Number.POSITIVE_INFINITY) {
      failures.push({ method, code, times, ...(match ? { match } : {}) });
    },
    hold(method) {
      let release!: () => void;
      gates.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        gates.delete(method);
        release();
      };
    },
    patchExtension: (ref, name, patch) =>
      run("patchExtension", ref, [name, patch], () => {
        const target = vm(ref);
        const ext = findExt(target.extensions, name);
        if (patch.enableAutomaticUpgrade !== undefined) ext.enableAutomaticUpgrade = patch.enableAutomaticUpgrade;
        if (patch.typeHandlerVersion) {
          ext.typeHandlerVersion = patch.typeHandlerVersion;
          ext.runningVersion = latestPatch(target.location, ext, patch.typeHandlerVersion);
        }
      }),
    patchScaleSetExtension: (ref, name, patch) =>
      run("patchScaleSetExtension", ref, [name, patch], () => {
        const target = scaleSet(ref);
        const ext = findExt(target.extensions, name);
        if (patch.enableAutomaticUpgrade !== undefined) ext.enableAutomaticUpgrade = patch.enableAutomaticUpgrade;
        if (patch.typeHandlerVersion) ext.typeHandlerVersion = patch.typeHandlerVersion;
        // Manual: instances keep the old model until upgraded (seed 000).
        if (target.upgradePolicy === "Manual") for (const i of target.instances) i.latestModelApplied = false;
      }),
    upgradeInstances: (ref, ids) =>
      run("upgradeInstances", ref, [[...ids]], () => {
        for (const instance of scaleSet(ref).instances.filter((i) => ids.includes(i.instanceId))) {
          instance.latestModelApplied = true;
          instance.provisioningState = failInstances.has(instance.instanceId) ? "Failed" : "Succeeded";
        }
      }),
    deleteExtension: (ref, name) =>
      run("deleteExtension", ref, [name], () => {
        const target = vm(ref);
        target.extensions = target.extensions.filter((e) => !same(e.name, name));
      }),
    createExtension: (ref, name, definition) =>
      run("createExtension", ref, [name, definition], () => {
        const target = vm(ref);
        target.extensions.push({
          id: `${target.id}/extensions/${name}`,
          name,
          publisher: definition.publisher,
          type: definition.type,
          typeHandlerVersion: definition.typeHandlerVersion,
          autoUpgradeMinorVersion: definition.autoUpgradeMinorVersion,
          enableAutomaticUpgrade: definition.enableAutomaticUpgrade,
          provisioningState: "Succeeded",
          statuses: [],
        });
      }),
    runCommand: (ref, input) => run("runCommand", ref, [input], () => void vm(ref)),
    startVm: (ref) =>
      run("startVm", ref, [], () => {
        vm(ref).powerState = "running";
      }),
    enableSystemIdentity: (ref) =>
      run("enableSystemIdentity", ref, [], () => {
        vm(ref).identity.systemAssigned = true;
      }),
  };
}
