import type { UnknownFact } from "../facts.js";
import { evidence, type Evidence } from "../step-result.js";

/** "Could not read it: not allowed / failed / throttled / not run yet" for a fact the I/O layer missed. */
export function unknownEvidence(fact: UnknownFact): Evidence {
  return evidence(`unknown.${fact.reason}`);
}
