// The shape every checklist step returns. Text is never built here: evidence and remedies are
// i18n keys with params ("troubleshoot.evidence.*", "troubleshoot.remedy.*"), rendered by the card.
import type { RemedyKey } from "./remedies.js";

/** In the order of the checklist (issue 4; domain.md §4 with the machine probes last). */
export const stepIds = [
  "supportedOs",
  "powerState",
  "agentExtension",
  "heartbeat",
  "dataCollectionRule",
  "managedIdentity",
  "network",
  "privateLink",
  "legacyAgent",
] as const;
export type StepId = (typeof stepIds)[number];

/** pass ✓, fail ✗, unknown ? (could not tell), skipped (does not apply to this machine). */
export type StepStatus = "pass" | "fail" | "unknown" | "skipped";

export type Params = Record<string, string | number>;

export interface Evidence {
  key: string;
  params: Params;
}

export interface Remedy {
  key: RemedyKey;
  params: Params;
}

/** A check that only a script on the machine can answer (Run Command; needs the requester's OK). */
export type ProbeKind = "network" | "omsCertificate";

export interface StepResult {
  step: StepId;
  status: StepStatus;
  evidence: Evidence[];
  remedy?: Remedy;
  /** Set when running this probe would turn "?" into a verdict (or refine one). */
  probe?: ProbeKind;
}

export function evidence(key: string, params: Params = {}): Evidence {
  return { key: `troubleshoot.evidence.${key}`, params };
}

export function remedy(key: RemedyKey, params: Params = {}): Remedy {
  return { key, params };
}
