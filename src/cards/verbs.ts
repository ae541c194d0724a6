// Card button verbs, shared by templates (through $host.verbs) and the handlers that answer them.
export const cardVerbs = {
  /** Runs `data.command` as if the user had typed it: it is re-parsed and re-validated, never trusted. */
  runCommand: "runCommand",
} as const;

export type CardVerb = (typeof cardVerbs)[keyof typeof cardVerbs];
