import type { VirtualMachineIdentity } from "@azure/arm-compute";
import {
  FleetWriteError,
  type ExtensionDefinition,
  type ExtensionPatch,
  type FleetWriter,
  type InstanceExtensionState,
  type InstanceStateReader,
  type WriteResult,
} from "../../approvals/fleet-writer.js";
import { toMajorMinor } from "../../drift/version.js";
import type { MachineCommand, MachineCommandOutput, MachineCommandRunner, ResourceRef } from "../port.js";
import { createArmClients, type ArmClients } from "./arm-clients.js";
import { awaitOperation, type OperationSettings } from "./await-operation.js";
import { toAzureError } from "./azure-error.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";
import { convertStatuses, findProvisioningState } from "./convert-status.js";
import { readRunCommandOutput } from "./read-run-command-output.js";

export interface AzureFleetWriterOptions extends AzureFleetOptions {
  /** Poll interval of long-running operations when ARM sends no Retry-After (SDK default 2000 ms). */
  pollIntervalMs?: number;
  /** How long one long-running operation may take before it counts as failed (default 30 min). */
  operationTimeoutMs?: number;
  /** Run Command may take up to 90 min (azure-api.md §6.1); default 30 min. */
  runCommandTimeoutMs?: number;
}

/** The writer also reads per-instance extension states between scale-set waves. */
export interface AzureFleetWriter extends FleetWriter, InstanceStateReader {
  stats(): { calls: number };
}

const defaultTimeoutMs = 30 * 60_000;
const namePattern = /^[\p{L}\p{N}._()-]{1,90}$/u;
// Instance IDs of Uniform scale sets are numbers; Flexible ones take instance (VM) names (azure-api.md §5).
const instanceIdPattern = /^[A-Za-z0-9._-]{1,80}$/;
const commandIds: ReadonlySet<string> = new Set<MachineCommand["commandId"]>(["RunShellScript", "RunPowerShellScript"]);

