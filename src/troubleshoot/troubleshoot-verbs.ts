// Card verbs of the troubleshooting walk-through (STYLE.md §4: a button is a named verb with its own
// handler). Their data names the VM and the probe; both are only looked up in the stored walk-through
// of the conversation the click came from, never trusted.
export const troubleshootVerbs = {
  /** "Run network check on the VM": ask the requester to confirm (or a second person to approve). */
  probe: "troubleshootProbe",
  /** The requester's confirmation: runs the probe. */
  confirm: "troubleshootConfirm",
  /** A second person's approval (when policy requires it): runs the probe. */
  approve: "troubleshootApprove",
  /** Withdraws a pending confirmation or approval. */
  cancel: "troubleshootCancel",
} as const;

export type TroubleshootVerb = (typeof troubleshootVerbs)[keyof typeof troubleshootVerbs];
