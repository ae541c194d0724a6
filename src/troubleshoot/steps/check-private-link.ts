import { isUnknown, type TroubleshootFacts } from "../facts.js";
import { amplsPrivateDnsZones } from "../remedies.js";
import { requiredEndpoints } from "../required-endpoints.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";
import { isPrivateAddress } from "./is-private-address.js";
import { unknownEvidence } from "./unknown-evidence.js";

function nameOf(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

/**
 * Step 8, only when AMPLS is used (seed 002 "AMPLS を使用している場合"): (A) the workspace and the
 * DCE are added to the scope; (B) the private DNS zones are linked to the machine's VNet, which
 * shows on the machine as the endpoints resolving to private addresses.
 */
export function checkPrivateLink(facts: TroubleshootFacts, _now: Date): StepResult {
  const step = "privateLink";
  const scopes = facts.privateLinkScopes;
  if (isUnknown(scopes)) return { step, status: "unknown", evidence: [unknownEvidence(scopes)] };
  if (scopes.length === 0) return { step, status: "skipped", evidence: [evidence("ampls.notUsed")] };
  const collection = facts.dataCollection;
  if (isUnknown(collection)) return { step, status: "unknown", evidence: [unknownEvidence(collection)] };

  const scopeNames = scopes.map((s) => s.name).join(", ");
  const scoped = new Set(scopes.flatMap((s) => s.scopedResourceIds.map((id) => id.toLowerCase())));
  const resources = new Map<string, string>(); // lower-case id -> name
  for (const rule of collection.rules) {
    for (const d of rule.destinations) resources.set(d.workspaceResourceId.toLowerCase(), nameOf(d.workspaceResourceId));
    if (rule.dataCollectionEndpointId) resources.set(rule.dataCollectionEndpointId.toLowerCase(), nameOf(rule.dataCollectionEndpointId));
  }
  for (const a of collection.associations) {
    if (a.dataCollectionEndpointId) resources.set(a.dataCollectionEndpointId.toLowerCase(), nameOf(a.dataCollectionEndpointId));
  }

  const found: Evidence[] = [];
  const missing: string[] = [];
  for (const [id, name] of resources) {
    if (scoped.has(id)) found.push(evidence("ampls.inScope", { resource: name, scope: scopeNames }));
    else {
      found.push(evidence("ampls.notInScope", { resource: name, scope: scopeNames }));
      missing.push(name);
    }
  }
  // AMA over private link fetches its configuration from a DCE in the scope (MS Learn
  // "Enable network isolation for Azure Monitor Agent"); without one it keeps using public endpoints.
  const hasDce = [...resources.keys()].some((id) => id.includes("/datacollectionendpoints/"));
  if (!hasDce) {
    found.push(evidence("ampls.noDce"));
    missing.push("DCE");
  }
  if (missing.length > 0) {
    return { step, status: "fail", evidence: found, remedy: remedy("amplsAddResources", { resources: missing.join(", "), scope: scopeNames }) };
  }

  const zones = amplsPrivateDnsZones.join(", ");
  const probes = facts.reachability;
  const required = new Set(requiredEndpoints(facts).endpoints.map((e) => e.host));
  const resolved = probes && !isUnknown(probes) ? probes.filter((p) => required.has(p.host.toLowerCase())) : [];
  const publicOnes = resolved.filter((p) => p.resolvedAddress && !isPrivateAddress(p.resolvedAddress));
  const unresolved = resolved.filter((p) => p.result === "dnsFailure");
  for (const p of publicOnes) found.push(evidence("ampls.publicAddress", { host: p.host, address: p.resolvedAddress! }));
  for (const p of unresolved) found.push(evidence("ampls.unresolved", { host: p.host }));
  if (publicOnes.length > 0 || unresolved.length > 0) {
    return { step, status: "fail", evidence: found, remedy: remedy("amplsDnsZones", { zones }) };
  }
  const verified = resolved.filter((p) => p.resolvedAddress);
  if (verified.length === 0 || verified.length < required.size) {
    found.push(evidence("ampls.dnsNotVerified", { zones }));
    return { step, status: "unknown", evidence: found, probe: "network" };
  }
  found.push(evidence("ampls.privateAddresses"));
  return { step, status: "pass", evidence: found };
}
