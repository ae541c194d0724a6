// The approvals capability as one running part: the use cases' dependencies, the cards of requests
// and their in-place updates, the background work after a click is answered (execution, heartbeat
// watch), and the periodic sweep that expires requests and recovers executions a dead process left.
// main.ts, the tests and the bench build it with createApprovalRuntime and hand it to the commands.
import { randomUUID } from "node:crypto";
import type { ApprovalDeps, ExecutionHooks } from "../approvals/approval-deps.js";
import { createPlanExecutor, type ExecutorOptions } from "../approvals/execute-plan.js";
import type { FleetWriter, InstanceStateReader } from "../approvals/fleet-writer.js";
import { heartbeatsSettled } from "../approvals/heartbeat-check.js";
import { instanceStatesFromFleet } from "../approvals/instance-states-from-fleet.js";
import type { WaveOptions } from "../approvals/plan-waves.js";
import { roleOf, visibleVerbs, type Policy } from "../approvals/policy.js";
import { resolvePrincipal, type GroupResolver, type RbacChecker } from "../approvals/principal.js";
import { approvalSubject, isFinal, type ApprovalRequest } from "../approvals/request.js";
import { checkHeartbeats, expireDue, getRequest, recordCardActivity, recoverInterrupted } from "../approvals/use-cases.js";
import { isApprovalVerb } from "../approvals/verbs.js";
import type { Clock } from "../clock.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetReader } from "../fleet/port.js";
import type { Locale } from "../i18n/translate.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/port.js";
import { buildApprovalCard, maxRefreshUsers, type CardView, type Notice } from "./approval-card.js";
import { createApprovalMessages, type ApprovalMessages } from "./approval-messages.js";
import { createCardUpdater, type CardUpdater } from "./card-updater.js";
import type { CardReply, ChatRequest, ChatResumer, CommandSpec } from "./types.js";
import { createUserDirectory, type UserDirectory } from "./user-directory.js";

export interface ApprovalSettings {
  /** At least this long between two updates of one card (Teams rate limits, bot-framework.md §4.5). */
  cardUpdateIntervalMs: number;
  /** Longest wait after the connector throttled a card update. */
  maxBackoffMs: number;
  /** How long heartbeats are watched after a change (0: not at all). */
  heartbeatWatchMs: number;
  /** Between two heartbeat checks during the watch (the first one too: agents need time to report). */
  heartbeatPollMs: number;
  /** Between two sweeps (expiry, recovery of orphaned executions). */
  sweepIntervalMs: number;
}

export const defaultApprovalSettings: ApprovalSettings = {
  cardUpdateIntervalMs: 3_000,
  maxBackoffMs: 60_000,
  heartbeatWatchMs: 15 * 60_000,
  heartbeatPollMs: 60_000,
  sweepIntervalMs: 30_000,
};

export interface ApprovalRuntimeOptions {
  store: Store;
  policy: Policy;
  fleet: FleetReader;
  catalog: VersionCatalog;
  clock: Clock;
  log: Logger;
  /** The only holder of the FleetWriter (ARCHITECTURE.md seam 6); absent: requests are approved but nothing runs. */
  writer?: FleetWriter;
  /** Reads scale-set instances between waves (the Azure writer is one). */
  instances?: InstanceStateReader;
  executor?: Partial<Pick<ExecutorOptions, "pollIntervalMs" | "waveTimeoutMs" | "callTimeoutMs" | "concurrency" | "sleep">>;
  waves?: WaveOptions;
  /** An execution whose process stopped renewing its lease for this long is taken over (default 2 min). */
  leaseMs?: number;
  groups?: GroupResolver;
  rbac?: RbacChecker;
  settings?: Partial<ApprovalSettings>;
  /**
   * Exactly one bot process uses this store (the local store's lock guarantees it): whatever was left
   * executing when it starts belongs to a dead process and is recovered at once, without waiting for the lease.
   */
  singleProcess?: boolean;
  owner?: string;
  newId?: () => string;
}

