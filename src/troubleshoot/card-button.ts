// Buttons of the troubleshoot cards: Action.Execute with a verb and data, and an Action.Submit fallback
// carrying the same data (the template writes both from one object). `data.verb` repeats the verb
// because an Action.Submit arrives without one (bot-framework.md §5.4).
import { neutralizeTemplate } from "../cards/escape-markdown.js";
import { cardVerbs } from "../cards/verbs.js";

export interface CardButton {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export function verbButton(title: string, verb: string, data: Record<string, string> = {}): CardButton {
  return { title: neutralizeTemplate(title), verb, data: { verb, ...data } };
}

/** A button that runs an exact command as if typed (re-parsed and re-validated by dispatch). */
export function runCommandButton(title: string, command: string): CardButton {
  return verbButton(title, cardVerbs.runCommand, { command: neutralizeTemplate(command) });
}
