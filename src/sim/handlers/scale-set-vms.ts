// Scale-set instances (azure-api.md §5): list [$filter, $select, $expand=instanceView], get,
// getInstanceView. latestModelApplied=false marks an instance still on the old model.
import { invalidParameter } from "../arm-error.js";
import type { InstanceEntry } from "../fleet-state.js";
import { pageOf } from "../paging.js";
import { renderInstance, renderInstanceView } from "../render-scale-set.js";
import type { HandlerContext, Route } from "../route.js";
import { queryParam } from "../sim-request.js";
import { scaleSetOf, scaleSetPath } from "./scale-sets.js";

function instanceOf(context: HandlerContext): InstanceEntry {
  return context.state.instance(scaleSetOf(context), context.params.instanceId!);
}

// Documented filters: properties/latestModelApplied eq true|false, and the PowerState startswith
// filter (which keeps every instance here, since each reports a power state).
function filterInstances(context: HandlerContext, instances: InstanceEntry[]): InstanceEntry[] {
  const filter = queryParam(context.request, "$filter");
  if (filter === undefined) return instances;
  const model = /^\s*properties\/latestModelApplied\s+eq\s+(true|false)\s*$/i.exec(filter);
  if (model) return instances.filter((i) => i.instance.latestModelApplied === (model[1]!.toLowerCase() === "true"));
  if (/^\s*startswith\(\s*instanceView\/statuses\/code\s*,\s*'PowerState'\s*\)\s+eq\s+true\s*$/i.test(filter)) return instances;
  throw invalidParameter(`The value '${filter}' of parameter '$filter' is not supported.`, "$filter");
}

function wantsInstanceView(context: HandlerContext): boolean {
  const expand = queryParam(context.request, "$expand")?.toLowerCase();
  const select = queryParam(context.request, "$select")?.toLowerCase();
  return expand === "instanceview" || select === "instanceview" || select === "instanceview/statuses";
}

export const scaleSetVmRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${scaleSetPath}/virtualMachines`,
    name: "virtualMachineScaleSetVMs.list",
    kind: "read",
    api: "arm",
    handle(context) {
      const entry = scaleSetOf(context);
      const expand = wantsInstanceView(context);
      const instances = filterInstances(context, context.state.instances(entry));
      return pageOf(context, instances.map((i) => renderInstance(context.state, i, expand)));
    },
  },
  {
    method: "GET",
    pattern: `${scaleSetPath}/virtualMachines/{instanceId}`,
    name: "virtualMachineScaleSetVMs.get",
    kind: "read",
    api: "arm",
    handle: (context) => ({ status: 200, body: renderInstance(context.state, instanceOf(context), wantsInstanceView(context)) }),
  },
  {
    method: "GET",
    pattern: `${scaleSetPath}/virtualMachines/{instanceId}/instanceView`,
    name: "virtualMachineScaleSetVMs.getInstanceView",
    kind: "read",
    api: "arm",
    handle: (context) => ({ status: 200, body: renderInstanceView(context.state, instanceOf(context)) }),
  },
];
