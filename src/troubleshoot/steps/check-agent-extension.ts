import type { TroubleshootFacts } from "../facts.js";
import { amaTypeFor, findAgentExtensions } from "../find-agent-extensions.js";
import { evidence, remedy, type StepResult } from "../step-result.js";
import { describeFailedExtension } from "./describe-failed-extension.js";

const inProgress = new Set(["creating", "updating", "deleting"]);

/** Step 3: AMA is installed and "Provisioning succeeded" (seed 002 "Azure Monitor エージェントの状態の確認"). */
export function checkAgentExtension(facts: TroubleshootFacts, _now: Date): StepResult {
  const step = "agentExtension";
  const { ama, legacy } = findAgentExtensions(facts.vm);
  const type = amaTypeFor(facts.vm);
  if (!ama) {
    const found = [evidence("extension.amaMissing", { type })];
    if (legacy) found.push(evidence("extension.legacyInstead", { type: legacy.type }));
    return { step, status: "fail", evidence: found, remedy: remedy("reinstallAma", { vm: facts.vm.name, type }) };
  }
  const params = {
    name: ama.name,
    state: ama.provisioningState,
    version: ama.runningVersion ?? ama.typeHandlerVersion,
  };
  const state = ama.provisioningState.toLowerCase();
  if (state === "succeeded") {
    return { step, status: "pass", evidence: [evidence("extension.succeeded", params)] };
  }
  if (inProgress.has(state)) {
    return { step, status: "unknown", evidence: [evidence("extension.inProgress", params)] };
  }
  return {
    step,
    status: "fail",
    evidence: [evidence("extension.notSucceeded", params), ...describeFailedExtension(ama)],
    remedy: remedy("reinstallAma", { vm: facts.vm.name, type: ama.type }),
  };
}
