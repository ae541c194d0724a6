// Remedies are keys: the card renders "troubleshoot.remedy.<key>.title/.body" and, for actions,
// a button that goes through the approval flow. Informational ones only explain.

/** Changes Azure or the machine: always behind a second person's approval (ARCHITECTURE.md seam 6). */
export const actionRemedies = ["startVm", "reinstallAma", "enableSystemIdentity", "restartLegacyAgent"] as const;

export const infoRemedies = [
  "useSupportedOs",
  "associateDcr",
  "setDcrDestination",
  "openFirewall",
  "fixDns",
  "amplsAddResources",
  "amplsDnsZones",
  "migrateToAma",
  "openSupportRequest",
] as const;

export type ActionRemedyKey = (typeof actionRemedies)[number];
export type RemedyKey = ActionRemedyKey | (typeof infoRemedies)[number];

export function isActionRemedy(key: RemedyKey): key is ActionRemedyKey {
  return (actionRemedies as readonly string[]).includes(key);
}

/**
 * Private DNS zones an AMPLS private endpoint uses; each must be linked to the machine's VNet or the
 * names resolve to public IPs (seed 002, cause B; MS Learn "Configure your private link").
 */
export const amplsPrivateDnsZones = [
  "privatelink.monitor.azure.com",
  "privatelink.oms.opinsights.azure.com",
  "privatelink.ods.opinsights.azure.com",
  "privatelink.agentsvc.azure-automation.net",
  "privatelink.blob.core.windows.net",
] as const;
