import { driftCommand } from "./drift.js";
import { createHelpCommand } from "./help.js";
import { statusCommand } from "./status.js";
import type { CommandSpec } from "./types.js";

// The one list of commands: dispatch, help, did-you-mean and the manifest's commandLists read it.
// Later issues add their specs here.
export const helpCommand = createHelpCommand(() => commandSpecs);

export const commandSpecs: CommandSpec[] = [statusCommand, driftCommand, helpCommand];
