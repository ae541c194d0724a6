// VM actions as long-running operations: POST start, POST runCommand (result via Location;
// azure-api.md §6.1), PATCH (identity and tags; the remedy "enable a system-assigned identity").
import { ArmError, invalidParameter } from "../arm-error.js";
import { userIdentityId } from "../arm-ids.js";
import type { VmEntry } from "../fleet-state.js";
import type { OperationSpec } from "../operation-book.js";
import { assertNotBusy, startOperation, takeWriteFault } from "../lro-response.js";
import { renderVm } from "../render-vm.js";
import type { HandlerContext, Route } from "../route.js";
import { runCommandResult } from "../run-command-output.js";

const vmPath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}";

function vmOf(context: HandlerContext): VmEntry {
  const { sub, rg, vm } = context.params as { sub: string; rg: string; vm: string };
  return context.state.vm(sub, rg, vm);
}

/** Where an operation on this VM runs and what holds it busy; a fixture write fault on the VM fails it. */
function onVm(context: HandlerContext, entry: VmEntry, resource: string): Pick<OperationSpec, "subscriptionId" | "location" | "resources" | "fault"> {
  return { subscriptionId: entry.subscriptionId, location: entry.location, resources: [resource.toLowerCase()], fault: takeWriteFault(context, [entry.vm]) };
}

const commandIds = { RunShellScript: "Linux", RunPowerShellScript: "Windows" } as const;

function readRunCommand(body: unknown, entry: VmEntry): string[] {
  const input = body as { commandId?: unknown; script?: unknown } | undefined;
  const commandId = typeof input?.commandId === "string" ? input.commandId : undefined;
  if (!commandId) throw invalidParameter("Required parameter 'commandId' is missing (null).", "commandId");
  const os = commandIds[commandId as keyof typeof commandIds];
  // An unknown id fails like this in Azure (DOCS-A linux/run-command.md).
  if (!os) throw new ArmError(404, "NotFound", "The entity was not found in this Azure location.");
  if (os !== entry.vm.osType) throw invalidParameter(`Run command '${commandId}' is not supported on ${entry.vm.osType} VMs.`, "commandId");
  const script = input?.script ?? [];
  if (!Array.isArray(script) || !script.every((l) => typeof l === "string")) throw invalidParameter("'script' must be an array of strings.", "script");
  return script as string[];
}

interface IdentityPatch {
  type?: string;
  userAssignedIdentities?: Record<string, unknown>;
}

// PATCH identity: `type` is authoritative; userAssignedIdentities entries set to null are removed.
function applyIdentity(entry: VmEntry, patch: IdentityPatch): void {
  const type = (patch.type ?? "").toLowerCase().replace(/\s+/g, "");
  if (!["systemassigned", "userassigned", "systemassigned,userassigned", "none"].includes(type)) {
    throw invalidParameter(`The value '${patch.type ?? ""}' of parameter 'identity.type' is invalid.`, "identity.type");
  }
  const current = entry.vm.identity ?? { systemAssigned: false, userAssigned: [] };
  const ids = new Map(current.userAssigned.map((n) => [userIdentityId(entry.subscriptionId, entry.group.name, n).toLowerCase(), n]));
  for (const [id, value] of Object.entries(patch.userAssignedIdentities ?? {})) {
    if (value === null) ids.delete(id.toLowerCase());
    else ids.set(id.toLowerCase(), id);
  }
  entry.vm.identity = {
    systemAssigned: type.startsWith("systemassigned"),
    userAssigned: type.includes("userassigned") ? [...ids.values()] : [],
  };
}

export const vmActionRoutes: Route[] = [
  {
    method: "POST",
    pattern: `${vmPath}/start`,
    name: "virtualMachines.start",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = vmOf(context);
      assertNotBusy(context, [entry.id]);
      if (entry.vm.powerState !== "running") entry.vm.powerState = "starting";
      return startOperation(
        context,
        {
          ...onVm(context, entry, entry.id),
          succeed: () => {
            entry.vm.powerState = "running";
            entry.vm.powerStateMinutesAgo = 0;
          },
          fail: () => {
            entry.vm.powerState = "stopped";
          },
        },
        { status: 202, withLocation: true },
      );
    },
  },
  {
    method: "POST",
    pattern: `${vmPath}/runCommand`,
    name: "virtualMachines.runCommand",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = vmOf(context);
      const script = readRunCommand(context.request.body, entry);
      if (entry.vm.powerState !== "running") {
        throw new ArmError(409, "OperationNotAllowed", "The operation requires the VM to be running (or set to run).");
      }
      // One script at a time per VM (DOCS-A run-command.md).
      const busyKey = `${entry.id}/runCommand`;
      if (context.operations.isBusy(busyKey)) {
        throw new ArmError(409, "Conflict", "Run command extension execution is in progress. Please wait for completion before invoking a run command.");
      }
      return startOperation(
        context,
        {
          ...onVm(context, entry, busyKey),
          succeed: () => runCommandResult(entry.vm, script, context.state.now()),
          fail: () => undefined,
        },
        { status: 202, withLocation: true },
      );
    },
  },
  {
    method: "PATCH",
    pattern: vmPath,
    name: "virtualMachines.update",
    kind: "write",
    api: "arm",
    handle(context) {
      const entry = vmOf(context);
      const body = context.request.body as { identity?: IdentityPatch; tags?: Record<string, string> } | undefined;
      if (!body || typeof body !== "object") throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
      assertNotBusy(context, [entry.id]);
      if (body.identity) applyIdentity(entry, body.identity);
      if (body.tags) entry.vm.tags = body.tags;
      const previous = entry.vm.provisioningState;
      entry.vm.provisioningState = "Updating";
      const response = startOperation(
        context,
        {
          ...onVm(context, entry, entry.id),
          succeed: () => {
            entry.vm.provisioningState = "Succeeded";
          },
          fail: () => {
            entry.vm.provisioningState = previous === "Succeeded" ? "Failed" : previous;
          },
        },
        { status: 200, body: undefined, withLocation: false },
      );
      return { ...response, body: renderVm(context.state, entry) };
    },
  },
];
