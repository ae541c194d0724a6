import type { OsType } from "../../fleet/port.js";

/** The body of an action Run Command: `{ commandId, script }` (azure-api.md §6.1). */
export interface RunCommandScript {
  commandId: "RunShellScript" | "RunPowerShellScript";
  script: string[];
}

export function commandIdFor(osType: OsType): RunCommandScript["commandId"] {
  return osType === "Windows" ? "RunPowerShellScript" : "RunShellScript";
}

/** A value that must never reach a script on a machine (not a hostname / not a GUID). */
export class UnsafeScriptInputError extends Error {
  constructor(readonly what: string, readonly value: string) {
    super(`refusing to put ${what} ${JSON.stringify(value.slice(0, 80))} into a Run Command script`);
    this.name = "UnsafeScriptInputError";
  }
}

/** Each host's output starts with this line, so the parser can tell hosts apart. */
export const probeMarker = "=== extops-probe ";
export const certificateMarker = "=== extops-cert ";
