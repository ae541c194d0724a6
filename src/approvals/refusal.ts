import { message, type MessageRef } from "./message-ref.js";

/**
 * Why an approval action was refused: an expected outcome, rendered from stored state in the
 * reader's language ("already approved by Bob at 10:42"), never an exception. Times are ISO strings.
 */
export type Refusal =
  | { code: "anonymous" }
  | { code: "wrongTenant" }
  | { code: "notGranted"; verb: string }
  | { code: "notApprover" }
  | { code: "selfApproval" }
  | { code: "alreadyApprovedByYou"; at: string }
  | { code: "alreadyApproved"; by: string; at: string }
  | { code: "alreadyRejected"; by: string; at: string }
  | { code: "alreadyCancelled"; by: string; at: string }
  | { code: "expired"; at: string }
  | { code: "voided"; at: string }
  | { code: "notRequester" }
  | { code: "requesterCannotReject" }
  | { code: "noRbacWriteRole"; resource: string }
  | { code: "notFound"; id: string }
  | { code: "planMismatch" }
  | { code: "nothingToDo" }
  | { code: "wrongState"; state: string }
  | { code: "leaseLost"; owner: string };

export type RefusalCode = Refusal["code"];

/** Every refusal code, so tests can check each has its strings in both languages. */
export const refusalCodes = [
  "anonymous",
  "wrongTenant",
  "notGranted",
  "notApprover",
  "selfApproval",
  "alreadyApprovedByYou",
  "alreadyApproved",
  "alreadyRejected",
  "alreadyCancelled",
  "expired",
  "voided",
  "notRequester",
  "requesterCannotReject",
  "noRbacWriteRole",
  "notFound",
  "planMismatch",
  "nothingToDo",
  "wrongState",
  "leaseLost",
] as const satisfies readonly RefusalCode[];

// Compile-time check that the list above names every code of the union.
type MissingCode = Exclude<RefusalCode, (typeof refusalCodes)[number]>;
const everyCodeListed: [MissingCode] extends [never] ? true : never = true;
void everyCodeListed;

export type Decision = { ok: true } | { ok: false; refusal: Refusal };

export const allowed: Decision = { ok: true };

export function refuse(refusal: Refusal): Decision {
  return { ok: false, refusal };
}

/** "2025-06-01 10:42 UTC": a readable default; cards may pass a formatter for the reader's zone. */
export function formatUtcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The i18n key and parameters of a refusal: "approvals.refusal.<code>". */
export function describeRefusal(refusal: Refusal, formatTime: (iso: string) => string = formatUtcMinute): MessageRef {
  const key = `approvals.refusal.${refusal.code}`;
  switch (refusal.code) {
    case "notGranted":
      return message(key, { verb: refusal.verb });
    case "alreadyApprovedByYou":
    case "expired":
    case "voided":
      return message(key, { time: formatTime(refusal.at) });
    case "alreadyApproved":
    case "alreadyRejected":
    case "alreadyCancelled":
      return message(key, { name: refusal.by, time: formatTime(refusal.at) });
    case "noRbacWriteRole":
      return message(key, { resource: refusal.resource });
    case "notFound":
      return message(key, { id: refusal.id });
    case "wrongState":
      return message(key, { state: refusal.state });
    case "leaseLost":
      return message(key, { owner: refusal.owner });
    default:
      return message(key);
  }
}
