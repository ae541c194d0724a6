// Message references for the approval card: the state line, one line per plan item, skipped
// resources. The card helper renders them with t(); nothing here is user-facing text itself.
import { message, type MessageRef } from "./message-ref.js";
import type { PlanItem, SkippedItem } from "./plan.js";
import { formatUtcMinute } from "./refusal.js";
import { stateKey, type ApprovalRequest } from "./request.js";

/** Short badge: approvals.state.<state>. */
export function stateLabel(request: ApprovalRequest): MessageRef {
  return message(`approvals.state.${stateKey(request.state)}`);
}

/** The sentence under the title: "Approved by Bob at 10:42", "Expired — request again", ... (approvals.stateLine.<state>). */
export function describeState(request: ApprovalRequest, formatTime: (iso: string) => string = formatUtcMinute): MessageRef {
  const key = `approvals.stateLine.${stateKey(request.state)}`;
  const last = request.approvals[request.approvals.length - 1];
  switch (request.state) {
    case "pending":
      return message(key, { time: formatTime(request.expiresAt), count: request.approvals.length, required: request.approvalsRequired });
    case "rejected":
    case "cancelled":
      return message(key, { name: request.decision?.by.name ?? "", time: formatTime(request.decision?.at ?? request.updatedAt) });
    case "expired":
      return message(key, { time: formatTime(request.expiresAt) });
    case "voided":
      return message(key, { time: formatTime(request.voided?.at ?? request.updatedAt) });
    default:
      return message(key, { name: last?.by.name ?? "", time: formatTime(last?.at ?? request.updatedAt) });
  }
}

/** One plan line: "vm-web-02: AzureMonitorLinuxAgent 1.32.5 → 1.33 (latest 1.33.2)" (approvals.plan.<kind>). */
export function describeItem(item: PlanItem): MessageRef {
  const name = item.resource.name;
  const action = item.action;
  switch (action.kind) {
    case "setExtensionVersion":
      return action.forceUpdateTag
        ? message("approvals.plan.reapplyExtension", { name, extension: action.extension.name, from: action.runningVersion ?? action.fromVersion, latest: action.latestVersion })
        : message("approvals.plan.setExtensionVersion", {
            name,
            extension: action.extension.name,
            from: action.runningVersion ?? action.fromVersion,
            to: action.toVersion,
            latest: action.latestVersion,
          });
    case "setAutomaticUpgrade":
      return message(action.enable ? "approvals.plan.autoUpgradeOn" : "approvals.plan.autoUpgradeOff", { name, extension: action.extension.name });
    case "rolloutModel":
      return message("approvals.plan.rolloutModel", {
        name,
        instances: action.waves.reduce((n, w) => n + w.length, 0),
        waves: action.waves.length,
        canary: action.waves[0]?.length ?? 0,
      });
    case "reinstallExtension":
      return message("approvals.plan.reinstallExtension", { name, extension: action.extension.name, version: action.definition.typeHandlerVersion });
    case "runCommand":
      return message("approvals.plan.restartLegacyAgent", { name });
    case "startVm":
      return message("approvals.plan.startVm", { name });
    case "enableSystemIdentity":
      return message("approvals.plan.enableSystemIdentity", { name });
  }
}

/** A skipped resource: its display name and why (the reason is an approvals.skip.* message). */
export function describeSkipped(skipped: SkippedItem): { name: string; reason: MessageRef } {
  const name = skipped.extension ? `${skipped.resource.name} / ${skipped.extension.name}` : skipped.resource.name;
  return { name, reason: skipped.reason };
}
