// The fleet ports: what the rest of extops knows about Azure, in domain terms.
// Only src/fleet/azure/ implements them with the Azure SDKs; tests above the port may use
// small in-memory fakes (test/fleet/fake-fleet.ts), checked by the same contract suite.
import type { DataCollectionEndpoint, DataCollectionFacts, PrivateLinkScope, WorkspaceInfo } from "../troubleshoot/facts.js";

export type OsType = "Linux" | "Windows";

/** From the `PowerState/<state>` instance-view status code (azure-api.md §2). */
export type PowerState =
  | "running"
  | "starting"
  | "stopping"
  | "stopped"
  | "deallocating"
  | "deallocated"
  | "unknown";

export type UpgradePolicy = "Automatic" | "Manual" | "Rolling";

/** Where a VM or scale set lives. Names are compared case-insensitively, as Azure does. */
export interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface InstanceViewStatus {
  code: string;
  level?: "Info" | "Warning" | "Error";
  displayStatus?: string;
  message?: string;
  time?: Date;
}

/** A VM or scale-set extension: the ARM model merged with its instance view. */
export interface Extension {
  id: string;
  /** Whatever the deployer chose; agents are identified by publisher + type, never by name. */
  name: string;
  publisher: string;
  type: string;
  /** Requested major.minor as written in the model ("1.33"). */
  typeHandlerVersion: string;
  /** Full version from the instance view ("1.33.2"); absent for scale-set models or unreported. */
  runningVersion?: string;
  autoUpgradeMinorVersion: boolean;
  enableAutomaticUpgrade: boolean;
  /** Succeeded | Failed | Creating | Updating | Deleting ... */
  provisioningState: string;
  statuses: InstanceViewStatus[];
}

export interface ManagedIdentity {
  systemAssigned: boolean;
  userAssignedIds: string[];
}

export interface Vm {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  osType: OsType;
  /** Reported by the guest agent; may be missing when the agent is not ready. */
  osName?: string;
  osVersion?: string;
  imageReference?: { publisher?: string; offer?: string; sku?: string; version?: string };
  powerState: PowerState;
  /** When the power state was last reported, if the instance view says. */
  powerStateSince?: Date;
  provisioningState: string;
  identity: ManagedIdentity;
  extensions: Extension[];
  /** Set when the VM is a scale-set instance (Flexible orchestration). */
  scaleSetId?: string;
}

export interface ScaleSetInstance {
  instanceId: string;
  name: string;
  latestModelApplied: boolean;
  powerState: PowerState;
  provisioningState: string;
}

export interface ScaleSet {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  osType: OsType;
  upgradePolicy: UpgradePolicy;
  /** The model's extensions (no running version: that lives per instance). */
  extensions: Extension[];
  instances: ScaleSetInstance[];
}

/** One VM or scale set found by a name lookup or a scope listing. */
export interface ComputeSummary extends ResourceRef {
  id: string;
  kind: "vm" | "scaleSet";
  location: string;
  osType: OsType;
}

export interface Heartbeat {
  resourceId: string;
  lastSeen: Date;
  /** The version the agent itself reports (Heartbeat.Version). */
  version?: string;
  category?: string;
}

export interface ExtensionImageKey {
  location: string;
  publisher: string;
  type: string;
}

export type Scope =
  | { kind: "resourceGroup"; resourceGroup: string; subscriptionId?: string }
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "all" };

/** Read-only access to the fleet. Every command gets one. */
export interface FleetReader {
  /** VMs and scale sets with this name (case-insensitive) in the configured subscriptions. */
  findByName(name: string): Promise<ComputeSummary[]>;
  /** The VM with its extensions and instance view; undefined when it does not exist. */
  getVm(ref: ResourceRef): Promise<Vm | undefined>;
  /** The scale set with its model extensions and instances; undefined when it does not exist. */
  getScaleSet(ref: ResourceRef): Promise<ScaleSet | undefined>;
  /** Every VM and scale set in a scope. */
  listInScope(scope: Scope): Promise<ComputeSummary[]>;
  /** Versions of an extension image listed for a region, unsorted, as ARM returns them. */
  listExtensionVersions(key: ExtensionImageKey): Promise<string[]>;
  /** The newest heartbeat of one machine within the look-back window, if any. */
  lastHeartbeat(resourceId: string): Promise<Heartbeat | undefined>;
}

