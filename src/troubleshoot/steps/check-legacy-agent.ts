import type { CertificateDates, TroubleshootFacts } from "../facts.js";
import { isUnknown } from "../facts.js";
import { findAgentExtensions } from "../find-agent-extensions.js";
import { formatUtc } from "../format-evidence-time.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";
import { heartbeatFreshForMs } from "./check-heartbeat.js";
import { describeFailedExtension } from "./describe-failed-extension.js";
import { unknownEvidence } from "./unknown-evidence.js";

const dayMs = 86_400_000;
// Seed 003: data stops when the agent renews its certificate (about yearly) and keeps using the
// old one until restarted, so "stopped near Not Before" is the signature. Two days either side
// allows for the lag between renewal and the service rejecting the old certificate.
const renewalWindowMs = 2 * dayMs;
// With no heartbeat in the look-back window we cannot date the stop; a recent renewal still points there.
const recentRenewalMs = 30 * dayMs;

type CertificateVerdict = "expired" | "renewedNearStop" | "fine";

function judgeCertificate(cert: CertificateDates, facts: TroubleshootFacts, now: Date): CertificateVerdict {
  if (cert.notAfter.getTime() < now.getTime()) return "expired";
  const renewed = cert.notBefore.getTime();
  if (renewed > now.getTime()) return "fine";
  const heartbeat = facts.heartbeat;
  if (isUnknown(heartbeat) || !heartbeat) return now.getTime() - renewed <= recentRenewalMs ? "renewedNearStop" : "fine";
  // Data still arriving: whatever the dates say, the agent is not locked out.
  if (now.getTime() - heartbeat.lastSeen.getTime() <= heartbeatFreshForMs) return "fine";
  return Math.abs(heartbeat.lastSeen.getTime() - renewed) <= renewalWindowMs ? "renewedNearStop" : "fine";
}

/**
 * Step 9: the retired Log Analytics agent (retired 2024-08-31) is a finding on its own: migrate to
 * AMA (domain.md §1). On Linux, its certificate bug (seed 003) is checked first: a restart fixes it.
 */
export function checkLegacyAgent(facts: TroubleshootFacts, now: Date): StepResult {
  const step = "legacyAgent";
  const { legacy } = findAgentExtensions(facts.vm);
  if (!legacy) return { step, status: "skipped", evidence: [evidence("legacy.none")] };
  const found: Evidence[] = [
    evidence("legacy.present", { type: legacy.type, version: legacy.runningVersion ?? legacy.typeHandlerVersion, state: legacy.provisioningState }),
  ];
  if (legacy.provisioningState.toLowerCase() === "failed") found.push(...describeFailedExtension(legacy));
  const migrate = remedy("migrateToAma", { vm: facts.vm.name, type: legacy.type });
  if (facts.vm.osType === "Windows") return { step, status: "fail", evidence: found, remedy: migrate };

  const certificates = facts.omsCertificates;
  if (certificates === undefined) {
    found.push(evidence("legacy.certNotChecked"));
    return { step, status: "fail", evidence: found, remedy: migrate, probe: "omsCertificate" };
  }
  if (isUnknown(certificates)) {
    found.push(unknownEvidence(certificates));
    return { step, status: "fail", evidence: found, remedy: migrate, probe: "omsCertificate" };
  }
  if (certificates.length === 0) found.push(evidence("legacy.certNotFound"));
  let restart = false;
  for (const cert of certificates) {
    const dates = { notBefore: formatUtc(cert.notBefore), notAfter: formatUtc(cert.notAfter) };
    found.push(evidence("legacy.certificate", dates));
    const verdict = judgeCertificate(cert, facts, now);
    if (verdict !== "fine") {
      found.push(evidence(`legacy.${verdict}`, dates));
      restart = true;
    }
  }
  return {
    step,
    status: "fail",
    evidence: found,
    remedy: restart ? remedy("restartLegacyAgent", { vm: facts.vm.name }) : migrate,
  };
}
