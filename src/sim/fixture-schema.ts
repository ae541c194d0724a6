// The fixture schema: the whole simulated fleet as one JSON document (documented in FIXTURE.md).
// Strict objects, so a misspelt key is an error naming its path rather than a silently ignored field.
// Times are relative ("minutes ago") and resolved against the simulator's clock at request time,
// so a demo fleet stays true however long the simulator runs.
import { z } from "zod";
import { builtInRoleNames } from "./role-definitions.js";

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: "expected a GUID" });
// Azure resource names: letters, digits and a few separators; 1-80 characters covers VMs, scale sets and RGs.
const resourceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._()-]{0,79}$/, { error: "expected an Azure resource name" });
const location = z.string().regex(/^[a-z0-9]+$/, { error: "expected a lower-case region name such as japaneast" });
// typeHandlerVersion accepts major.minor only; "1.31.1" is rejected by ARM (seed 002).
const majorMinor = z.string().regex(/^\d{1,9}\.\d{1,9}$/, { error: "expected major.minor" });
// Running versions have 2 to 4 numeric parts ("1.33.2", "1.0.18062.0"); azure-api.md §4.
const fullVersion = z.string().regex(/^\d{1,9}(\.\d{1,9}){1,3}$/, { error: "expected a version such as 1.33.2" });
const minutesAgo = z.number().min(0, { error: "expected minutes ago (>= 0)" });
const powerState = z.enum(["running", "starting", "stopping", "stopped", "deallocating", "deallocated", "unknown"]);
const provisioningState = z.enum(["Succeeded", "Failed", "Creating", "Updating", "Deleting"]);
const jsonObject = z.record(z.string(), z.unknown());

/** Make a write to this resource misbehave (issue 3): fail with an ARM error code, or never finish. */
const writeFaultSchema = z.strictObject({
  kind: z.enum(["fail", "hang"]),
  code: z.string().min(1).default("VMExtensionProvisioningError"),
  message: z.string().min(1).optional(),
  /** How many write operations it affects; absent = every one. */
  times: z.number().int().min(1).optional(),
});

const extensionSchema = z.strictObject({
  name: resourceName,
  publisher: z.string().min(1),
  type: z.string().min(1),
  typeHandlerVersion: majorMinor,
  /** Full version the instance view reports; absent = the extension never reported one. */
  runningVersion: fullVersion.optional(),
  autoUpgradeMinorVersion: z.boolean().default(false),
  enableAutomaticUpgrade: z.boolean().default(false),
  provisioningState: provisioningState.default("Succeeded"),
  /** Extension-reported failure: becomes status code "ProvisioningState/failed/<code>". */
  failure: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]+$/), message: z.string().min(1) }).optional(),
  settings: jsonObject.default({}),
  /** Write-only in ARM: kept by the simulator, never returned on a GET. */
  protectedSettings: jsonObject.optional(),
  writeFault: writeFaultSchema.optional(),
});

const heartbeatSchema = z.strictObject({
  minutesAgo,
  /** Agent-reported version; default: the running version of the VM's monitoring-agent extension. */
  version: z.string().min(1).optional(),
  /** Default: "Azure Monitor Agent" for AMA, "Direct Agent" for the legacy agents. */
  category: z.string().min(1).optional(),
});

const identitySchema = z.strictObject({
  systemAssigned: z.boolean().default(false),
  /** Names of user-assigned identities in the same resource group, or full resource IDs. */
  userAssigned: z.array(z.string().min(1)).default([]),
});

const imageSchema = z.strictObject({
  publisher: z.string().min(1),
  offer: z.string().min(1),
  sku: z.string().min(1),
  version: z.string().min(1).default("latest"),
});

/** A reference to another fixture resource: "name" (same group), "rg/name" (same subscription) or a full ID. */
const reference = z.string().min(1);

const workspaceSchema = z.strictObject({
  name: resourceName,
  /** The workspace GUID ("workspace ID"/customer ID) the Logs API and the ODS endpoint use. */
  customerId: guid,
  location: location.optional(),
  publicNetworkAccessForIngestion: z.enum(["Enabled", "Disabled"]).default("Enabled"),
  publicNetworkAccessForQuery: z.enum(["Enabled", "Disabled"]).default("Enabled"),
});

