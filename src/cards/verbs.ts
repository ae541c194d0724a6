// Card button verbs, shared by templates (through $host.verbs) and the handlers that answer them.
export const cardVerbs = {
  /** Runs `data.command` as if the user had typed it: it is re-parsed and re-validated, never trusted. */
  runCommand: "runCommand",
  // Approval cards: the data carries only the request ID (and the plan hash the card showed); the
  // request is looked up, the clicker taken from the activity (src/commands/approval-actions.ts).
  approvalApprove: "approvalApprove",
  approvalReject: "approvalReject",
  approvalCancel: "approvalCancel",
  /** The card's `refresh` and "show my options": the viewer's own view of the request. */
  approvalRefresh: "approvalRefresh",
} as const;

export type CardVerb = (typeof cardVerbs)[keyof typeof cardVerbs];