export interface ApprovalRuntime {
  readonly deps: ApprovalDeps;
  readonly settings: ApprovalSettings;
  readonly directory: UserDirectory;
  readonly messages: ApprovalMessages;
  /** Every stored change of a running request queues an update of its card. */
  readonly hooks: ExecutionHooks;
  /** CommandDeps.mayRun: read commands are open; a mutating one needs a request grant here (help lists only those). */
  mayRun(spec: CommandSpec, request: ChatRequest): Promise<boolean>;
  /** refresh.userIds: the requester, then the approvers the bot has met (≤ 60). */
  refreshUsers(request: ApprovalRequest): Promise<string[]>;
  card(request: ApprovalRequest, view: CardView, locale: Locale, notice?: Notice): Promise<CardReply>;
  /** Remembers where a request's card was posted, so updates replace it in place. */
  trackCard(requestId: string, messageId: string, reference: Record<string, unknown> | undefined, locale: Locale): Promise<void>;
  /** Queues an update of the request's shared card (throttled; rendered from the stored request when sent). */
  publish(request: ApprovalRequest): void;
  /** Background work after a click was answered: the execution to its end, then the heartbeat watch. */
  follow(requestId: string, execution?: Promise<ApprovalRequest | undefined>): void;
  /** Where proactive updates go; main.ts passes the bot endpoint's resumeChat. */
  attachChat(resume: ChatResumer): void;
  /** Recovers and expires once, then sweeps periodically. */
  start(): Promise<void>;
  sweep(options?: { staleAfterMs?: number }): Promise<void>;
  /** Resolves when no execution, heartbeat watch or card update of this process is under way. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createApprovalRuntime(options: ApprovalRuntimeOptions): ApprovalRuntime {
  const settings: ApprovalSettings = { ...defaultApprovalSettings, ...options.settings };
  const log = options.log.child({ capability: "approvals" });
  const { store, policy, clock } = options;
  const directory = createUserDirectory(store, (error) => log.warn({ err: error }, "approvals: could not remember a user"));
  const messages = createApprovalMessages(store);
  const watching = new Set<string>();
  const background = new Set<Promise<unknown>>();
  const timers = new Set<() => void>();
  let resume: ChatResumer | undefined;
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> | undefined;
  let stopped = false;

  const deps: ApprovalDeps = {
    store,
    clock,
    policy,
    fleet: options.fleet,
    catalog: options.catalog,
    owner: options.owner ?? `bot-${randomUUID()}`,
    log,
    ...(options.writer && {
      executor: createPlanExecutor({
        writer: options.writer,
        // Without a finer reader, the scale set's own view (model applied, provisioning state) decides a wave.
        instances: options.instances ?? instanceStatesFromFleet(options.fleet),
        clock,
        ...options.executor,
      }),
    }),
    ...(options.groups && { groups: options.groups }),
    ...(options.rbac && { rbac: options.rbac }),
    ...(options.newId && { newId: options.newId }),
    ...(options.waves && { waves: options.waves }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  };

  const keep = <T>(work: Promise<T>): Promise<T> => {
    background.add(work);
    void work.finally(() => background.delete(work)).catch(() => undefined);
    return work;
  };

  // Sleeps of the heartbeat watch; stop() ends them early (the watch then sees `stopped`).
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(wake);
        resolve();
      }, ms);
      timer.unref?.();
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      timers.add(wake);
    });

  async function refreshUsers(request: ApprovalRequest): Promise<string[]> {
    const ids = request.requester.userId ? [request.requester.userId] : [];
    const subject = approvalSubject(request);
    for (const known of await directory.list()) {
      if (ids.length >= maxRefreshUsers) break;
      if (known.objectId.toLowerCase() === request.requester.objectId.toLowerCase() || ids.includes(known.userId)) continue;
      const principal = { objectId: known.objectId, groupIds: [] as string[], ...(request.tenantId && { tenantId: request.tenantId }) };
      if (roleOf(policy, subject, principal) === "approver") ids.push(known.userId);
    }
    return ids;
  }

  async function card(request: ApprovalRequest, view: CardView, locale: Locale, notice?: Notice): Promise<CardReply> {
    return buildApprovalCard(locale, {
      request,
      view,
      userIds: request.state === "pending" ? await refreshUsers(request) : [],
      ...(notice && { notice }),
      watchingHeartbeats: watching.has(request.id),
    });
  }

  const updater: CardUpdater<true> = createCardUpdater<true>({
    minIntervalMs: settings.cardUpdateIntervalMs,
    maxBackoffMs: settings.maxBackoffMs,
    log,
    async deliver(requestId) {
      const message = await messages.get(requestId);
      if (!message?.reference || !resume) return;
      // Rendered from the stored request at send time: whatever was queued in between is never shown stale.
      const request = await getRequest(store, requestId);
      if (!request) return;
      await resume(message.reference).update(message.messageId, await card(request, "base", message.locale));
    },
  });

  function publish(request: ApprovalRequest): void {
    updater.push(request.id, true);
  }

  const hooks: ExecutionHooks = { onChange: publish };

  /** Checks heartbeats a few times after the change, until every machine reports or the window closes. */
  async function watchHeartbeats(request: ApprovalRequest): Promise<void> {
    const vmItems = request.plan.items.filter((i) => i.resource.kind === "vm");
    if (settings.heartbeatWatchMs <= 0 || vmItems.length === 0 || request.state === "voided") return;
    watching.add(request.id);
    publish(request);
    const deadline = Date.now() + settings.heartbeatWatchMs;
    try {
      while (!stopped && Date.now() < deadline) {
        await sleep(Math.min(settings.heartbeatPollMs, Math.max(0, deadline - Date.now())));
        if (stopped) return;
        const checked = await checkHeartbeats(deps, request.id);
        if (!checked.ok) return;
        publish(checked.request);
        const machines = checked.request.heartbeats?.machines ?? [];
        if (machines.length === 0 || heartbeatsSettled(machines)) return;
      }
    } catch (error) {
      log.warn({ err: error, requestId: request.id }, "approvals: heartbeat check failed");
    } finally {
      watching.delete(request.id);
      if (!stopped) publish(request);
    }
  }

