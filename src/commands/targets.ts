// What a command acts on, from the words after the verb. Pure; names are checked against Azure's rules
// here so a bad one never reaches Azure.
import type { Scope } from "../fleet/port.js";
import {
  isSubscriptionId,
  looksLikeResourceId,
  parseResourceId,
  parseScopeResourceId,
  parseSubscriptionId,
  shown,
  validateComputeName,
  validateResourceGroupName,
  type ParsedResourceId,
} from "./azure-names.js";
import { isFlag } from "./parse.js";
import type { ParseResult, UsageError } from "./types.js";

/**
 * A VM or scale set. By name alone or rg/name the kind is unknown until it is looked up (the same
 * name may even exist in several resource groups); a resource ID says which it is.
 */
export type Target =
  | { by: "name"; name: string }
  | { by: "resourceGroup"; resourceGroup: string; name: string }
  | ({ by: "resourceId" } & ParsedResourceId);

function fail(key: string, params?: Record<string, string | number>, suggestions?: string[]): { ok: false; error: UsageError } {
  const error: UsageError = { key };
  if (params) error.params = params;
  if (suggestions) error.suggestions = suggestions;
  return { ok: false, error };
}

/** Exactly one word is expected; options (--x) and extra words are errors, not silently ignored. */
function singleWord(words: readonly string[], missingKey: string): ParseResult<string> {
  const flag = words.find(isFlag);
  if (flag !== undefined) return fail("parse.unknownFlag", { flag: shown(flag) });
  const [first, ...rest] = words;
  if (first === undefined) return fail(missingKey);
  if (rest.length > 0) return fail("parse.extraWords", { extra: shown(rest.join(" ")) });
  return { ok: true, args: first };
}

/** `vm`, `rg/vm`, `rg/vmss`, or a full ARM resource ID (or a portal link to one). */
export function parseTarget(words: readonly string[]): ParseResult<Target> {
  const word = singleWord(words, "parse.target.missing");
  if (!word.ok) return word;
  const text = word.args;

  if (looksLikeResourceId(text)) {
    const id = parseResourceId(text);
    return id.ok ? { ok: true, args: { by: "resourceId", ...id.args } } : id;
  }
  const parts = text.split("/");
  if (parts.length > 2) return fail("parse.target.badShape", { value: shown(text) });
  if (parts.length === 2) {
    const [resourceGroup = "", name = ""] = parts;
    const error = validateResourceGroupName(resourceGroup) ?? validateComputeName(name);
    return error ? { ok: false, error } : { ok: true, args: { by: "resourceGroup", resourceGroup, name } };
  }
  const error = validateComputeName(text);
  return error ? { ok: false, error } : { ok: true, args: { by: "name", name: text } };
}

/** The words that give this target back: what a "run the exact command" button sends. */
export function formatTarget(target: Target): string {
  switch (target.by) {
    case "name":
      return target.name;
    case "resourceGroup":
      return `${target.resourceGroup}/${target.name}`;
    case "resourceId":
      return target.resourceId;
  }
}

const allWords = new Set(["all", "すべて", "全て", "全部"]);

function parseSubscriptionScope(value: string): ParseResult<Scope> {
  const sub = parseSubscriptionId(value);
  return sub.ok ? { ok: true, args: { kind: "subscription", subscriptionId: sub.args } } : sub;
}

/** `rg`, `rg:<name>`, `sub:<guid>`, `all`, or a subscription / resource-group resource ID. */
export function parseScope(words: readonly string[]): ParseResult<Scope> {
  // "sub: <guid>" with a space after the colon is the same thing as "sub:<guid>".
  const joined = words.length === 2 && /^(sub|subscription|rg):$/i.test(words[0] ?? "") ? [`${words[0]}${words[1]}`] : words;
  const word = singleWord(joined, "parse.scope.missing");
  if (!word.ok) return word;
  const text = word.args;

  if (allWords.has(text.toLowerCase())) return { ok: true, args: { kind: "all" } };
  const prefixed = /^(sub|subscription|rg):(.*)$/i.exec(text);
  if (prefixed) {
    const [, prefix = "", value = ""] = prefixed;
    if (prefix.toLowerCase() !== "rg") return parseSubscriptionScope(value);
    const error = validateResourceGroupName(value);
    return error ? { ok: false, error } : { ok: true, args: { kind: "resourceGroup", resourceGroup: value } };
  }
  if (/^\/?subscriptions\//i.test(text)) {
    const id = parseScopeResourceId(text);
    if (!id.ok) return id;
    const { subscriptionId, resourceGroup } = id.args;
    return {
      ok: true,
      args: resourceGroup === undefined ? { kind: "subscription", subscriptionId } : { kind: "resourceGroup", resourceGroup, subscriptionId },
    };
  }
  // A bare GUID is far more likely a subscription than a resource group: ask instead of guessing.
  if (isSubscriptionId(text)) return fail("parse.scope.guidNeedsPrefix", { value: text }, [`sub:${text.toLowerCase()}`]);
  if (text.includes("/")) return fail("parse.scope.badShape", { value: shown(text) });
  const error = validateResourceGroupName(text);
  return error ? { ok: false, error } : { ok: true, args: { kind: "resourceGroup", resourceGroup: text } };
}

/** The words that give this scope back. */
export function formatScope(scope: Scope): string {
  switch (scope.kind) {
    case "all":
      return "all";
    case "subscription":
      return `sub:${scope.subscriptionId}`;
    case "resourceGroup":
      return scope.subscriptionId
        ? `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`
        : // An RG literally named like a keyword or GUID keeps its meaning with the rg: prefix.
          allWords.has(scope.resourceGroup.toLowerCase()) || isSubscriptionId(scope.resourceGroup)
          ? `rg:${scope.resourceGroup}`
          : scope.resourceGroup;
  }
}
