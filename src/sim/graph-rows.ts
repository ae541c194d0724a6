// Rows of the recognised Resource Graph queries (azure-api.md §7), ordered by id as `order by id asc`
// does. ARG shows the MODEL (no running versions) and reports resourceGroup in lower case.
import type { FleetState } from "./fleet-state.js";
import type { GraphQueryKind } from "./graph-query.js";

type Row = Record<string, unknown>;

function powerCode(state: string): string {
  return `PowerState/${state}`;
}

function vmExtensionRows(state: FleetState, subscriptions: string[]): Row[] {
  return subscriptions.flatMap((sub) =>
    state.vmsInSubscription(sub).flatMap((entry) =>
      entry.vm.extensions.map((ext) => ({
        id: `${entry.id}/extensions/${ext.name}`,
        vmId: entry.id.toLowerCase(),
        extName: ext.name,
        subscriptionId: entry.subscriptionId,
        resourceGroup: entry.group.name.toLowerCase(),
        location: entry.location,
        publisher: ext.publisher,
        extType: ext.type,
        typeHandlerVersion: ext.typeHandlerVersion,
        autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
        enableAutomaticUpgrade: ext.enableAutomaticUpgrade,
        provisioningState: ext.provisioningState,
        vmName: entry.vm.name,
        vmLocation: entry.location,
        osType: entry.vm.osType,
        powerState: powerCode(entry.vm.powerState),
      })),
    ),
  );
}

function scaleSetExtensionRows(state: FleetState, subscriptions: string[]): Row[] {
  return subscriptions.flatMap((sub) =>
    state.scaleSetsInSubscription(sub).flatMap((entry) =>
      entry.set.extensions.map((ext) => ({
        id: entry.id,
        vmssName: entry.set.name,
        subscriptionId: entry.subscriptionId,
        resourceGroup: entry.group.name.toLowerCase(),
        location: entry.location,
        upgradeMode: entry.set.upgradePolicy,
        osType: entry.set.osType,
        extName: ext.name,
        publisher: ext.publisher,
        extType: ext.type,
        typeHandlerVersion: ext.typeHandlerVersion,
        autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
        enableAutomaticUpgrade: ext.enableAutomaticUpgrade,
        provisioningState: ext.provisioningState,
      })),
    ),
  );
}

function virtualMachineRows(state: FleetState, subscriptions: string[]): Row[] {
  return subscriptions.flatMap((sub) =>
    state.vmsInSubscription(sub).map((entry) => ({
      id: entry.id,
      name: entry.vm.name,
      subscriptionId: entry.subscriptionId,
      resourceGroup: entry.group.name.toLowerCase(),
      location: entry.location,
      osType: entry.vm.osType,
      powerState: powerCode(entry.vm.powerState),
    })),
  );
}

// Paging asks for the same rows once per page: building and sorting 30,000 of them each time cost
// ~50 ms a page, more than the simulated latency. Rows are kept per query until a write (or an
// operation still running, which may change the fleet when it settles) makes them stale.
const cache = new WeakMap<FleetState, Map<string, { revision: number; rows: Row[] }>>();

export function cachedGraphRows(state: FleetState, kind: GraphQueryKind, subscriptions: string[], stable: boolean): Row[] {
  if (!stable) return graphRows(state, kind, subscriptions);
  const byQuery = cache.get(state) ?? new Map<string, { revision: number; rows: Row[] }>();
  cache.set(state, byQuery);
  const key = `${kind}|${subscriptions.map((s) => s.toLowerCase()).sort().join(",")}`;
  const hit = byQuery.get(key);
  if (hit && hit.revision === state.revision) return hit.rows;
  const rows = graphRows(state, kind, subscriptions);
  byQuery.set(key, { revision: state.revision, rows });
  return rows;
}

export function graphRows(state: FleetState, kind: GraphQueryKind, subscriptions: string[]): Row[] {
  const known = subscriptions.filter((s) => state.data.subscriptions.some((d) => d.id.toLowerCase() === s.toLowerCase()));
  const rows = kind === "vmExtensions" ? vmExtensionRows(state, known) : kind === "scaleSetExtensions" ? scaleSetExtensionRows(state, known) : virtualMachineRows(state, known);
  // `order by id asc` compares strings ordinally; scale-set rows share an id, so extName breaks ties.
  return rows.sort((a, b) => cmp(String(a.id), String(b.id)) || cmp(String(a.extName ?? ""), String(b.extName ?? "")));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
