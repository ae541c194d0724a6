// Instance-view status objects {code, level, displayStatus, message?, time?} (azure-api.md §2).
import type { ExtensionData, PowerStateData } from "./fixture-schema.js";

export interface StatusJson {
  code: string;
  level: "Info" | "Warning" | "Error";
  displayStatus?: string;
  message?: string;
  time?: string;
}

// Only "VM running" is documented (azure-api.md §2); the other display strings follow the same pattern.
const powerDisplay: Record<PowerStateData, string> = {
  running: "VM running",
  starting: "VM starting",
  stopping: "VM stopping",
  stopped: "VM stopped",
  deallocating: "VM deallocating",
  deallocated: "VM deallocated",
  unknown: "VM status unknown",
};

export function powerStatus(state: PowerStateData): StatusJson {
  return { code: `PowerState/${state}`, level: "Info", displayStatus: powerDisplay[state] };
}

export function provisioningStatus(state: string, time?: Date): StatusJson {
  const lower = state.toLowerCase();
  const failed = lower === "failed";
  return {
    code: `ProvisioningState/${lower}`,
    level: failed ? "Error" : "Info",
    displayStatus: failed ? "Provisioning failed" : lower === "succeeded" ? "Provisioning succeeded" : state,
    ...(time ? { time: time.toISOString() } : {}),
  };
}

/** The extension's own status; a failure carries its extension-reported code (domain.md §6). */
export function extensionStatus(ext: ExtensionData): StatusJson {
  if (ext.provisioningState === "Failed") {
    return {
      code: `ProvisioningState/failed/${ext.failure?.code ?? "0"}`,
      level: "Error",
      displayStatus: "Provisioning failed",
      message: ext.failure?.message ?? "Enable failed.",
    };
  }
  if (ext.provisioningState === "Succeeded") {
    return { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: "Enable succeeded" };
  }
  return { code: `ProvisioningState/${ext.provisioningState.toLowerCase()}`, level: "Info", displayStatus: ext.provisioningState };
}