/** FleetWriter over @azure/arm-compute: every write is a long-running operation awaited to its end. */
export function createAzureFleetWriter(options: AzureFleetWriterOptions): AzureFleetWriter {
  const clients = createArmClients(options);
  const settings = (timeoutMs = options.operationTimeoutMs ?? defaultTimeoutMs): OperationSettings => ({
    timeoutMs,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
  });
  const runner = createCommandRunner(clients, settings(options.runCommandTimeoutMs ?? defaultTimeoutMs));

  return {
    stats: () => ({ calls: clients.calls() }),

    async patchExtension(vm, extensionName, patch) {
      checkRef(vm, extensionName);
      // PATCH, not PUT: a PUT without protectedSettings could drop the workspace key of a legacy
      // agent (seed 004; azure-api.md §14), and the bot never holds that secret.
      const body = patchBody(patch);
      const { correlationId } = await awaitOperation(`update of extension ${extensionName} on ${vm.name}`, settings(), (call) =>
        clients.compute(vm.subscriptionId).virtualMachineExtensions.update(vm.resourceGroup, vm.name, extensionName, body, call),
      );
      return withCorrelation(correlationId);
    },

    async patchScaleSetExtension(scaleSet, extensionName, patch) {
      checkRef(scaleSet, extensionName);
      const body = patchBody(patch);
      const { correlationId } = await awaitOperation(`update of extension ${extensionName} on ${scaleSet.name}`, settings(), (call) =>
        clients.compute(scaleSet.subscriptionId).virtualMachineScaleSetExtensions.update(scaleSet.resourceGroup, scaleSet.name, extensionName, body, call),
      );
      return withCorrelation(correlationId);
    },

    async upgradeInstances(scaleSet, instanceIds) {
      checkRef(scaleSet);
      if (instanceIds.length === 0 || !instanceIds.every((id) => instanceIdPattern.test(id))) {
        throw new FleetWriteError("InvalidInstanceIds", "a wave needs at least one valid instance ID");
      }
      const { correlationId } = await awaitOperation(`upgrade of ${instanceIds.length} instance(s) of ${scaleSet.name}`, settings(), (call) =>
        clients
          .compute(scaleSet.subscriptionId)
          .virtualMachineScaleSets.updateInstances(scaleSet.resourceGroup, scaleSet.name, { instanceIds: [...instanceIds] }, call),
      );
      return withCorrelation(correlationId);
    },

    async deleteExtension(vm, extensionName) {
      checkRef(vm, extensionName);
      const { correlationId } = await awaitOperation(`removal of extension ${extensionName} from ${vm.name}`, settings(), (call) =>
        clients.compute(vm.subscriptionId).virtualMachineExtensions.delete(vm.resourceGroup, vm.name, extensionName, call),
      );
      return withCorrelation(correlationId);
    },

    async createExtension(vm, extensionName, definition) {
      checkRef(vm, extensionName);
      const body = createBody(definition);
      const { correlationId } = await awaitOperation(`installation of extension ${extensionName} on ${vm.name}`, settings(), (call) =>
        clients.compute(vm.subscriptionId).virtualMachineExtensions.createOrUpdate(vm.resourceGroup, vm.name, extensionName, body, call),
      );
      return withCorrelation(correlationId);
    },

    runCommand: (vm, input) => runner.runCommand(vm, input),

    async startVm(vm) {
      checkRef(vm);
      const { correlationId } = await awaitOperation(`start of ${vm.name}`, settings(), (call) =>
        clients.compute(vm.subscriptionId).virtualMachines.start(vm.resourceGroup, vm.name, call),
      );
      return withCorrelation(correlationId);
    },

    async enableSystemIdentity(vm) {
      checkRef(vm);
      const compute = clients.compute(vm.subscriptionId);
      const current = await readOrFail(() => compute.virtualMachines.get(vm.resourceGroup, vm.name), `read of ${vm.name}`);
      const identity = withSystemIdentity(current.identity);
      // Already there: nothing to write (a PATCH would only churn the VM model).
      if (!identity) return {};
      const { correlationId } = await awaitOperation(`identity update of ${vm.name}`, settings(), (call) =>
        compute.virtualMachines.update(vm.resourceGroup, vm.name, { identity }, call),
      );
      return withCorrelation(correlationId);
    },

    async instanceStates(scaleSet, instanceIds) {
      checkRef(scaleSet);
      const wanted = new Set(instanceIds.map((id) => id.toLowerCase()));
      const states: InstanceExtensionState[] = [];
      const pages = clients.compute(scaleSet.subscriptionId).virtualMachineScaleSetVMs.list(scaleSet.resourceGroup, scaleSet.name, { expand: "instanceView" });
      try {
        for await (const instance of pages) {
          const id = instance.instanceId ?? "";
          if (!wanted.has(id.toLowerCase())) continue;
          const statuses = convertStatuses(instance.instanceView?.statuses);
          states.push({
            instanceId: id,
            latestModelApplied: instance.latestModelApplied ?? false,
            provisioningState: instance.provisioningState ?? findProvisioningState(statuses) ?? "Unknown",
            extensions: (instance.instanceView?.extensions ?? []).map((ext) => {
              const extStatuses = convertStatuses(ext.statuses);
              const code = extStatuses.find((s) => s.code.toLowerCase().startsWith("provisioningstate/"))?.code;
              return { name: ext.name ?? "", provisioningState: findProvisioningState(extStatuses) ?? "Unknown", ...(code !== undefined && { code }) };
            }),
          });
        }
      } catch (error) {
        // A scale set that is gone has no instances left to wait for.
        if (toAzureError(error).statusCode === 404) return [];
        throw toAzureError(error);
      }
      return states;
    },
  };
}

/** Run Command only (troubleshoot probes): the same clients and operation handling as the writer. */
export function createAzureCommandRunner(options: AzureFleetWriterOptions): MachineCommandRunner & { stats(): { calls: number } } {
  const clients = createArmClients(options);
  const runner = createCommandRunner(clients, {
    timeoutMs: options.runCommandTimeoutMs ?? defaultTimeoutMs,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
  });
  return { runCommand: (vm, command) => runner.runCommand(vm, command), stats: () => ({ calls: clients.calls() }) };
}

