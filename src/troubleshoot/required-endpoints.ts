// The endpoints AMA must reach on TCP 443 (seed 002 "通信要件の確認"; MS Learn "Azure Monitor agent
// network configuration"). Hostnames are built from ARM data and validated here, because they end
// up inside a script that runs as root on a production machine.
import { isUnknown, type DataCollectionEndpoint, type TroubleshootFacts } from "./facts.js";

export type EndpointPurpose =
  | "globalControl"
  | "regionalControl"
  | "workspaceIngestion"
  | "dceIngestion"
  | "dceConfiguration";

export interface RequiredEndpoint {
  host: string;
  purpose: EndpointPurpose;
  /** The workspace or DCE the endpoint belongs to (name), for the card. */
  resource?: string;
}

export interface RequiredEndpoints {
  endpoints: RequiredEndpoint[];
  /** False when a workspace GUID or a DCE could not be read, so some endpoint is missing. */
  complete: boolean;
}

const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const hostnamePattern = new RegExp(`^(?=.{1,253}$)${label}(?:\\.${label})+$`);
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-case DNS name of letters, digits and hyphens, at least two labels. Nothing else reaches a script. */
export function isValidHostname(host: string): boolean {
  return hostnamePattern.test(host);
}

export function isGuid(text: string): boolean {
  return guidPattern.test(text);
}

/** ARM's region name as used in hostnames: "Japan East" and "japaneast" are the same region. */
export function regionOf(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function dceIngestionHost(dce: DataCollectionEndpoint): string {
  // Seed 002: "<data-collection-endpoint>.<region>.ingest.monitor.azure.com", i.e. the DCE's
  // "Logs ingestion" URL without https://; the URL wins when ARM gave it (it carries a suffix).
  return hostOfUrl(dce.logsIngestionEndpoint) ?? `${dce.name}.${regionOf(dce.location)}.ingest.monitor.azure.com`.toLowerCase();
}

export function requiredEndpoints(facts: TroubleshootFacts): RequiredEndpoints {
  const found: RequiredEndpoint[] = [];
  let complete = true;
  const add = (endpoint: RequiredEndpoint) => {
    if (!isValidHostname(endpoint.host)) {
      complete = false;
      return;
    }
    if (!found.some((e) => e.host === endpoint.host)) found.push(endpoint);
  };

  add({ host: "global.handler.control.monitor.azure.com", purpose: "globalControl" });
  add({ host: `${regionOf(facts.vm.location)}.handler.control.monitor.azure.com`, purpose: "regionalControl" });

  const collection = facts.dataCollection;
  if (isUnknown(collection)) return { endpoints: found, complete: false };
  if (!collection.complete) complete = false;
  const workspaces = isUnknown(facts.workspaces) ? [] : facts.workspaces;

  for (const rule of collection.rules) {
    for (const destination of rule.destinations) {
      const info = workspaces.find((w) => w.id.toLowerCase() === destination.workspaceResourceId.toLowerCase());
      const guid = destination.workspaceId ?? info?.customerId;
      const name = info?.name ?? lastSegment(destination.workspaceResourceId);
      if (guid && isGuid(guid)) add({ host: `${guid.toLowerCase()}.ods.opinsights.azure.com`, purpose: "workspaceIngestion", resource: name });
      else complete = false;
    }
  }

  const dceIds = new Set<string>();
  for (const rule of collection.rules) if (rule.dataCollectionEndpointId) dceIds.add(rule.dataCollectionEndpointId.toLowerCase());
  const configurationIds = new Set(
    collection.associations.flatMap((a) => (a.dataCollectionEndpointId ? [a.dataCollectionEndpointId.toLowerCase()] : [])),
  );
  for (const id of [...dceIds, ...configurationIds]) {
    const dce = collection.endpoints.find((d) => d.id.toLowerCase() === id);
    if (!dce) {
      complete = false;
      continue;
    }
    if (dceIds.has(id)) add({ host: dceIngestionHost(dce), purpose: "dceIngestion", resource: dce.name });
    const configurationHost = hostOfUrl(dce.configurationAccessEndpoint);
    if (configurationIds.has(id) && configurationHost) add({ host: configurationHost, purpose: "dceConfiguration", resource: dce.name });
  }
  return { endpoints: found, complete };
}
