import type { TroubleshootFacts } from "../facts.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";

/** Step 6: AMA authenticates with a system- or user-assigned managed identity (seed 002 "マネージド ID"). */
export function checkManagedIdentity(facts: TroubleshootFacts, _now: Date): StepResult {
  const step = "managedIdentity";
  const { systemAssigned, userAssignedIds } = facts.vm.identity;
  const found: Evidence[] = [];
  if (systemAssigned) found.push(evidence("identity.system"));
  for (const id of userAssignedIds) {
    found.push(evidence("identity.user", { identity: id.split("/").filter(Boolean).pop() ?? id }));
  }
  if (found.length > 0) return { step, status: "pass", evidence: found };
  return {
    step,
    status: "fail",
    evidence: [evidence("identity.none")],
    remedy: remedy("enableSystemIdentity", { vm: facts.vm.name }),
  };
}
