// ARM resource IDs of simulated resources, spelt the way ARM spells them.
import { createHash } from "node:crypto";

export function resourceGroupId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

export function vmId(sub: string, rg: string, vm: string): string {
  return `${resourceGroupId(sub, rg)}/providers/Microsoft.Compute/virtualMachines/${vm}`;
}

export function scaleSetId(sub: string, rg: string, name: string): string {
  return `${resourceGroupId(sub, rg)}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
}

export function instanceId(sub: string, rg: string, set: string, id: string): string {
  return `${scaleSetId(sub, rg, set)}/virtualMachines/${id}`;
}

export function userIdentityId(sub: string, rg: string, nameOrId: string): string {
  if (nameOrId.startsWith("/")) return nameOrId;
  return `${resourceGroupId(sub, rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${nameOrId}`;
}

/** A stable GUID derived from a resource ID, so vmId/principalId stay the same across runs. */
export function stableGuid(seed: string): string {
  const hex = createHash("sha256").update(seed.toLowerCase()).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
