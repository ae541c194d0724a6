// VM extension reads (azure-api.md §3): list is ONE page with no nextLink; get; both take
// $expand=instanceView.
import { ArmError, resourceNotFound } from "../arm-error.js";
import type { ExtensionData } from "../fixture-schema.js";
import type { VmEntry } from "../fleet-state.js";
import { renderVmExtension } from "../render-extension.js";
import type { HandlerContext, Route } from "../route.js";
import { queryParam } from "../sim-request.js";

export const vmExtensionsPath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}/extensions";

export function findVmExtension(entry: VmEntry, name: string): ExtensionData {
  const ext = entry.vm.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (!ext) throw resourceNotFound("Microsoft.Compute/virtualMachines", `${entry.vm.name}/extensions/${name}`, entry.group.name);
  return ext;
}

function expandInstanceView(context: HandlerContext): boolean {
  const expand = queryParam(context.request, "$expand");
  if (expand === undefined) return false;
  if (expand.toLowerCase() !== "instanceview") {
    throw new ArmError(400, "InvalidParameter", `The value '${expand}' of parameter '$expand' is invalid.`, "$expand");
  }
  return true;
}

function vmOf(context: HandlerContext): VmEntry {
  const { sub, rg, vm } = context.params as { sub: string; rg: string; vm: string };
  return context.state.vm(sub, rg, vm);
}

export const vmExtensionReadRoutes: Route[] = [
  {
    method: "GET",
    pattern: vmExtensionsPath,
    name: "virtualMachineExtensions.list",
    kind: "read",
    api: "arm",
    handle(context) {
      const entry = vmOf(context);
      const expand = expandInstanceView(context);
      return { status: 200, body: { value: entry.vm.extensions.map((ext) => renderVmExtension(entry.id, entry.location, ext, expand)) } };
    },
  },
  {
    method: "GET",
    pattern: `${vmExtensionsPath}/{name}`,
    name: "virtualMachineExtensions.get",
    kind: "read",
    api: "arm",
    handle(context) {
      const entry = vmOf(context);
      const ext = findVmExtension(entry, context.params.name!);
      return { status: 200, body: renderVmExtension(entry.id, entry.location, ext, expandInstanceView(context)) };
    },
  },
];
