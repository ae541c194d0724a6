import { assessOsSupport } from "../supported-os.js";
import type { TroubleshootFacts } from "../facts.js";
import { evidence, remedy, type StepResult } from "../step-result.js";

/** Step 1 (seed 002 "サポート対象 OS の確認"): an OS the bot cannot place is "?", never a failure. */
export function checkSupportedOs(facts: TroubleshootFacts, _now: Date): StepResult {
  const support = assessOsSupport(facts.vm);
  const step = "supportedOs";
  switch (support.verdict) {
    case "supported":
      return { step, status: "pass", evidence: [evidence("os.supported", { os: support.os })] };
    case "unsupported":
      return {
        step,
        status: "fail",
        evidence: [evidence("os.unsupported", { os: support.os })],
        remedy: remedy("useSupportedOs", { os: support.os }),
      };
    case "unknown":
      if (support.why === "newerThanTable") {
        return { step, status: "unknown", evidence: [evidence("os.newerThanTable", { os: support.os })] };
      }
      return support.os
        ? { step, status: "unknown", evidence: [evidence("os.unrecognized", { os: support.os })] }
        : { step, status: "unknown", evidence: [evidence("os.notReported")] };
  }
}