const dataCollectionEndpointSchema = z.strictObject({
  name: resourceName,
  location: location.optional(),
  publicNetworkAccess: z.enum(["Enabled", "Disabled"]).default("Enabled"),
});

const dataCollectionRuleSchema = z.strictObject({
  name: resourceName,
  location: location.optional(),
  kind: z.enum(["Linux", "Windows"]).optional(),
  /** Log Analytics destinations (workspace references). */
  workspaces: z.array(reference).default([]),
  /** The DCE the rule sends custom logs through, if any. */
  dataCollectionEndpoint: reference.optional(),
  streams: z.array(z.string().min(1)).default(["Microsoft-Syslog", "Microsoft-Perf"]),
});

const privateLinkScopeSchema = z.strictObject({
  name: resourceName,
  ingestionAccessMode: z.enum(["Open", "PrivateOnly"]).default("PrivateOnly"),
  queryAccessMode: z.enum(["Open", "PrivateOnly"]).default("Open"),
  /** Workspaces and DCEs added to the scope (references). */
  workspaces: z.array(reference).default([]),
  dataCollectionEndpoints: z.array(reference).default([]),
});

const hostPatterns = z.array(z.string().min(1)).optional();

/** What reachability probes run through Run Command see (issue 4); unlisted hosts connect. */
const networkSchema = z.strictObject({
  /** Host names or "*.suffix" patterns whose DNS lookup fails. */
  dnsFailure: hostPatterns,
  refused: hostPatterns,
  timeout: hostPatterns,
});

const runCommandOutputSchema = z.strictObject({
  /** Used when the script contains this text; the first match wins over generated output. */
  scriptIncludes: z.string().min(1),
  stdout: z.string().default(""),
  stderr: z.string().default(""),
});

// What a VM and a scale set's machine model have in common.
const machineModelFields = {
  name: resourceName,
  /** Default: the resource group's location. */
  location: location.optional(),
  osType: z.enum(["Linux", "Windows"]),
  /** Reported by the guest agent; omitted from the instance view unless the VM is running. */
  osName: z.string().min(1).optional(),
  osVersion: z.string().min(1).optional(),
  image: imageSchema.optional(),
  vmSize: z.string().min(1).default("Standard_D2s_v5"),
};

const vmSchema = z.strictObject({
  ...machineModelFields,
  powerState: powerState.default("running"),
  /** When the VM last changed power state (shown as the provisioning status time). */
  powerStateMinutesAgo: minutesAgo.optional(),
  provisioningState: provisioningState.default("Succeeded"),
  vmAgentVersion: z.string().min(1).default("2.13.1.1"),
  identity: identitySchema.optional(),
  tags: z.record(z.string(), z.string()).default({}),
  zones: z.array(z.string()).optional(),
  extensions: z.array(extensionSchema).default([]),
  /** The newest heartbeat; absent = never sent one. */
  heartbeat: heartbeatSchema.optional(),
  writeFault: writeFaultSchema.optional(),
  network: networkSchema.optional(),
  runCommandOutputs: z.array(runCommandOutputSchema).default([]),
  /** DCRs associated with the VM (references); each becomes a data collection rule association. */
  dataCollectionRules: z.array(reference).default([]),
  /** DCE associated with the VM (the "configurationAccessEndpoint" association). */
  dataCollectionEndpoint: reference.optional(),
  /** The legacy OMS agent's certificate (domain.md §5), read by `openssl x509 -noout -dates`. */
  omsCertificate: z.strictObject({ notBeforeDaysAgo: z.number(), notAfterDaysAhead: z.number() }).optional(),
});

const instanceSchema = z.strictObject({
  instanceId: z.string().regex(/^\d+$/, { error: "expected a numeric instance ID such as \"0\"" }),
  latestModelApplied: z.boolean().default(true),
  powerState: powerState.default("running"),
  provisioningState: provisioningState.default("Succeeded"),
  /** Running version per model extension name, for instances not on the model's version. */
  runningVersions: z.record(z.string(), fullVersion).default({}),
  heartbeat: heartbeatSchema.optional(),
  /** Makes a manualupgrade that includes this instance misbehave. */
  writeFault: writeFaultSchema.optional(),
});

