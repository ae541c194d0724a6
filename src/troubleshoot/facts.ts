// What the troubleshoot checklist reasons about. An I/O layer (command handler + fleet) gathers
// these; the steps are pure functions over them. Anything the layer could not read is an
// UnknownFact, so a step can answer "?" instead of guessing.
import type { Heartbeat, Vm } from "../fleet/port.js";

/** Why a fact is missing: the step shows this instead of a verdict. */
export type UnknownReason =
  | "forbidden" // 403 from ARM / Log Analytics: the bot's identity may not read it
  | "failed" // any other error while gathering
  | "throttled" // 429 that outlived the retries
  | "notRun"; // a probe on the machine that has not run (yet)

export interface UnknownFact {
  readonly unknown: true;
  readonly reason: UnknownReason;
}

/** A gathered value, or the marker that it could not be gathered. Plain data: it survives JSON. */
export type Fact<T> = T | UnknownFact;

export function unknownFact(reason: UnknownReason): UnknownFact {
  return { unknown: true, reason };
}

export function isUnknown<T>(fact: Fact<T>): fact is UnknownFact {
  return typeof fact === "object" && fact !== null && (fact as { unknown?: unknown }).unknown === true;
}

/** One entry of the VM's data collection rule associations (arm-monitor flattens `properties`). */
export interface DataCollectionRuleAssociation {
  name: string;
  /** A DCR association... */
  dataCollectionRuleId?: string;
  /** ...or the DCE association (named "configurationAccessEndpoint"); azure-api.md §8. */
  dataCollectionEndpointId?: string;
}

/** A Log Analytics destination of a DCR (`properties.destinations.logAnalytics[]`). */
export interface LogAnalyticsDestination {
  workspaceResourceId: string;
  /** The workspace GUID (read-only in ARM); what `<id>.ods.opinsights.azure.com` needs. */
  workspaceId?: string;
}

export interface DataCollectionRule {
  id: string;
  name: string;
  destinations: LogAnalyticsDestination[];
  dataCollectionEndpointId?: string;
}

export interface DataCollectionEndpoint {
  id: string;
  name: string;
  location: string;
  /** "https://<dce>.<region>-1.ingest.monitor.azure.com" as ARM reports it, when read. */
  logsIngestionEndpoint?: string;
  /** "https://<dce>.<region>-1.handler.control.monitor.azure.com", when read. */
  configurationAccessEndpoint?: string;
}

/** An Azure Monitor Private Link Scope and the resources added to it. */
export interface PrivateLinkScope {
  id: string;
  name: string;
  scopedResourceIds: string[];
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  /** The workspace GUID ("customer id"). */
  customerId?: string;
}

export interface DataCollectionFacts {
  associations: DataCollectionRuleAssociation[];
  /** The rules the associations point at (a rule that could not be read is left out and `complete` is false). */
  rules: DataCollectionRule[];
  /** The DCEs used by those rules or associated with the machine. */
  endpoints: DataCollectionEndpoint[];
  /** False when some associated rule or endpoint could not be read. */
  complete: boolean;
}

export type ReachabilityResult = "connected" | "dnsFailure" | "refused" | "timedOut" | "unknown";

/** One endpoint probed from the machine over Run Command (TCP 443). */
export interface EndpointProbe {
  host: string;
  result: ReachabilityResult;
  /** The address the name resolved to on the machine, when the probe printed it. */
  resolvedAddress?: string;
  /** The one output line the verdict came from (short, control characters stripped). */
  detail?: string;
}

/** Validity of a legacy OMS agent certificate (`openssl x509 -noout -dates`; seed 003). */
export interface CertificateDates {
  path?: string;
  notBefore: Date;
  notAfter: Date;
}

export interface TroubleshootFacts {
  vm: Vm;
  /** The newest heartbeat in the look-back window; undefined when there was none. */
  heartbeat: Fact<Heartbeat | undefined>;
  dataCollection: Fact<DataCollectionFacts>;
  /** Workspaces named by the DCR destinations (names and GUIDs for endpoints and the support text). */
  workspaces: Fact<WorkspaceInfo[]>;
  /**
   * The private link scopes the machine's network uses (empty: no AMPLS). The I/O layer decides how
   * to find them; scopes that merely contain the workspace would hide "workspace not added".
   */
  privateLinkScopes: Fact<PrivateLinkScope[]>;
  /** The workspace the user is looking in, when known: the DCR must send there (seed 002). */
  expectedWorkspaceId?: string;
  /** Run Command probe of the required endpoints; absent until the requester confirms it. */
  reachability?: Fact<EndpointProbe[]>;
  /** Run Command read of the legacy agent's certificates; absent until run. */
  omsCertificates?: Fact<CertificateDates[]>;
}
