import type { TroubleshootFacts } from "./facts.js";
import type { StepId, StepResult } from "./step-result.js";
import { checkAgentExtension } from "./steps/check-agent-extension.js";
import { checkDataCollectionRule } from "./steps/check-data-collection-rule.js";
import { checkHeartbeat } from "./steps/check-heartbeat.js";
import { checkLegacyAgent } from "./steps/check-legacy-agent.js";
import { checkManagedIdentity } from "./steps/check-managed-identity.js";
import { checkNetwork } from "./steps/check-network.js";
import { checkPowerState } from "./steps/check-power-state.js";
import { checkPrivateLink } from "./steps/check-private-link.js";
import { checkSupportedOs } from "./steps/check-supported-os.js";

export type ChecklistStep = (facts: TroubleshootFacts, now: Date) => StepResult;

/**
 * The heartbeat-loss checklist in order (issue 4, from domain.md §4 / seed 002): what ARM and Log
 * Analytics can answer first, the probes that need Run Command on the machine last.
 */
export const checklistSteps: readonly { id: StepId; check: ChecklistStep }[] = [
  { id: "supportedOs", check: checkSupportedOs },
  { id: "powerState", check: checkPowerState },
  { id: "agentExtension", check: checkAgentExtension },
  { id: "heartbeat", check: checkHeartbeat },
  { id: "dataCollectionRule", check: checkDataCollectionRule },
  { id: "managedIdentity", check: checkManagedIdentity },
  { id: "network", check: checkNetwork },
  { id: "privateLink", check: checkPrivateLink },
  { id: "legacyAgent", check: checkLegacyAgent },
];

export interface ChecklistOutcome {
  results: StepResult[];
  /**
   * The step the card opens: the first failing cause. A stale heartbeat is the symptom, so it is
   * only "first" when no other step failed (then its remedy is the support request).
   */
  firstFailure?: StepResult;
}

/** Steps about the machine itself: a failure there comes before any agent's cause. */
const machineSteps: ReadonlySet<StepId> = new Set(["supportedOs", "powerState"]);

export function runChecklist(facts: TroubleshootFacts, now: Date): ChecklistOutcome {
  const results = checklistSteps.map(({ check }) => check(facts, now));
  const failed = results.filter((r) => r.status === "fail");
  // A confirmed legacy-agent certificate bug (seed 003) is why that agent's data stopped, and a restart
  // fixes it today; the AMA steps before it (extension, DCR, identity) describe the migration instead.
  const certificateBug = failed.find((r) => r.step === "legacyAgent" && r.remedy?.key === "restartLegacyAgent");
  const firstFailure =
    failed.find((r) => machineSteps.has(r.step)) ?? certificateBug ?? failed.find((r) => r.step !== "heartbeat") ?? failed[0];
  return firstFailure ? { results, firstFailure } : { results };
}

/** One step again (the card's "re-check" of a single step after a probe or a remedy). */
export function runStep(id: StepId, facts: TroubleshootFacts, now: Date): StepResult {
  const step = checklistSteps.find((s) => s.id === id);
  if (!step) throw new Error(`unknown checklist step ${id}`);
  return step.check(facts, now);
}
