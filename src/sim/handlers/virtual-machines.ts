// Virtual machine reads (azure-api.md §2): get [$expand=instanceView], instanceView, list, listAll.
import { invalidParameter } from "../arm-error.js";
import type { VmEntry } from "../fleet-state.js";
import { pageOf } from "../paging.js";
import { renderVm, renderVmInstanceView } from "../render-vm.js";
import type { HandlerContext, Route, SimResponse } from "../route.js";
import { queryParam } from "../sim-request.js";

const vmPath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}";

/** $expand values the API accepts (InstanceViewTypes); only instanceView changes the answer here. */
function readExpand(context: HandlerContext): boolean {
  const expand = queryParam(context.request, "$expand");
  if (expand === undefined) return false;
  if (!["instanceview", "userdata", "resiliencyview"].includes(expand.toLowerCase())) {
    throw invalidParameter(`The value '${expand}' of parameter '$expand' is invalid.`, "$expand");
  }
  return expand.toLowerCase() === "instanceview";
}

// The one documented filter: 'virtualMachineScaleSet/id' eq '<scale set id>' (Flexible instances).
function applyFilter(context: HandlerContext, vms: VmEntry[], expand: boolean): VmEntry[] {
  const filter = queryParam(context.request, "$filter");
  if (filter === undefined) {
    // On list calls $expand=instanceView is accepted only with a $filter (api/virtualMachines/options.d.ts).
    if (expand) throw invalidParameter("The $expand=instanceView option is supported only together with a $filter.", "$expand");
    return vms;
  }
  const match = /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'([^']+)'\s*$/i.exec(filter);
  if (!match) throw invalidParameter(`The value '${filter}' of parameter '$filter' is not supported.`, "$filter");
  // Flexible scale-set membership is not modelled: no standalone VM belongs to a scale set.
  return [];
}

function listResponse(context: HandlerContext, vms: VmEntry[]): SimResponse {
  const expand = readExpand(context);
  const statusOnly = queryParam(context.request, "statusOnly")?.toLowerCase() === "true";
  const selected = applyFilter(context, vms, expand);
  return pageOf(context, selected.map((entry) => renderVm(context.state, entry, { instanceView: expand, statusOnly })));
}

export const virtualMachineRoutes: Route[] = [
  {
    method: "GET",
    pattern: vmPath,
    name: "virtualMachines.get",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub, rg, vm } = context.params as { sub: string; rg: string; vm: string };
      const entry = context.state.vm(sub, rg, vm);
      return { status: 200, body: renderVm(context.state, entry, { instanceView: readExpand(context) }) };
    },
  },
  {
    method: "GET",
    pattern: `${vmPath}/instanceView`,
    name: "virtualMachines.instanceView",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub, rg, vm } = context.params as { sub: string; rg: string; vm: string };
      return { status: 200, body: renderVmInstanceView(context.state, context.state.vm(sub, rg, vm)) };
    },
  },
  {
    method: "GET",
    pattern: "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines",
    name: "virtualMachines.list",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub, rg } = context.params as { sub: string; rg: string };
      return listResponse(context, context.state.vmsInGroup(sub, rg));
    },
  },
  {
    method: "GET",
    pattern: "/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines",
    name: "virtualMachines.listAll",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub } = context.params as { sub: string };
      return listResponse(context, context.state.vmsInSubscription(sub));
    },
  },
];
