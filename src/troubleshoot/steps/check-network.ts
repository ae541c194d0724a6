import { isUnknown, type EndpointProbe, type TroubleshootFacts } from "../facts.js";
import { requiredEndpoints } from "../required-endpoints.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";
import { unknownEvidence } from "./unknown-evidence.js";

/**
 * Step 7: the machine reaches every required endpoint on TCP 443 (seed 002 "通信要件の確認").
 * Only a probe on the machine can tell (Run Command), so until the requester confirms it the
 * step is "?" and names the hosts it would check.
 */
export function checkNetwork(facts: TroubleshootFacts, _now: Date): StepResult {
  const step = "network";
  if (facts.vm.powerState !== "running") {
    return { step, status: "skipped", evidence: [evidence("network.notRunning")] };
  }
  const { endpoints, complete } = requiredEndpoints(facts);
  const hosts = endpoints.map((e) => e.host).join(", ");
  const probes = facts.reachability;
  if (probes === undefined) {
    return { step, status: "unknown", evidence: [evidence("network.notRun", { hosts })], probe: "network" };
  }
  if (isUnknown(probes)) {
    return { step, status: "unknown", evidence: [unknownEvidence(probes), evidence("network.toCheck", { hosts })], probe: "network" };
  }

  const byHost = new Map<string, EndpointProbe>(probes.map((p) => [p.host.toLowerCase(), p]));
  const found: Evidence[] = [];
  const failing = { dns: [] as string[], blocked: [] as string[] };
  let unknown = !complete;
  for (const { host } of endpoints) {
    const result = byHost.get(host)?.result ?? "unknown";
    found.push(evidence(`network.${result}`, { host }));
    if (result === "dnsFailure") failing.dns.push(host);
    else if (result === "refused" || result === "timedOut") failing.blocked.push(host);
    else if (result === "unknown") unknown = true;
  }
  if (!complete) found.push(evidence("network.incomplete"));

  if (failing.dns.length > 0) {
    return { step, status: "fail", evidence: found, remedy: remedy("fixDns", { hosts: failing.dns.join(", ") }) };
  }
  if (failing.blocked.length > 0) {
    // The remedy lists every required host: the firewall/proxy must allow all of them, not only the failing one.
    return { step, status: "fail", evidence: found, remedy: remedy("openFirewall", { hosts }) };
  }
  if (unknown) return { step, status: "unknown", evidence: found, probe: "network" };
  // Seed 002: behind Azure Firewall application rules a TCP success can still hide an HTTP-level block.
  if (facts.vm.osType === "Windows") found.push(evidence("network.firewallCaveat"));
  return { step, status: "pass", evidence: found };
}
