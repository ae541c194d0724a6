import { defaultStaleAfterMinutes } from "../../drift/findings.js";
import { isUnknown, type TroubleshootFacts } from "../facts.js";
import { findAgentExtensions } from "../find-agent-extensions.js";
import { formatAge, formatUtc } from "../format-evidence-time.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";
import { unknownEvidence } from "./unknown-evidence.js";

/**
 * A healthy agent sends one heartbeat a minute (seed 002, domain.md §3). The same threshold as the
 * status/drift findings, so a card never calls "stale" what the other calls fine.
 */
export const heartbeatFreshForMs = defaultStaleAfterMinutes * 60_000;

/** Step 4: the symptom itself. Its remedy is escalation: the causes are the other steps. */
export function checkHeartbeat(facts: TroubleshootFacts, now: Date): StepResult {
  const step = "heartbeat";
  const heartbeat = facts.heartbeat;
  if (isUnknown(heartbeat)) return { step, status: "unknown", evidence: [unknownEvidence(heartbeat)] };
  if (!heartbeat) {
    return { step, status: "fail", evidence: [evidence("heartbeat.none")], remedy: remedy("openSupportRequest") };
  }
  const ageMs = now.getTime() - heartbeat.lastSeen.getTime();
  const seen = { lastSeen: formatUtc(heartbeat.lastSeen), age: formatAge(ageMs) };
  const found: Evidence[] = [];
  if (heartbeat.version) {
    found.push(evidence("heartbeat.version", { version: heartbeat.version }));
    // Heartbeat.Version is what the agent itself reports; the instance view can disagree (domain.md §3).
    const running = findAgentExtensions(facts.vm).ama?.runningVersion;
    if (running && running !== heartbeat.version) {
      found.push(evidence("heartbeat.versionDiffers", { reported: heartbeat.version, running }));
    }
  }
  if (ageMs <= heartbeatFreshForMs) {
    return { step, status: "pass", evidence: [evidence("heartbeat.fresh", seen), ...found] };
  }
  return {
    step,
    status: "fail",
    evidence: [evidence("heartbeat.stale", seen), ...found],
    remedy: remedy("openSupportRequest"),
  };
}
