import { AzureError } from "./azure-error.js";

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** Provider namespace and type of the top-level resource, e.g. "Microsoft.Compute/virtualMachines". */
  type: string;
  /** Name of the top-level resource. */
  name: string;
  /** Child type/name pairs after it, e.g. "virtualMachines/0" for a scale-set instance; "" for none. */
  children: string;
}

// Azure names never contain "/", "?", "#", "%", quotes or spaces; refusing them keeps a caller's
// string from changing the URL the Logs client builds with reserved expansion ({+resourceId}).
const segment = String.raw`[\p{L}\p{N}._()\-]+`;
const resourceIdPattern = new RegExp(
  `^/subscriptions/(${segment})/resourceGroups/(${segment})/providers/(${segment}/${segment})/(${segment})((?:/${segment}/${segment})*)$`,
  "iu",
);

/** Splits an ARM resource ID (a resource or a child of one); undefined when it is not one. Case is kept as given. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const match = resourceIdPattern.exec(id);
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, type, name, children] = match as unknown as [string, string, string, string, string, string];
  if (id.split("/").some((s) => s === "." || s === "..")) return undefined;
  return { subscriptionId, resourceGroup, type, name, children: children.replace(/^\//, "") };
}

/** Like parseResourceId, but a malformed ID is an AzureError (code InvalidResourceId). */
export function requireResourceId(id: string): ParsedResourceId {
  const parsed = parseResourceId(id);
  if (!parsed) throw new AzureError("InvalidResourceId", "not an ARM resource ID");
  return parsed;
}