const scaleSetSchema = z.strictObject({
  ...machineModelFields,
  orchestrationMode: z.enum(["Uniform", "Flexible"]).default("Uniform"),
  upgradePolicy: z.enum(["Automatic", "Manual", "Rolling"]),
  identity: identitySchema.optional(),
  tags: z.record(z.string(), z.string()).default({}),
  /** The model's extensions; runningVersion is what instances on the latest model run. */
  extensions: z.array(extensionSchema).default([]),
  instances: z.array(instanceSchema).default([]),
  /** Heartbeat of every running instance that has none of its own. */
  heartbeat: heartbeatSchema.optional(),
  writeFault: writeFaultSchema.optional(),
  dataCollectionRules: z.array(reference).default([]),
  dataCollectionEndpoint: reference.optional(),
});

const resourceGroupSchema = z.strictObject({
  name: resourceName,
  location,
  vms: z.array(vmSchema).default([]),
  scaleSets: z.array(scaleSetSchema).default([]),
  workspaces: z.array(workspaceSchema).default([]),
  dataCollectionEndpoints: z.array(dataCollectionEndpointSchema).default([]),
  dataCollectionRules: z.array(dataCollectionRuleSchema).default([]),
  privateLinkScopes: z.array(privateLinkScopeSchema).default([]),
});

const subscriptionSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1).optional(),
  resourceGroups: z.array(resourceGroupSchema).default([]),
});

// Scopes where a role can be assigned in the simulated fleet: a subscription, a resource group or a resource in one.
const roleScope = z
  .string()
  .regex(/^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/resourceGroups\/[^/]+(\/providers\/[^/]+(\/[^/]+\/[^/]+)+)?)?$/i, {
    error: "expected a scope such as /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<rg> or a resource ID",
  });

const roleAssignmentSchema = z.strictObject({
  /** Entra object ID of the user (group membership is not simulated). */
  principalId: guid,
  roleDefinitionName: z.enum(builtInRoleNames),
  scope: roleScope,
});

const extensionImageSchema = z.strictObject({
  location,
  publisher: z.string().min(1),
  type: z.string().min(1),
  versions: z.array(fullVersion).min(1),
});

export const fixtureSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  subscriptions: z.array(subscriptionSchema).min(1),
  extensionImages: z.array(extensionImageSchema).default([]),
  /** Azure RBAC role assignments (built-in roles); one at a subscription or resource group applies to everything under it. */
  roleAssignments: z.array(roleAssignmentSchema).default([]),
});

/** A fixture as written (defaults optional). */
export type Fixture = z.input<typeof fixtureSchema>;
/** A validated fixture with every default filled in: the simulator's mutable state. */
export type FleetData = z.output<typeof fixtureSchema>;
export type SubscriptionData = FleetData["subscriptions"][number];
export type ResourceGroupData = SubscriptionData["resourceGroups"][number];
export type VmData = ResourceGroupData["vms"][number];
export type ScaleSetData = ResourceGroupData["scaleSets"][number];
export type InstanceData = ScaleSetData["instances"][number];
export type ExtensionData = VmData["extensions"][number];
export type HeartbeatData = z.output<typeof heartbeatSchema>;
export type IdentityData = z.output<typeof identitySchema>;
export type WriteFaultData = z.output<typeof writeFaultSchema>;
export type ExtensionImageData = FleetData["extensionImages"][number];
export type RoleAssignmentData = FleetData["roleAssignments"][number];
export type PowerStateData = z.output<typeof powerState>;
export type WorkspaceData = ResourceGroupData["workspaces"][number];
export type DataCollectionEndpointData = ResourceGroupData["dataCollectionEndpoints"][number];
export type DataCollectionRuleData = ResourceGroupData["dataCollectionRules"][number];
export type PrivateLinkScopeData = ResourceGroupData["privateLinkScopes"][number];
