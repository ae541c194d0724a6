// VM extension writes as long-running operations (azure-api.md §3, §3.1): PUT (create/replace),
// PATCH (merge; keeps protectedSettings, which is why upgrades use it — domain.md §6), DELETE.
// The model (typeHandlerVersion, flags) changes at once; the running version only when the
// operation finishes.
import { ArmError } from "../arm-error.js";
import { buildPutExtension, mergeExtensionProperties, readExtensionBody, requireCreateFields, type ExtensionBodyProperties } from "../extension-body.js";
import { markExtensionFailed, markExtensionSucceeded, missingWorkspaceKey, plannedRunningVersion, refreshHeartbeat } from "../extension-effects.js";
import type { ExtensionData } from "../fixture-schema.js";
import type { VmEntry } from "../fleet-state.js";
import { assertNotBusy, startOperation, takeWriteFault } from "../lro-response.js";
import { renderVmExtension } from "../render-extension.js";
import type { HandlerContext, Route, SimResponse } from "../route.js";
import { findVmExtension, vmExtensionsPath } from "./vm-extensions.js";

function runningVm(context: HandlerContext): VmEntry {
  const { sub, rg, vm } = context.params as { sub: string; rg: string; vm: string };
  const entry = context.state.vm(sub, rg, vm);
  if (entry.vm.powerState !== "running") {
    throw new ArmError(409, "OperationNotAllowed", "Cannot modify extensions in the VM when the VM is not running.");
  }
  return entry;
}

function assertSameKind(ext: ExtensionData, properties: ExtensionBodyProperties): void {
  for (const field of ["publisher", "type"] as const) {
    const wanted = properties[field];
    if (wanted !== undefined && wanted.toLowerCase() !== ext[field].toLowerCase()) {
      throw new ArmError(400, "PropertyChangeNotAllowed", `Changing property '${field}' is not allowed.`, field);
    }
  }
}

/** Starts the operation that finishes an extension write on a VM. */
function finishLater(context: HandlerContext, entry: VmEntry, ext: ExtensionData, versionChanged: boolean, status: number): SimResponse {
  const extId = `${entry.id}/extensions/${ext.name}`;
  const planned = versionChanged ? plannedRunningVersion(context.state, entry.location, ext) : {};
  ext.provisioningState = status === 201 ? "Creating" : "Updating";
  return startOperation(
    context,
    {
      subscriptionId: entry.subscriptionId,
      location: entry.location,
      resources: [extId.toLowerCase()],
      fault: takeWriteFault(context, [ext, entry.vm]),
      check: () => planned.failure ?? missingWorkspaceKey(ext),
      succeed: () => {
        markExtensionSucceeded(ext, planned.version);
        if (planned.version) refreshHeartbeat(entry.vm.heartbeat, entry.vm.extensions, ext, entry.vm.powerState === "running");
      },
      fail: (failure) => markExtensionFailed(ext, failure),
    },
    { status, body: renderVmExtension(entry.id, entry.location, ext, false), withLocation: false },
  );
}

export const vmExtensionWriteRoutes: Route[] = [
  {
    method: "PUT",
    pattern: `${vmExtensionsPath}/{name}`,
    name: "virtualMachineExtensions.createOrUpdate",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = runningVm(context);
      const body = readExtensionBody(context.request.body);
      if (!body.location) throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
      const fields = requireCreateFields(body.properties);
      const name = context.params.name!;
      const existing = entry.vm.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
      assertNotBusy(context, [`${entry.id}/extensions/${name}`]);
      if (existing) assertSameKind(existing, body.properties);
      // PUT replaces the resource: protectedSettings the body omits are gone (see buildPutExtension).
      const ext = buildPutExtension(name, existing, fields, body.properties);
      if (existing) entry.vm.extensions[entry.vm.extensions.indexOf(existing)] = ext;
      else entry.vm.extensions.push(ext);
      return finishLater(context, entry, ext, true, existing ? 200 : 201);
    },
  },
  {
    method: "PATCH",
    pattern: `${vmExtensionsPath}/{name}`,
    name: "virtualMachineExtensions.update",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = runningVm(context);
      const body = readExtensionBody(context.request.body);
      const ext = findVmExtension(entry, context.params.name!);
      assertNotBusy(context, [`${entry.id}/extensions/${ext.name}`]);
      assertSameKind(ext, body.properties);
      const before = ext.typeHandlerVersion;
      mergeExtensionProperties(ext, body.properties);
      const forced = body.properties.forceUpdateTag !== undefined;
      return finishLater(context, entry, ext, forced || before !== ext.typeHandlerVersion || ext.provisioningState === "Failed", 200);
    },
  },
  {
    method: "DELETE",
    pattern: `${vmExtensionsPath}/{name}`,
    name: "virtualMachineExtensions.delete",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = runningVm(context);
      const name = context.params.name!;
      const ext = entry.vm.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
      // Deleting what is not there succeeds at once, as ARM's DELETE is idempotent.
      if (!ext) return { status: 204 };
      assertNotBusy(context, [`${entry.id}/extensions/${ext.name}`]);
      ext.provisioningState = "Deleting";
      return startOperation(
        context,
        {
          subscriptionId: entry.subscriptionId,
          location: entry.location,
          resources: [`${entry.id}/extensions/${ext.name}`.toLowerCase()],
          fault: takeWriteFault(context, [ext, entry.vm]),
          succeed: () => {
            entry.vm.extensions = entry.vm.extensions.filter((e) => e !== ext);
          },
          fail: (failure) => markExtensionFailed(ext, failure),
        },
        { status: 202, withLocation: true },
      );
    },
  },
];
