// What the approval use cases run on: ports and settings, no implementation. The composition
// root builds one ApprovalDeps per process (owner = a random ID per start).
import type { Clock } from "../clock.js";
import type { Conversation, User } from "../commands/types.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetReader } from "../fleet/port.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/port.js";
import type { PlanExecutor } from "./execute-plan.js";
import type { WaveOptions } from "./plan-waves.js";
import type { Policy } from "./policy.js";
import type { GroupResolver, RbacChecker } from "./principal.js";
import type { Refusal } from "./refusal.js";
import type { ApprovalRequest } from "./request.js";

export const approvalsTable = "approvals";

export interface ApprovalDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  fleet: FleetReader;
  catalog: VersionCatalog;
  /** This process (a random ID per start): the owner of the executions it runs. */
  owner: string;
  /** Absent: requests can be made and approved but nothing runs (e.g. a read-only deployment). */
  executor?: PlanExecutor;
  groups?: GroupResolver;
  rbac?: RbacChecker;
  log?: Logger;
  newId?: () => string;
  waves?: WaveOptions;
  /** An execution whose owner has not renewed its lease for this long counts as orphaned (default 2 min). */
  leaseMs?: number;
  /** How often a running execution renews its lease (default leaseMs / 4). */
  leaseRenewMs?: number;
}

/** Who acts, and from which conversation (the tenant is taken from it, never from card data). */
export interface Acting {
  user: User;
  conversation: Conversation;
}

export type Outcome = { ok: true; request: ApprovalRequest } | { ok: false; refusal: Refusal; request?: ApprovalRequest };

export interface ExecutionHooks {
  /** After every stored change of a running request; the caller throttles card updates (Teams limits). */
  onChange?: (request: ApprovalRequest) => void;
}

export const defaultLeaseMs = 120_000;
