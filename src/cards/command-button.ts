import { neutralizeTemplate } from "./escape-markdown.js";

/** A button that runs a command as if typed (verb runCommand); templates wire the verb and fallback. */
export interface CommandButton {
  title: string;
  command: string;
}

/** At most this many buttons in one ActionSet: the adaptivecards default host config allows 5. */
export const maxButtonsPerSet = 5;

export function commandButton(command: string, title: string = command): CommandButton {
  return { title: neutralizeTemplate(title), command: neutralizeTemplate(command) };
}