// ---- Diagnostics: what the troubleshooting checklist reads beyond the FleetReader (seed 002). ----
// The DCR/DCE/AMPLS/workspace shapes are the ones src/troubleshoot/facts.ts reasons about.

/** A Log Analytics workspace (Microsoft.OperationalInsights/workspaces). */
export interface Workspace extends WorkspaceInfo {
  location: string;
}

/** Data collection and workspace reads for one machine. Missing resources are undefined, never errors. */
export interface FleetDiagnostics {
  /**
   * The machine's DCR associations, the rules they point at and the DCEs in use (the rules' and the
   * machine's own). A rule or DCE that is gone or not readable (404/403) is left out with complete=false.
   */
  dataCollectionRulesOf(resourceId: string): Promise<DataCollectionFacts>;
  getDataCollectionEndpoint(id: string): Promise<DataCollectionEndpoint | undefined>;
  /** The Azure Monitor Private Link Scopes of the configured subscriptions that hold any of these resources. */
  privateLinkScopesContaining(resourceIds: readonly string[]): Promise<PrivateLinkScope[]>;
  getWorkspace(resourceId: string): Promise<Workspace | undefined>;
}

/** An action Run Command (azure-api.md §6.1). */
export interface MachineCommand {
  commandId: "RunShellScript" | "RunPowerShellScript";
  script: string[];
}

export interface MachineCommandOutput {
  /** Linux: the text after "[stdout]"; Windows: the ComponentStatus/StdOut message. At most the last 4,096 bytes. */
  stdout: string;
  stderr: string;
  /** The RunCommandResult statuses as returned, for parsers that need more than the two texts. */
  statuses: InstanceViewStatus[];
  /** ARM x-ms-correlation-request-id of the request, for the audit trail. */
  correlationId?: string;
}

/**
 * Runs a script on a machine and waits for its output. Only Run Command: the troubleshoot flow runs
 * confirmed probes with it without holding the FleetWriter (ARCHITECTURE.md seam 6).
 */
export interface MachineCommandRunner {
  runCommand(vm: ResourceRef, command: MachineCommand): Promise<MachineCommandOutput>;
}

// ---- Fleet scan: one paged Resource Graph query per extension kind (issue 5). ----

/** The VM or scale set an extension belongs to, as far as Resource Graph tells. */
export interface ScannedResource extends ResourceRef {
  kind: "vm" | "scaleSet";
  id: string;
  location: string;
  /** Absent when Resource Graph had no row (or no OS) for the parent. */
  osType?: OsType;
  /** VMs only; "unknown" when Resource Graph has no power state for the VM. */
  powerState?: PowerState;
  /** Scale sets only. */
  upgradePolicy?: UpgradePolicy;
}

/**
 * One VM or scale-set extension found by the scan. Resource Graph holds the MODEL only: the
 * extension's typeHandlerVersion (major.minor) and flags, never the running version, which lives in
 * the instance view (so `extension.runningVersion` is always absent and `statuses` empty).
 */
export interface ScannedExtension {
  resource: ScannedResource;
  extension: Extension;
}

export interface ScanOptions {
  /** Rows per Resource Graph page, 1..1000 (default 1000, the maximum). */
  pageSize?: number;
}

/** The whole estate's extensions, streamed page by page so memory stays bounded. */
export interface FleetScanner {
  scanExtensions(subscriptionIds: readonly string[], options?: ScanOptions): AsyncIterable<ScannedExtension[]>;
}
