import type { TroubleshootFacts } from "../facts.js";
import { formatUtc } from "../format-evidence-time.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";

/** Step 2: a machine that is not running sends nothing (seed 002 "マシンの起動状態の確認"). */
export function checkPowerState(facts: TroubleshootFacts, _now: Date): StepResult {
  const { powerState, powerStateSince } = facts.vm;
  const found: Evidence[] = [evidence(`power.${powerState}`)];
  if (powerStateSince) found.push(evidence("power.since", { since: formatUtc(powerStateSince) }));
  const step = "powerState";
  switch (powerState) {
    case "running":
      return { step, status: "pass", evidence: found };
    case "stopped":
    case "deallocated":
    case "stopping":
    case "deallocating":
      return { step, status: "fail", evidence: found, remedy: remedy("startVm", { vm: facts.vm.name }) };
    // Starting: it may be fine in a minute; re-check rather than guess.
    case "starting":
    case "unknown":
      return { step, status: "unknown", evidence: found };
  }
}
