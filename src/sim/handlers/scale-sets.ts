// Scale-set reads (azure-api.md §5): get, list, listAll, getInstanceView, and the model's
// extensions (a PAGED list, unlike VM extensions).
import { resourceNotFound } from "../arm-error.js";
import type { ExtensionData } from "../fixture-schema.js";
import type { ScaleSetEntry } from "../fleet-state.js";
import { pageOf } from "../paging.js";
import { renderScaleSet, renderScaleSetExtensions, renderScaleSetInstanceView } from "../render-scale-set.js";
import { renderScaleSetExtension } from "../render-extension.js";
import type { HandlerContext, Route } from "../route.js";

export const scaleSetPath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmss}";

export function scaleSetOf(context: HandlerContext): ScaleSetEntry {
  const { sub, rg, vmss } = context.params as { sub: string; rg: string; vmss: string };
  return context.state.scaleSet(sub, rg, vmss);
}

export function findScaleSetExtension(entry: ScaleSetEntry, name: string): ExtensionData {
  const ext = entry.set.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
  if (!ext) throw resourceNotFound("Microsoft.Compute/virtualMachineScaleSets", `${entry.set.name}/extensions/${name}`, entry.group.name);
  return ext;
}

export const scaleSetRoutes: Route[] = [
  {
    method: "GET",
    pattern: scaleSetPath,
    name: "virtualMachineScaleSets.get",
    kind: "read",
    api: "arm",
    handle: (context) => ({ status: 200, body: renderScaleSet(scaleSetOf(context)) }),
  },
  {
    method: "GET",
    pattern: `${scaleSetPath}/instanceView`,
    name: "virtualMachineScaleSets.getInstanceView",
    kind: "read",
    api: "arm",
    handle: (context) => ({ status: 200, body: renderScaleSetInstanceView(scaleSetOf(context)) }),
  },
  {
    method: "GET",
    pattern: "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachineScaleSets",
    name: "virtualMachineScaleSets.list",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub, rg } = context.params as { sub: string; rg: string };
      return pageOf(context, context.state.scaleSetsInGroup(sub, rg).map(renderScaleSet));
    },
  },
  {
    method: "GET",
    pattern: "/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachineScaleSets",
    name: "virtualMachineScaleSets.listAll",
    kind: "read",
    api: "arm",
    handle(context) {
      const { sub } = context.params as { sub: string };
      return pageOf(context, context.state.scaleSetsInSubscription(sub).map(renderScaleSet));
    },
  },
  {
    method: "GET",
    pattern: `${scaleSetPath}/extensions`,
    name: "virtualMachineScaleSetExtensions.list",
    kind: "read",
    api: "arm",
    handle: (context) => pageOf(context, renderScaleSetExtensions(scaleSetOf(context))),
  },
  {
    method: "GET",
    pattern: `${scaleSetPath}/extensions/{name}`,
    name: "virtualMachineScaleSetExtensions.get",
    kind: "read",
    api: "arm",
    handle(context) {
      const entry = scaleSetOf(context);
      return { status: 200, body: renderScaleSetExtension(entry.id, findScaleSetExtension(entry, context.params.name!)) };
    },
  },
];
