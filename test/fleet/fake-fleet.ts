// An in-memory FleetReader built from plain domain objects, for unit tests of code above the port.
// The contract suite (fleet-reader-contract.ts) runs against it and against the Azure fleet + simulator,
// so it behaves like the real one: case-insensitive names, undefined for missing resources, copies out.
import type {
  ComputeSummary,
  Extension,
  ExtensionImageKey,
  FleetReader,
  Heartbeat,
  ResourceRef,
  ScaleSet,
  ScaleSetInstance,
  Scope,
  Vm,
  FleetScanner,
  ScannedExtension,
  FleetDiagnostics,
  MachineCommand,
  MachineCommandOutput,
  MachineCommandRunner,
  Workspace,
} from "../../src/fleet/port.js";
import type { DataCollectionEndpoint, DataCollectionRule, DataCollectionRuleAssociation, PrivateLinkScope } from "../../src/troubleshoot/facts.js";

export interface FakeFleetData {
  vms?: Vm[];
  scaleSets?: ScaleSet[];
  /** Extension image versions listed per region/publisher/type. */
  versions?: Array<ExtensionImageKey & { versions: string[] }>;
  heartbeats?: Heartbeat[];
}

export type FleetMethod = keyof FleetReader;

export interface FakeFleet extends FleetReader {
  /** Calls per port method, to assert caching and call counts above the port. */
  stats(): { calls: number; byMethod: Partial<Record<FleetMethod, number>> };
  /** Make the next calls of a method fail with this error (e.g. an AzureError 429). */
  failNext(method: FleetMethod, error: Error, times?: number): void;
  /** The live data; tests may change it between calls. */
  data: Required<FakeFleetData>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameRef = (r: ResourceRef, x: ResourceRef) =>
  same(r.subscriptionId, x.subscriptionId) && same(r.resourceGroup, x.resourceGroup) && same(r.name, x.name);

export function createFakeFleet(input: FakeFleetData = {}): FakeFleet {
  const data: Required<FakeFleetData> = {
    vms: input.vms ?? [],
    scaleSets: input.scaleSets ?? [],
    versions: input.versions ?? [],
    heartbeats: input.heartbeats ?? [],
  };
  const byMethod: Partial<Record<FleetMethod, number>> = {};
  const failures: Array<{ method: FleetMethod; error: Error; times: number }> = [];

  async function call<T>(method: FleetMethod, answer: () => T): Promise<T> {
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    await Promise.resolve(); // answer asynchronously, like the real fleet
    const failure = failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
    return structuredClone(answer());
  }

  const summaries = (): ComputeSummary[] => [...data.vms.map(summarize("vm")), ...data.scaleSets.map(summarize("scaleSet"))];

  return {
    data,
    stats: () => ({ calls: Object.values(byMethod).reduce((a, b) => a + (b ?? 0), 0), byMethod: { ...byMethod } }),
    failNext(method, error, times = 1) {
      failures.push({ method, error, times });
    },
    findByName: (name) => call("findByName", () => summaries().filter((s) => same(s.name, name))),
    getVm: (ref) => call("getVm", () => data.vms.find((vm) => sameRef(vm, ref))),
    getScaleSet: (ref) => call("getScaleSet", () => data.scaleSets.find((set) => sameRef(set, ref))),
    listInScope: (scope) => call("listInScope", () => summaries().filter((s) => inScope(s, scope))),
    listExtensionVersions: (key) =>
      call("listExtensionVersions", () => {
        const entry = data.versions.find((v) => same(v.location, key.location) && same(v.publisher, key.publisher) && same(v.type, key.type));
        return entry ? [...entry.versions] : [];
      }),
    lastHeartbeat: (resourceId) =>
      call("lastHeartbeat", () =>
        data.heartbeats
          .filter((h) => same(h.resourceId, resourceId))
          .reduce<Heartbeat | undefined>((newest, h) => (!newest || h.lastSeen > newest.lastSeen ? h : newest), undefined),
      ),
  };
}

function summarize(kind: ComputeSummary["kind"]) {
  return (r: Vm | ScaleSet): ComputeSummary => ({
    id: r.id,
    kind,
    subscriptionId: r.subscriptionId,
    resourceGroup: r.resourceGroup,
    name: r.name,
    location: r.location,
    osType: r.osType,
  });
}

function inScope(s: ComputeSummary, scope: Scope): boolean {
  switch (scope.kind) {
    case "all":
      return true;
    case "subscription":
      return same(s.subscriptionId, scope.subscriptionId);
    case "resourceGroup":
      return same(s.resourceGroup, scope.resourceGroup) && (scope.subscriptionId === undefined || same(s.subscriptionId, scope.subscriptionId));
  }
}

// ---- Builders: a valid object from the few fields a test cares about. ----

export const defaultSubscriptionId = "00000000-0000-4000-8000-000000000001";

export function resourceId(kind: "vm" | "scaleSet", ref: ResourceRef): string {
  const type = kind === "vm" ? "virtualMachines" : "virtualMachineScaleSets";
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/${type}/${ref.name}`;
}

/** An extension; `runningVersion` defaults to typeHandlerVersion + ".0", provisioning to Succeeded. */
export function fakeExtension(fields: Partial<Extension> & Pick<Extension, "publisher" | "type" | "typeHandlerVersion">, parentId = ""): Extension {
  const name = fields.name ?? fields.type;
  const succeeded = (fields.provisioningState ?? "Succeeded") === "Succeeded";
  return {
    id: `${parentId}/extensions/${name}`,
    name,
    runningVersion: `${fields.typeHandlerVersion}.0`,
    autoUpgradeMinorVersion: true,
    enableAutomaticUpgrade: false,
    provisioningState: "Succeeded",
    statuses: [
      succeeded
        ? { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" }
        : { code: "ProvisioningState/failed/0", level: "Error", displayStatus: "Provisioning failed" },
    ],
    ...fields,
  };
}

/** Azure Monitor Agent for Linux at a full running version ("1.33.2"). */
export function amaLinux(runningVersion: string, fields: Partial<Extension> = {}, parentId = ""): Extension {
  const [major, minor] = runningVersion.split(".");
  return fakeExtension(
    { publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", typeHandlerVersion: `${major}.${minor}`, runningVersion, ...fields },
    parentId,
  );
}

/** A running Linux VM in rg-prod/japaneast with no extensions unless given. */
export function fakeVm(fields: Partial<Vm> & { name: string }): Vm {
  const ref = { subscriptionId: fields.subscriptionId ?? defaultSubscriptionId, resourceGroup: fields.resourceGroup ?? "rg-prod", name: fields.name };
  const id = fields.id ?? resourceId("vm", ref);
  return {
    ...ref,
    id,
    location: "japaneast",
    osType: "Linux",
    osName: "ubuntu",
    osVersion: "22.04",
    powerState: "running",
    provisioningState: "Succeeded",
    identity: { systemAssigned: true, userAssignedIds: [] },
    ...fields,
    // Extensions built without a parent get this VM's ID as their prefix.
    extensions: (fields.extensions ?? []).map((e) => (e.id.startsWith("/extensions/") ? { ...e, id: id + e.id } : e)),
  };
}

/** A scale set in rg-prod/japaneast, Manual policy, with `instanceCount` instances on the latest model. */
export function fakeScaleSet(fields: Partial<ScaleSet> & { name: string }, instanceCount = 2): ScaleSet {
  const ref = { subscriptionId: fields.subscriptionId ?? defaultSubscriptionId, resourceGroup: fields.resourceGroup ?? "rg-prod", name: fields.name };
  const instances: ScaleSetInstance[] = Array.from({ length: instanceCount }, (_, i) => ({
    instanceId: String(i),
    name: `${fields.name}_${i}`,
    latestModelApplied: true,
    powerState: "running",
    provisioningState: "Succeeded",
  }));
  const id = fields.id ?? resourceId("scaleSet", ref);
  return {
    ...ref,
    id,
    location: "japaneast",
    osType: "Linux",
    upgradePolicy: "Manual",
    instances,
    ...fields,
    extensions: (fields.extensions ?? []).map((e) => (e.id.startsWith("/extensions/") ? { ...e, id: id + e.id } : e)),
  };
}

// ---- Scanner, diagnostics and Run Command fakes (same semantics as the Azure ones). ----

/**
 * A FleetScanner over fixed rows: VM extensions first, then scale-set extensions, each kind paged on
 * its own like one Resource Graph query per kind. `pages()` counts the pages handed out.
 */
export function createFakeScanner(rows: ScannedExtension[]): FleetScanner & { pages(): number } {
  let pages = 0;
  return {
    pages: () => pages,
    async *scanExtensions(subscriptionIds, options = {}) {
      const pageSize = options.pageSize ?? 1000;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error("pageSize must be an integer from 1 to 1000");
      const wanted = new Set(subscriptionIds.map((s) => s.toLowerCase()));
      for (const kind of ["vm", "scaleSet"] as const) {
        const selected = rows
          .filter((r) => r.resource.kind === kind && wanted.has(r.resource.subscriptionId.toLowerCase()))
          .sort((a, b) => (a.extension.id.toLowerCase() < b.extension.id.toLowerCase() ? -1 : 1));
        for (let start = 0; start < selected.length; start += pageSize) {
          pages++;
          await Promise.resolve();
          yield structuredClone(selected.slice(start, start + pageSize));
        }
      }
    },
  };
}

/** A scan row for a VM extension (model only: no running version). */
export function scannedVmExtension(vm: Vm, extension: Extension): ScannedExtension {
  const { runningVersion: _running, ...model } = extension;
  return {
    resource: { kind: "vm", id: vm.id, subscriptionId: vm.subscriptionId, resourceGroup: vm.resourceGroup, name: vm.name, location: vm.location, osType: vm.osType, powerState: vm.powerState },
    extension: { ...model, statuses: [] },
  };
}

export interface FakeDiagnosticsData {
  /** Associations per machine resource ID. */
  associations?: Record<string, DataCollectionRuleAssociation[]>;
  rules?: DataCollectionRule[];
  endpoints?: DataCollectionEndpoint[];
  privateLinkScopes?: PrivateLinkScope[];
  workspaces?: Workspace[];
}

/** FleetDiagnostics over plain data, resolving associations to rules and DCEs like the Azure one. */
export function createFakeDiagnostics(input: FakeDiagnosticsData = {}): FleetDiagnostics {
  const byId = <T extends { id: string }>(items: T[] | undefined, id: string) => items?.find((i) => same(i.id, id));
  return {
    async dataCollectionRulesOf(resourceId) {
      const associations = Object.entries(input.associations ?? {}).find(([id]) => same(id, resourceId))?.[1] ?? [];
      const ruleIds = associations.flatMap((a) => (a.dataCollectionRuleId ? [a.dataCollectionRuleId] : []));
      const rules = ruleIds.flatMap((id) => byId(input.rules, id) ?? []);
      const endpointIds = [
        ...associations.flatMap((a) => (a.dataCollectionEndpointId ? [a.dataCollectionEndpointId] : [])),
        ...rules.flatMap((r) => (r.dataCollectionEndpointId ? [r.dataCollectionEndpointId] : [])),
      ].filter((id, i, all) => all.findIndex((other) => same(other, id)) === i);
      const endpoints = endpointIds.flatMap((id) => byId(input.endpoints, id) ?? []);
      return structuredClone({ associations, rules, endpoints, complete: rules.length === ruleIds.length && endpoints.length === endpointIds.length });
    },
    getDataCollectionEndpoint: async (id) => structuredClone(byId(input.endpoints, id)),
    async privateLinkScopesContaining(resourceIds) {
      return structuredClone((input.privateLinkScopes ?? []).filter((scope) => scope.scopedResourceIds.some((id) => resourceIds.some((r) => same(r, id)))));
    },
    getWorkspace: async (id) => structuredClone(byId(input.workspaces, id)),
  };
}

/** A MachineCommandRunner that records each call and answers with `answer(vm, command)`. */
export function createFakeCommandRunner(
  answer: (vm: ResourceRef, command: MachineCommand) => Partial<MachineCommandOutput> = () => ({}),
): MachineCommandRunner & { calls: Array<{ vm: ResourceRef; command: MachineCommand }> } {
  const calls: Array<{ vm: ResourceRef; command: MachineCommand }> = [];
  return {
    calls,
    async runCommand(vm, command) {
      calls.push({ vm: { ...vm }, command: structuredClone(command) });
      await Promise.resolve();
      return { stdout: "", stderr: "", statuses: [], ...answer(vm, command) };
    },
  };
}
