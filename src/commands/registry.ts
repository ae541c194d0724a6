import { approvalsCommand } from "./approvals.js";
import { auditCommand } from "./audit.js";
import { autoUpgradeCommand } from "./autoupgrade.js";
import { cancelCommand } from "./cancel.js";
import { driftCommand } from "./drift.js";
import { faqCommand } from "./faq.js";
import { createHelpCommand } from "./help.js";
import { reinstallCommand } from "./reinstall.js";
import { restartAgentCommand } from "./restart-agent.js";
import { startVmCommand } from "./start-vm.js";
import { enableIdentityCommand } from "./enable-identity.js";
import { statusCommand } from "./status.js";
import { subscribeCommand } from "./subscribe.js";
import { subscriptionsCommand } from "./subscriptions.js";
import { createTroubleshootCommand } from "./troubleshoot.js";
import type { CommandSpec } from "./types.js";
import { unsubscribeCommand } from "./unsubscribe.js";
import { upgradeCommand } from "./upgrade.js";

// The one list of commands: dispatch, help, did-you-mean and the manifest's commandLists read it.
// Later issues add their specs here.
export const helpCommand = createHelpCommand(() => commandSpecs);
export const troubleshootCommand = createTroubleshootCommand(() => commandSpecs);

// Approvals (issue 3): the mutating commands, then the ones that read and withdraw requests.
const approvalSpecs = [upgradeCommand, autoUpgradeCommand, reinstallCommand, restartAgentCommand, startVmCommand, enableIdentityCommand, approvalsCommand, cancelCommand, auditCommand] as CommandSpec[];

// Scheduled digests (issue 5).
const scheduleSpecs = [subscribeCommand, unsubscribeCommand, subscriptionsCommand] as CommandSpec[];

export const commandSpecs: CommandSpec[] = [statusCommand, driftCommand, troubleshootCommand, faqCommand, ...approvalSpecs, ...scheduleSpecs, helpCommand];
