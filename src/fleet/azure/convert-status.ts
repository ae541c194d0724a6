import type { InstanceViewStatus as SdkStatus } from "@azure/arm-compute";
import type { InstanceViewStatus, PowerState } from "../port.js";

const powerStates: ReadonlySet<string> = new Set<PowerState>([
  "running",
  "starting",
  "stopping",
  "stopped",
  "deallocating",
  "deallocated",
  "unknown",
]);

/** Instance-view statuses in domain form; entries without a code carry nothing usable and are dropped. */
export function convertStatuses(statuses: readonly SdkStatus[] | undefined): InstanceViewStatus[] {
  const result: InstanceViewStatus[] = [];
  for (const s of statuses ?? []) {
    if (!s.code) continue;
    const status: InstanceViewStatus = { code: s.code };
    if (s.level === "Info" || s.level === "Warning" || s.level === "Error") status.level = s.level;
    if (s.displayStatus !== undefined) status.displayStatus = s.displayStatus;
    if (s.message !== undefined) status.message = s.message;
    if (s.time instanceof Date && !Number.isNaN(s.time.getTime())) status.time = s.time;
    result.push(status);
  }
  return result;
}

/**
 * The power state from the `PowerState/<state>` status code. The code is read, never displayStatus,
 * whose texts are only documented for "VM running" (azure-api.md §2).
 * ARM puts no time on the PowerState status (SPEC VirtualMachine_Get_InstanceView example); for a VM
 * that is not running, the last operation — whose time the ProvisioningState status carries — is the
 * stop or deallocation, so that time is the "since".
 */
export function findPowerState(statuses: readonly InstanceViewStatus[]): { state: PowerState; since?: Date } {
  const status = statuses.find((s) => s.code.toLowerCase().startsWith("powerstate/"));
  if (!status) return { state: "unknown" };
  const name = status.code.slice("powerstate/".length).toLowerCase();
  const state = (powerStates.has(name) ? name : "unknown") as PowerState;
  const operation = statuses.find((s) => s.code.toLowerCase().startsWith("provisioningstate/"));
  const since = status.time ?? (state !== "running" && state !== "unknown" ? operation?.time : undefined);
  return since ? { state, since } : { state };
}

/** "Succeeded" from a `ProvisioningState/succeeded[/code]` status, when the model has no provisioningState. */
export function findProvisioningState(statuses: readonly InstanceViewStatus[]): string | undefined {
  const status = statuses.find((s) => s.code.toLowerCase().startsWith("provisioningstate/"));
  const state = status?.code.split("/")[1];
  return state ? state.charAt(0).toUpperCase() + state.slice(1) : undefined;
}
