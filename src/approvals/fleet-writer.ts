// The write side of the fleet (ARCHITECTURE.md seam 6): only the approval executor holds a
// FleetWriter, so nothing changes Azure without an approved plan. The Azure implementation lives
// in src/fleet/azure/ and drives the SDK's long-running-operation pollers to completion.
import type { ResourceRef } from "../fleet/port.js";

/** What every write reports back: the ARM correlation ID (x-ms-correlation-request-id) for the audit. */
export interface WriteResult {
  correlationId?: string;
}

/** A PATCH of the extension's version fields: protected settings are neither sent nor dropped (seed 004). */
export interface ExtensionPatch {
  /** major.minor only; "1.31.1" is rejected by ARM (seed 002). */
  typeHandlerVersion?: string;
  enableAutomaticUpgrade?: boolean;
  /** Changed to make ARM re-apply an extension whose model did not change (same major.minor, newer patch). */
  forceUpdateTag?: string;
}

/** A new extension (reinstall): the PUT body's properties. */
export interface ExtensionDefinition {
  location: string;
  publisher: string;
  type: string;
  typeHandlerVersion: string;
  autoUpgradeMinorVersion: boolean;
  enableAutomaticUpgrade: boolean;
  /** Public settings only; secrets never pass through a plan. */
  settings: Record<string, unknown>;
}

export interface RunCommandInput {
  commandId: "RunShellScript" | "RunPowerShellScript";
  script: string[];
}

export interface RunCommandResult extends WriteResult {
  /** The last 4,096 bytes the command printed (azure-api.md §6), when the service returned them. */
  stdout?: string;
  stderr?: string;
}

export interface FleetWriter {
  patchExtension(vm: ResourceRef, extensionName: string, patch: ExtensionPatch): Promise<WriteResult>;
  /** Changes the scale set's model; with a Manual upgrade policy, instances follow only on upgradeInstances. */
  patchScaleSetExtension(scaleSet: ResourceRef, extensionName: string, patch: ExtensionPatch): Promise<WriteResult>;
  /** POST .../manualupgrade for these instance IDs (instance names for Flexible scale sets). */
  upgradeInstances(scaleSet: ResourceRef, instanceIds: readonly string[]): Promise<WriteResult>;
  deleteExtension(vm: ResourceRef, extensionName: string): Promise<WriteResult>;
  createExtension(vm: ResourceRef, extensionName: string, definition: ExtensionDefinition): Promise<WriteResult>;
  runCommand(vm: ResourceRef, input: RunCommandInput): Promise<RunCommandResult>;
  startVm(vm: ResourceRef): Promise<WriteResult>;
  /** Adds a system-assigned identity, keeping any user-assigned ones. */
  enableSystemIdentity(vm: ResourceRef): Promise<WriteResult>;
}

/** The state of scale-set instances after a wave: model applied and extension provisioning per instance. */
export interface InstanceExtensionState {
  instanceId: string;
  latestModelApplied: boolean;
  provisioningState: string;
  /** Extensions of the instance's instance view; empty when the reader cannot tell. */
  extensions: { name: string; provisioningState: string; code?: string }[];
}

/** Reads instance states between waves. Instances that no longer exist are simply absent. */
export interface InstanceStateReader {
  instanceStates(scaleSet: ResourceRef, instanceIds: readonly string[]): Promise<InstanceExtensionState[]>;
}

/**
 * A failed write. `code` is ARM's error code (or "OperationTimedOut"); `message` must carry no secret:
 * it ends up in the audit record and on the card.
 */
export class FleetWriteError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly correlationId?: string,
  ) {
    super(message);
    this.name = "FleetWriteError";
  }
}
