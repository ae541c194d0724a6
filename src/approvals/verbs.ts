// The mutating verbs that go through approval. Grants name them; plans are computed for them.
// Troubleshoot remedies map onto the last four (src/troubleshoot/remedies.ts).

export const approvalVerbs = ["upgrade", "autoupgrade", "reinstall", "restart-agent", "start-vm", "enable-identity"] as const;

export type ApprovalVerb = (typeof approvalVerbs)[number];

export function isApprovalVerb(text: string): text is ApprovalVerb {
  return (approvalVerbs as readonly string[]).includes(text);
}
