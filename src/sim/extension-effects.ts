// What finishing an extension write does to the fleet: the running version moves only now, the
// provisioning state becomes terminal, and a reporting agent's heartbeat shows the new version.
import type { ExtensionData, HeartbeatData } from "./fixture-schema.js";
import type { FleetState } from "./fleet-state.js";
import { monitoringAgentOf } from "./heartbeat-of.js";
import type { OperationFailure } from "./operation-book.js";
import { resolveRunningVersion } from "./resolve-running-version.js";

// A heartbeat this fresh means the agent is reporting; a silent machine stays silent after an upgrade.
const reportingWithinMinutes = 5;

/** The version the write will run, or the failure the operation will end with. */
export function plannedRunningVersion(state: FleetState, location: string, ext: ExtensionData): { version?: string; failure?: OperationFailure } {
  const resolved = resolveRunningVersion(state.data.extensionImages, { location, publisher: ext.publisher, type: ext.type }, ext.typeHandlerVersion, ext.autoUpgradeMinorVersion);
  if ("version" in resolved) return { version: resolved.version };
  return {
    failure: {
      code: "VMExtensionHandlerNonTransientError",
      message: `The handler for VM extension type '${ext.publisher}.${ext.type}' could not find version '${ext.typeHandlerVersion}' in region '${location}'.`,
    },
  };
}

// The legacy Log Analytics agents need their workspace key (protectedSettings); a PUT that drops
// it leaves an agent that cannot connect: extension error 53, "missing/wrong configuration" (domain.md §6).
export function missingWorkspaceKey(ext: ExtensionData): OperationFailure | undefined {
  if (ext.publisher.toLowerCase() !== "microsoft.enterprisecloud.monitoring") return undefined;
  if (typeof ext.protectedSettings?.workspaceKey === "string" && ext.protectedSettings.workspaceKey !== "") return undefined;
  return { code: "VMExtensionProvisioningError", message: `VM has reported a failure when processing extension '${ext.name}'. Error message: "Enable failed with exit code 53 Installation failed due to missing workspace key."` };
}

export function markExtensionSucceeded(ext: ExtensionData, runningVersion: string | undefined): void {
  ext.provisioningState = "Succeeded";
  delete ext.failure;
  if (runningVersion) ext.runningVersion = runningVersion;
}

export function markExtensionFailed(ext: ExtensionData, failure: OperationFailure): void {
  ext.provisioningState = "Failed";
  const exit = /exit code (\d+)/.exec(failure.message)?.[1] ?? "0";
  ext.failure = { code: exit, message: failure.message };
}

/** After a successful upgrade a reporting agent sends a heartbeat with its new version. */
export function refreshHeartbeat(heartbeat: HeartbeatData | undefined, extensions: ExtensionData[], changed: ExtensionData, running: boolean): void {
  if (!heartbeat || !running || heartbeat.minutesAgo > reportingWithinMinutes) return;
  if (monitoringAgentOf(extensions)?.ext !== changed) return;
  heartbeat.minutesAgo = 0;
  delete heartbeat.version;
}
