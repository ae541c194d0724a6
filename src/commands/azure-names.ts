// Azure's naming rules, checked before any Azure call so a bad name gets a clear message and costs nothing.
// Source: "Naming rules and restrictions for Azure resources" (learn.microsoft.com,
// azure-resource-manager/management/resource-name-rules), Microsoft.Compute and Microsoft.Resources.
import type { ParseResult, UsageError } from "./types.js";

export type ComputeKind = "vm" | "scaleSet";

// VMs and scale sets share one rule. The 15-character Windows limit in the table is the *host* name's;
// the resource name may have 64 (note under the table), and we cannot know the OS before the look-up.
// The table forbids \/"[]:|<>+=;,?*@& and a leading underscore or trailing period/hyphen; '#' breaks ARM's
// URL parsing (same page). Since 2019 the portal accepts non-ASCII letters in VM names (Azure blog,
// "Microsoft Azure portal April update"), so letters and digits of any script are allowed, plus _ . -.
// A leading '-' or '.' is refused too: such a word reads as an option, and ARM's compute names start
// with a letter or digit in practice.
export const computeNameMaxLength = 64;
const computeNameChar = /^[\p{L}\p{Nd}_.-]$/u;

// Resource groups: underscores, hyphens, periods, parentheses, and letters or digits in the Unicode
// categories Lu, Ll, Lt, Lm, Lo, Nd; 1-90 characters; must not end with a period.
export const resourceGroupNameMaxLength = 90;
const resourceGroupNameChar = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_().-]$/u;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const shownMax = 80;

/** User text as it may be echoed in a message: bounded length, so a pasted essay does not become a card. */
export function shown(text: string): string {
  const chars = [...text];
  return chars.length > shownMax ? `${chars.slice(0, shownMax - 1).join("")}…` : text;
}

/** A character as a person can read it in a message: invisible ones by code point. */
function describeChar(char: string): string {
  if (/^[\p{C}\p{Z}\s]$/u.test(char)) return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return char;
}

function nameError(key: string, name: string, extra: Record<string, string | number> = {}): UsageError {
  return { key, params: { name: shown(name), ...extra } };
}

/** Undefined when `name` is a valid VM or scale-set resource name; otherwise what is wrong and what is right. */
export function validateComputeName(name: string): UsageError | undefined {
  const chars = [...name];
  if (chars.length === 0) return nameError("parse.badName.compute.empty", name);
  if (chars.length > computeNameMaxLength) return nameError("parse.badName.compute.tooLong", name, { max: computeNameMaxLength, length: chars.length });
  const bad = chars.find((c) => !computeNameChar.test(c));
  if (bad !== undefined) return nameError("parse.badName.compute.badChar", name, { char: describeChar(bad) });
  if (/^[_.-]/.test(name)) return nameError("parse.badName.compute.badStart", name, { char: chars[0] ?? "" });
  if (/[.-]$/.test(name)) return nameError("parse.badName.compute.badEnd", name, { char: chars[chars.length - 1] ?? "" });
  return undefined;
}

/** VMs and scale sets follow the same resource-name rule. */
export const validateVmName = validateComputeName;
export const validateScaleSetName = validateComputeName;

export function validateResourceGroupName(name: string): UsageError | undefined {
  const chars = [...name];
  if (chars.length === 0) return nameError("parse.badName.resourceGroup.empty", name);
  if (chars.length > resourceGroupNameMaxLength) {
    return nameError("parse.badName.resourceGroup.tooLong", name, { max: resourceGroupNameMaxLength, length: chars.length });
  }
  const bad = chars.find((c) => !resourceGroupNameChar.test(c));
  if (bad !== undefined) return nameError("parse.badName.resourceGroup.badChar", name, { char: describeChar(bad) });
  if (name.endsWith(".")) return nameError("parse.badName.resourceGroup.badEnd", name);
  return undefined;
}

export function isSubscriptionId(text: string): boolean {
  return guidPattern.test(text);
}

/** A subscription ID is a GUID; returned lower-cased, the way ARM writes it in resource IDs. */
export function parseSubscriptionId(text: string): ParseResult<string> {
  if (!guidPattern.test(text)) return { ok: false, error: { key: "parse.badSubscriptionId", params: { value: shown(text) } } };
  return { ok: true, args: text.toLowerCase() };
}

