// The troubleshoot capability's public surface: pure checklist, Run Command scripts/parsers,
// support request draft and FAQ. The command handler and the I/O that gathers facts live elsewhere.
export * from "./facts.js";
export * from "./step-result.js";
export * from "./remedies.js";
export { runChecklist, runStep, checklistSteps, type ChecklistOutcome, type ChecklistStep } from "./run-checklist.js";
export { heartbeatFreshForMs } from "./steps/check-heartbeat.js";
export { assessOsSupport, amaSupportedOs, type OsSupport, type OsFamily } from "./supported-os.js";
export { findAgentExtensions, amaTypeFor, type AgentExtensions } from "./find-agent-extensions.js";
export { requiredEndpoints, isValidHostname, isGuid, regionOf, type RequiredEndpoint, type RequiredEndpoints, type EndpointPurpose } from "./required-endpoints.js";
export { buildReachabilityScript } from "./run-command/build-reachability-script.js";
export { buildOmsCertificateScript, buildRestartLegacyAgentScript } from "./run-command/build-oms-certificate-script.js";
export { UnsafeScriptInputError, commandIdFor, type RunCommandScript } from "./run-command/run-command-script.js";
export { splitRunCommandOutput, type RunCommandOutput } from "./run-command/split-run-command-output.js";
export {
  parseReachabilityOutput,
  classifyOpensslOutput,
  classifyTestNetConnectionOutput,
  type Classification,
} from "./run-command/parse-reachability-output.js";
export { parseOmsCertificateOutput, parseOpensslDate } from "./run-command/parse-oms-certificate-output.js";
export { draftSupportRequest, type SupportRequestDraft, type SupportRequestOptions } from "./draft-support-request.js";
export { faqIds, faqAnswer, listFaq, type FaqId, type FaqAnswer } from "./faq.js";
export { matchFaq, type FaqMatch } from "./match-faq.js";
export { formatUtc, formatAge } from "./format-evidence-time.js";
