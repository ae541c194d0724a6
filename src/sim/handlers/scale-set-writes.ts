// Scale-set writes (azure-api.md §5): PUT/PATCH of a model extension and POST manualupgrade
// (updateInstances). A model change with Manual policy leaves existing instances on the old model
// (latestModelApplied=false) until manualupgrade; Automatic/Rolling apply it by themselves.
import { ArmError, invalidParameter } from "../arm-error.js";
import { buildPutExtension, mergeExtensionProperties, readExtensionBody, requireCreateFields } from "../extension-body.js";
import { markExtensionFailed, markExtensionSucceeded, plannedRunningVersion, refreshHeartbeat } from "../extension-effects.js";
import type { ExtensionData, InstanceData } from "../fixture-schema.js";
import type { ScaleSetEntry } from "../fleet-state.js";
import { monitoringAgentOf } from "../heartbeat-of.js";
import { assertNotBusy, startOperation, takeWriteFault } from "../lro-response.js";
import { renderScaleSetExtension } from "../render-extension.js";
import { instanceRunningVersion } from "../render-scale-set.js";
import type { HandlerContext, Route, SimResponse } from "../route.js";
import { scaleSetOf, scaleSetPath } from "./scale-sets.js";

/** Instances keep the versions they run now; Manual policy also marks them behind the model. */
function freezeInstances(entry: ScaleSetEntry, ext: ExtensionData): void {
  if (entry.set.upgradePolicy !== "Manual") return;
  for (const instance of entry.set.instances) {
    const current = instanceRunningVersion(instance, ext);
    if (current && !(ext.name in instance.runningVersions)) instance.runningVersions[ext.name] = current;
    instance.latestModelApplied = false;
  }
}

/** Automatic/Rolling: every instance takes the new model. */
function applyModelToAll(entry: ScaleSetEntry, ext: ExtensionData): void {
  if (entry.set.upgradePolicy === "Manual") return;
  for (const instance of entry.set.instances) bringToModel(entry, instance, ext);
}

function bringToModel(entry: ScaleSetEntry, instance: InstanceData, ext?: ExtensionData): void {
  instance.latestModelApplied = true;
  instance.provisioningState = "Succeeded";
  for (const name of Object.keys(instance.runningVersions)) {
    if (!ext || name.toLowerCase() === ext.name.toLowerCase()) delete instance.runningVersions[name];
  }
  const agent = ext ?? monitoringAgentOf(entry.set.extensions)?.ext;
  if (agent) refreshHeartbeat(instance.heartbeat, entry.set.extensions, agent, instance.powerState === "running");
}

function writeModelExtension(context: HandlerContext, entry: ScaleSetEntry, ext: ExtensionData, status: number): SimResponse {
  const planned = plannedRunningVersion(context.state, entry.location, ext);
  ext.provisioningState = status === 201 ? "Creating" : "Updating";
  return startOperation(
    context,
    {
      subscriptionId: entry.subscriptionId,
      location: entry.location,
      resources: [entry.id.toLowerCase()],
      fault: takeWriteFault(context, [ext, entry.set]),
      check: () => planned.failure,
      succeed: () => {
        freezeInstances(entry, ext);
        markExtensionSucceeded(ext, planned.version);
        applyModelToAll(entry, ext);
      },
      fail: (failure) => markExtensionFailed(ext, failure),
    },
    { status, body: renderScaleSetExtension(entry.id, ext), withLocation: false },
  );
}

function findModelExtension(entry: ScaleSetEntry, name: string): ExtensionData | undefined {
  return entry.set.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
}

export const scaleSetWriteRoutes: Route[] = [
  {
    method: "PUT",
    pattern: `${scaleSetPath}/extensions/{name}`,
    name: "virtualMachineScaleSetExtensions.createOrUpdate",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = scaleSetOf(context);
      const body = readExtensionBody(context.request.body);
      const fields = requireCreateFields(body.properties);
      assertNotBusy(context, [entry.id]);
      const existing = findModelExtension(entry, context.params.name!);
      const ext = buildPutExtension(context.params.name!, existing, fields, body.properties);
      if (existing) {
        // Instances keep running the old extension until the model reaches them.
        freezeInstances(entry, existing);
        entry.set.extensions[entry.set.extensions.indexOf(existing)] = ext;
      } else {
        entry.set.extensions.push(ext);
      }
      return writeModelExtension(context, entry, ext, existing ? 200 : 201);
    },
  },
  {
    method: "PATCH",
    pattern: `${scaleSetPath}/extensions/{name}`,
    name: "virtualMachineScaleSetExtensions.update",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = scaleSetOf(context);
      const body = readExtensionBody(context.request.body);
      const ext = findModelExtension(entry, context.params.name!);
      if (!ext) throw new ArmError(404, "ResourceNotFound", `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${entry.set.name}/extensions/${context.params.name!}' under resource group '${entry.group.name}' was not found.`);
      assertNotBusy(context, [entry.id]);
      freezeInstances(entry, ext);
      mergeExtensionProperties(ext, body.properties);
      return writeModelExtension(context, entry, ext, 200);
    },
  },
  {
    method: "POST",
    pattern: `${scaleSetPath}/manualupgrade`,
    name: "virtualMachineScaleSets.updateInstances",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = scaleSetOf(context);
      const ids = (context.request.body as { instanceIds?: unknown } | undefined)?.instanceIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string")) {
        throw invalidParameter("The request must list the instanceIds to upgrade.", "instanceIds");
      }
      const instances = (ids as string[]).map((id) => {
        const instance = entry.set.instances.find((i) => i.instanceId === id);
        if (!instance) throw invalidParameter(`The instance ID '${id}' is not a valid instance of '${entry.set.name}'.`, "instanceIds");
        return instance;
      });
      const resources = instances.map((i) => `${entry.id}/virtualMachines/${i.instanceId}`);
      assertNotBusy(context, [entry.id, ...resources]);
      for (const instance of instances) instance.provisioningState = "Updating";
      return startOperation(
        context,
        {
          subscriptionId: entry.subscriptionId,
          location: entry.location,
          resources: resources.map((r) => r.toLowerCase()),
          fault: takeWriteFault(context, [...instances, entry.set]),
          succeed: () => instances.forEach((instance) => bringToModel(entry, instance)),
          fail: () => instances.forEach((instance) => (instance.provisioningState = "Failed")),
        },
        { status: 202, withLocation: true },
      );
    },
  },
];