  function follow(requestId: string, execution?: Promise<ApprovalRequest | undefined>): void {
    if (!execution) return;
    keep(
      (async () => {
        const finished = await execution;
        if (!finished) return;
        publish(finished);
        if (isFinal(finished.state) && finished.execution?.finishedAt) await watchHeartbeats(finished);
      })().catch((error: unknown) => log.error({ err: error, requestId }, "approvals: background work failed")),
    );
  }

  async function sweepOnce(staleAfterMs?: number): Promise<void> {
    try {
      for (const expired of await expireDue(deps)) publish(expired);
      const recovered = await recoverInterrupted(deps, { ...hooks, ...(staleAfterMs !== undefined && { staleAfterMs }) });
      for (const r of recovered) {
        log.info({ requestId: r.request.id, action: r.action }, "approvals: recovered an orphaned request");
        publish(r.request);
        follow(r.request.id, r.execution);
      }
    } catch (error) {
      log.error({ err: error }, "approvals: sweep failed");
    }
  }

  async function sweep(sweepOptions: { staleAfterMs?: number } = {}): Promise<void> {
    // One sweep at a time per process: a slow store must not stack them up.
    if (sweeping) return sweeping;
    sweeping = keep(sweepOnce(sweepOptions.staleAfterMs)).finally(() => (sweeping = undefined));
    return sweeping;
  }

  async function mayRun(spec: CommandSpec, request: ChatRequest): Promise<boolean> {
    void directory.remember(request.user);
    if (spec.effect === "read") return true;
    if (!isApprovalVerb(spec.grant)) return false;
    const principal = await resolvePrincipal(policy, request.user, request.conversation, options.groups);
    return principal !== undefined && visibleVerbs(policy, principal, request.conversation).includes(spec.grant);
  }

  return {
    deps,
    settings,
    directory,
    messages,
    hooks,
    mayRun,
    refreshUsers,
    card,
    async trackCard(requestId, messageId, reference, locale) {
      await messages.record({ requestId, messageId, ...(reference && { reference }), locale });
      const recorded = await recordCardActivity(deps, requestId, messageId);
      if (!recorded.ok) log.warn({ requestId, refusal: recorded.refusal.code }, "approvals: could not record the card's message");
    },
    publish,
    follow,
    attachChat(resumer) {
      resume = resumer;
    },
    async start() {
      await sweep(options.singleProcess ? { staleAfterMs: 0 } : {});
      sweepTimer = setInterval(() => void sweep(), settings.sweepIntervalMs);
      sweepTimer.unref?.();
    },
    sweep,
    async idle() {
      for (;;) {
        if (background.size === 0) {
          await updater.idle();
          if (background.size === 0) return;
        }
        await Promise.allSettled([...background]);
      }
    },
    async stop() {
      stopped = true;
      if (sweepTimer) clearInterval(sweepTimer);
      for (const wake of [...timers]) wake();
      timers.clear();
      await sweeping;
      updater.stop();
    },
  };
}