function createCommandRunner(clients: ArmClients, settings: OperationSettings): MachineCommandRunner {
  return {
    async runCommand(vm, command): Promise<MachineCommandOutput> {
      checkRef(vm);
      if (!commandIds.has(command.commandId)) throw new FleetWriteError("InvalidCommandId", "only RunShellScript and RunPowerShellScript are run");
      const { result, correlationId } = await awaitOperation(`Run Command on ${vm.name}`, settings, (call) =>
        clients.compute(vm.subscriptionId).virtualMachines.runCommand(vm.resourceGroup, vm.name, { commandId: command.commandId, script: [...command.script] }, call),
      );
      const statuses = convertStatuses(result?.value);
      return { ...readRunCommandOutput(statuses), statuses, ...(correlationId !== undefined && { correlationId }) };
    },
  };
}

/** Only the version fields: never settings or protectedSettings (the SDK omits what is undefined). */
function patchBody(patch: ExtensionPatch) {
  const body: { typeHandlerVersion?: string; enableAutomaticUpgrade?: boolean; forceUpdateTag?: string } = {};
  if (patch.typeHandlerVersion !== undefined) body.typeHandlerVersion = requireMajorMinor(patch.typeHandlerVersion);
  if (patch.enableAutomaticUpgrade !== undefined) body.enableAutomaticUpgrade = patch.enableAutomaticUpgrade;
  if (patch.forceUpdateTag !== undefined) body.forceUpdateTag = patch.forceUpdateTag;
  if (Object.keys(body).length === 0) throw new FleetWriteError("EmptyPatch", "an extension update needs at least one field to change");
  return body;
}

function createBody(definition: ExtensionDefinition) {
  return {
    location: definition.location,
    publisher: definition.publisher,
    // The modular SDK names the extension kind typePropertiesType on create (azure-api.md §0).
    typePropertiesType: definition.type,
    typeHandlerVersion: requireMajorMinor(definition.typeHandlerVersion),
    autoUpgradeMinorVersion: definition.autoUpgradeMinorVersion,
    // Sent explicitly: its default when omitted at api-version >= 2025-04-01 is unconfirmed (azure-api.md §12).
    enableAutomaticUpgrade: definition.enableAutomaticUpgrade,
    settings: { ...definition.settings },
  };
}

// typeHandlerVersion accepts major.minor only; "1.31.1" is rejected by ARM (seed 002).
function requireMajorMinor(version: string): string {
  let majorMinor: string | undefined;
  try {
    majorMinor = toMajorMinor(version);
  } catch {
    majorMinor = undefined;
  }
  if (majorMinor === undefined || majorMinor !== version.trim()) {
    throw new FleetWriteError("InvalidTypeHandlerVersion", `typeHandlerVersion must be major.minor, not ${JSON.stringify(version.slice(0, 40))}`);
  }
  return majorMinor;
}

/** The identity to PATCH so a system-assigned one exists; undefined when it already does. */
function withSystemIdentity(identity: VirtualMachineIdentity | undefined): VirtualMachineIdentity | undefined {
  const type = (identity?.type ?? "None").toLowerCase();
  if (type.includes("systemassigned")) return undefined;
  const userAssigned = Object.keys(identity?.userAssignedIdentities ?? {});
  if (userAssigned.length === 0) return { type: "SystemAssigned" };
  // Listing the existing user-assigned identities keeps them; ARM would otherwise be asked for
  // "SystemAssigned, UserAssigned" without saying which.
  return { type: "SystemAssigned, UserAssigned", userAssignedIdentities: Object.fromEntries(userAssigned.map((id) => [id, {}])) };
}

function checkRef(ref: ResourceRef, childName?: string): void {
  const parts = [ref.subscriptionId, ref.resourceGroup, ref.name, ...(childName === undefined ? [] : [childName])];
  if (!parts.every((part) => namePattern.test(part) && part !== "." && part !== "..")) {
    throw new FleetWriteError("InvalidResourceName", "not a valid Azure resource name");
  }
}

async function readOrFail<T>(read: () => Promise<T>, what: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const azure = toAzureError(error);
    throw new FleetWriteError(azure.code, `${what} failed: ${azure.message}`.slice(0, 500), azure.correlationId);
  }
}

function withCorrelation(correlationId: string | undefined): WriteResult {
  return correlationId === undefined ? {} : { correlationId };
}
