// A bot in its own process, for the multi-process and crash tests: `node --import tsx` this file
// with APPROVALS_CHILD (JSON ChildConfig). It prints "READY <messages url>" once it listens, then
// serves until killed (SIGKILL in the crash test: nothing is flushed or closed on the way out).
import { startApprovalServer, simulatorAddress, type ChildConfig } from "./approvals-app.js";

const config = JSON.parse(process.env.APPROVALS_CHILD ?? "{}") as ChildConfig;
const server = await startApprovalServer({
  sim: simulatorAddress(config.sim),
  subscriptionIds: config.subscriptionIds,
  store: config.store,
  ...(config.settings && { settings: config.settings }),
  ...(config.leaseMs !== undefined && { leaseMs: config.leaseMs }),
  ...(config.singleProcess !== undefined && { singleProcess: config.singleProcess }),
});
process.stdout.write(`READY ${server.messagesUrl}\n`);
process.once("SIGTERM", () => {
  void server.stop().then(() => process.exit(0));
});
