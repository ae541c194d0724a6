// Exit/error codes of the Log Analytics extension for Linux (OmsAgentForLinux), with the meaning and
// the action to show on a card. Source: seed 004 "Error codes and their meanings", domain.md §6.
// The table belongs to that extension only: the same number from another extension means something else.
import type { Extension, InstanceViewStatus } from "../fleet/port.js";

export interface ExtensionErrorInfo {
  code: number;
  /** i18n key: what the code means. */
  meaningKey: string;
  /** i18n key: what to do about it. */
  actionKey: string;
}

const knownCodes = [9, 10, 11, 17, 18, 19, 20, 33, 51, 52, 53, 55] as const;

/** Meaning and action of a Linux Log Analytics extension error code; undefined for codes the table lacks. */
export function describeLinuxLogAnalyticsError(code: number | string): ExtensionErrorInfo | undefined {
  const n = typeof code === "number" ? code : /^\d{1,4}$/.test(code.trim()) ? Number(code.trim()) : NaN;
  if (!(knownCodes as readonly number[]).includes(n)) return undefined;
  return {
    code: n,
    meaningKey: `drift.extensionError.code${n}.meaning`,
    actionKey: `drift.extensionError.code${n}.action`,
  };
}

/**
 * The error code at the end of an instance-view status code: "ProvisioningState/failed/53" -> "53",
 * "ProvisioningState/failed/InternalOperationError" -> "InternalOperationError" (azure-api.md §2).
 * Undefined when the status is not a failed provisioning state or carries no code.
 */
export function parseFailedStatusCode(statusCode: string): string | undefined {
  const match = /^ProvisioningState\/failed\/(.+)$/i.exec(statusCode.trim());
  const code = match?.[1]?.trim();
  return code ? code : undefined;
}

// Some handlers only put the exit code into the message ("... exited with code 53", "exit code: 53").
const messageCodePattern = /\b(?:exit|error|exited with)\s+code\s*[:=]?\s*(\d{1,4})\b/i;

function codeFromStatus(status: InstanceViewStatus): string | undefined {
  const fromCode = parseFailedStatusCode(status.code);
  if (fromCode) return fromCode;
  if (/^ProvisioningState\/failed$/i.test(status.code.trim()) && status.message) {
    return messageCodePattern.exec(status.message)?.[1];
  }
  return undefined;
}

export interface ExtensionFailure {
  /** The code from the instance view ("53", "InternalOperationError"), when there is one. */
  code?: string;
  /** The instance-view status code that reported the failure ("ProvisioningState/failed/53"). */
  statusCode?: string;
}

/** Whether an extension failed to provision, and with which code. Undefined when it did not fail. */
export function failureOf(extension: Pick<Extension, "provisioningState" | "statuses">): ExtensionFailure | undefined {
  const failedStatus = extension.statuses.find((s) => /^ProvisioningState\/failed(\/|$)/i.test(s.code.trim()));
  const failedState = extension.provisioningState.trim().toLowerCase() === "failed";
  if (!failedStatus && !failedState) return undefined;
  if (!failedStatus) return {};
  const code = codeFromStatus(failedStatus);
  return code === undefined ? { statusCode: failedStatus.code } : { code, statusCode: failedStatus.code };
}