export interface ParsedResourceId {
  /** Canonical form: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/{type}/{name}. */
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  kind: ComputeKind;
}

const computeTypes: Record<string, { kind: ComputeKind; type: string }> = {
  virtualmachines: { kind: "vm", type: "virtualMachines" },
  virtualmachinescalesets: { kind: "scaleSet", type: "virtualMachineScaleSets" },
};

export function looksLikeResourceId(text: string): boolean {
  return /^\/?subscriptions\//i.test(text) || /^https:\/\/portal\.azure\.com\//i.test(text);
}

// A link copied from the portal carries the ID after "/resource", often followed by a blade name:
// https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/…/virtualMachines/vm1/overview
function fromPortalUrl(text: string): { path: string; fromPortal: boolean } {
  const match = /^https:\/\/portal\.azure\.com\/.*?\/resource(\/subscriptions\/[^?#\s]*)/i.exec(text);
  if (!match?.[1]) return { path: text, fromPortal: false };
  let path = match[1];
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not percent-encoded after all: keep it as it is.
  }
  return { path, fromPortal: true };
}

function idError(key: string, text: string, extra: Record<string, string> = {}): ParseResult<never> {
  return { ok: false, error: { key, params: { value: shown(text), ...extra } } };
}

function segmentsOf(path: string): string[] {
  return path.replace(/^\/+/, "").replace(/\/+$/, "").split("/");
}

/** A full ARM resource ID (or portal link) of a VM or scale set, validated part by part. */
export function parseResourceId(text: string): ParseResult<ParsedResourceId> {
  const { path, fromPortal } = fromPortalUrl(text.trim());
  let parts = segmentsOf(path);
  // A portal link may end in a blade ("/overview", "/extensions"): one segment past the name.
  if (fromPortal && parts.length === 9) parts = parts.slice(0, 8);
  const [subs, subscriptionId, groups, resourceGroup, providers, namespace, type, name] = parts;
  const shapeOk =
    parts.length === 8 &&
    subs?.toLowerCase() === "subscriptions" &&
    groups?.toLowerCase() === "resourcegroups" &&
    providers?.toLowerCase() === "providers";
  if (!shapeOk || subscriptionId === undefined || resourceGroup === undefined || name === undefined) {
    return idError("parse.badResourceId.shape", text);
  }
  const compute = namespace?.toLowerCase() === "microsoft.compute" ? computeTypes[type?.toLowerCase() ?? ""] : undefined;
  if (!compute) return idError("parse.badResourceId.type", text, { type: shown(`${namespace ?? ""}/${type ?? ""}`) });
  const sub = parseSubscriptionId(subscriptionId);
  if (!sub.ok) return sub;
  const rgError = validateResourceGroupName(resourceGroup);
  if (rgError) return { ok: false, error: rgError };
  const nameErr = validateComputeName(name);
  if (nameErr) return { ok: false, error: nameErr };
  return {
    ok: true,
    args: {
      resourceId: `/subscriptions/${sub.args}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/${compute.type}/${name}`,
      subscriptionId: sub.args,
      resourceGroup,
      name,
      kind: compute.kind,
    },
  };
}

/** "/subscriptions/{id}" or "/subscriptions/{id}/resourceGroups/{rg}": the scopes `drift` accepts as IDs. */
export function parseScopeResourceId(text: string): ParseResult<{ subscriptionId: string; resourceGroup?: string }> {
  const parts = segmentsOf(text.trim());
  const [subs, subscriptionId, groups, resourceGroup] = parts;
  const shapeOk =
    subs?.toLowerCase() === "subscriptions" && (parts.length === 2 || (parts.length === 4 && groups?.toLowerCase() === "resourcegroups"));
  if (!shapeOk || subscriptionId === undefined) return idError("parse.badResourceId.scopeShape", text);
  const sub = parseSubscriptionId(subscriptionId);
  if (!sub.ok) return sub;
  if (resourceGroup === undefined) return { ok: true, args: { subscriptionId: sub.args } };
  const rgError = validateResourceGroupName(resourceGroup);
  if (rgError) return { ok: false, error: rgError };
  return { ok: true, args: { subscriptionId: sub.args, resourceGroup } };
}
