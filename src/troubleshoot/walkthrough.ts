// A troubleshooting walk-through: who started it in which conversation, for which VM, and where its
// machine probes stand. It is stored (walkthrough-store.ts) so that a confirm button pressed after a
// restart, or on another bot instance, still finds who may press it. Pure: values in, values out.
import type { OsType, Vm } from "../fleet/port.js";
import type { Locale } from "../i18n/translate.js";
import { isUnknown, unknownFact, type CertificateDates, type EndpointProbe, type Fact, type UnknownReason } from "./facts.js";
import type { ProbeKind } from "./step-result.js";

export const probeKinds: readonly ProbeKind[] = ["network", "omsCertificate"];

export function isProbeKind(value: unknown): value is ProbeKind {
  return typeof value === "string" && (probeKinds as readonly string[]).includes(value);
}

/** A person as the walk-through remembers them; authorization compares aadObjectId only. */
export interface PersonRef {
  id: string;
  aadObjectId?: string;
  name: string;
}

/** Certificate dates as stored (JSON has no Date). */
export interface StoredCertificate {
  path?: string;
  notBefore: string;
  notAfter: string;
}

export interface StoredProbeResult {
  unknown?: UnknownReason;
  endpoints?: EndpointProbe[];
  certificates?: StoredCertificate[];
}

export type ProbeStatus =
  /** The requester pressed the probe button; the confirm card is showing. */
  | { state: "confirming"; at: string }
  /** Policy wants a second person: waiting for someone other than the requester to approve. */
  | { state: "awaitingApproval"; at: string }
  | { state: "running"; at: string; by: PersonRef; approvedBy?: PersonRef }
  | { state: "done"; at: string; by: PersonRef; approvedBy?: PersonRef; result: StoredProbeResult };

export interface WalkThrough {
  conversationId: string;
  vm: { id: string; subscriptionId: string; resourceGroup: string; name: string; osType: OsType };
  requester: PersonRef;
  locale: Locale;
  startedAt: string;
  /** The endpoints the network probe would check, as of the last checklist run. */
  networkHosts: string[];
  probes: Partial<Record<ProbeKind, ProbeStatus>>;
}

/** Who confirms a Run Command probe: the requester themself, or a second person (policy setting). */
export type ProbeConfirmation = "requester" | "secondPerson";

/** A probe result older than this is not carried into a new checklist run: the machine may have changed. */
export const probeResultTtlMs = 30 * 60_000;
/**
 * A "running" probe older than this was interrupted (the bot restarted mid-run): it may be started
 * again. The scripts bound every connection to 10 s, so a healthy run ends long before.
 */
export const probeRunTimeoutMs = 10 * 60_000;

export function personOf(user: { id: string; aadObjectId?: string; name: string }): PersonRef {
  return user.aadObjectId ? { id: user.id, aadObjectId: user.aadObjectId, name: user.name } : { id: user.id, name: user.name };
}

/** The same Entra user. Users without an object ID (anonymous meeting guests) are nobody's match. */
export function isSamePerson(a: { aadObjectId?: string }, b: { aadObjectId?: string }): boolean {
  return !!a.aadObjectId && !!b.aadObjectId && a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();
}

export function startWalkThrough(input: {
  conversationId: string;
  vm: Vm;
  requester: PersonRef;
  locale: Locale;
  now: Date;
  networkHosts: string[];
  /** The walk-through this one replaces: its recent and running probes carry over (pending ones only for the same requester). */
  previous?: WalkThrough;
}): WalkThrough {
  const { vm, now } = input;
  const probes: WalkThrough["probes"] = {};
  for (const kind of probeKinds) {
    const status = input.previous?.probes[kind];
    const done = freshResult(input.previous, kind, now);
    if (done) probes[kind] = done;
    if (isRunning(status, now)) probes[kind] = status;
    // A pending confirmation or approval stays with its requester's next run, not with someone else's.
    const pending = status?.state === "confirming" || status?.state === "awaitingApproval";
    if (pending && input.previous && isSamePerson(input.previous.requester, input.requester)) probes[kind] = status;
  }
  return {
    conversationId: input.conversationId,
    vm: { id: vm.id, subscriptionId: vm.subscriptionId, resourceGroup: vm.resourceGroup, name: vm.name, osType: vm.osType },
    requester: input.requester,
    locale: input.locale,
    startedAt: now.toISOString(),
    networkHosts: input.networkHosts,
    probes,
  };
}

export function isRunning(status: ProbeStatus | undefined, now: Date): boolean {
  return status?.state === "running" && now.getTime() - Date.parse(status.at) < probeRunTimeoutMs;
}

export function runningProbes(walkThrough: WalkThrough, now: Date): ProbeKind[] {
  return probeKinds.filter((kind) => isRunning(walkThrough.probes[kind], now));
}

/** Why a probe request, confirmation or approval is refused; undefined when it may go ahead. */
export type ProbeRefusal =
  | "notRequester"
  | "requesterCannotApprove"
  | "anonymous"
  | "alreadyRunning"
  | "notAsked";

/** The requester presses "run the check": ask them to confirm, or ask a second person to approve. */
export function askForProbe(walkThrough: WalkThrough, kind: ProbeKind, user: PersonRef, mode: ProbeConfirmation, now: Date): { ok: true; walkThrough: WalkThrough } | { ok: false; refusal: ProbeRefusal } {
  if (!user.aadObjectId) return { ok: false, refusal: "anonymous" };
  if (!isSamePerson(walkThrough.requester, user)) return { ok: false, refusal: "notRequester" };
  if (isRunning(walkThrough.probes[kind], now)) return { ok: false, refusal: "alreadyRunning" };
  const state = mode === "secondPerson" ? "awaitingApproval" : "confirming";
  return { ok: true, walkThrough: withProbe(walkThrough, kind, { state, at: now.toISOString() }) };
}

/**
 * The click that starts a probe: the requester's confirmation, or (second-person policy) another
 * person's approval. Checked against the stored walk-through, never against card data.
 */
export function startProbe(walkThrough: WalkThrough, kind: ProbeKind, user: PersonRef, mode: ProbeConfirmation, now: Date): { ok: true; walkThrough: WalkThrough } | { ok: false; refusal: ProbeRefusal } {
  if (!user.aadObjectId) return { ok: false, refusal: "anonymous" };
  const status = walkThrough.probes[kind];
  if (isRunning(status, now)) return { ok: false, refusal: "alreadyRunning" };
  const expected = mode === "secondPerson" ? "awaitingApproval" : "confirming";
  if (status?.state !== expected) return { ok: false, refusal: "notAsked" };
  const requester = isSamePerson(walkThrough.requester, user);
  if (mode === "requester" && !requester) return { ok: false, refusal: "notRequester" };
  if (mode === "secondPerson" && requester) return { ok: false, refusal: "requesterCannotApprove" };
  const running: ProbeStatus =
    mode === "secondPerson"
      ? { state: "running", at: now.toISOString(), by: walkThrough.requester, approvedBy: user }
      : { state: "running", at: now.toISOString(), by: user };
  return { ok: true, walkThrough: withProbe(walkThrough, kind, running) };
}

/** The requester withdraws a pending confirmation or approval. */
export function cancelProbe(walkThrough: WalkThrough, kind: ProbeKind, user: PersonRef): { ok: true; walkThrough: WalkThrough } | { ok: false; refusal: ProbeRefusal } {
  if (!user.aadObjectId) return { ok: false, refusal: "anonymous" };
  if (!isSamePerson(walkThrough.requester, user)) return { ok: false, refusal: "notRequester" };
  const status = walkThrough.probes[kind];
  if (status?.state !== "confirming" && status?.state !== "awaitingApproval") return { ok: false, refusal: "notAsked" };
  const probes = { ...walkThrough.probes };
  delete probes[kind];
  return { ok: true, walkThrough: { ...walkThrough, probes } };
}

export function finishProbe(walkThrough: WalkThrough, kind: ProbeKind, result: StoredProbeResult, now: Date): WalkThrough {
  const status = walkThrough.probes[kind];
  const by = status && "by" in status ? status.by : walkThrough.requester;
  const approvedBy = status && "approvedBy" in status ? status.approvedBy : undefined;
  return withProbe(walkThrough, kind, { state: "done", at: now.toISOString(), by, ...(approvedBy ? { approvedBy } : {}), result });
}

function withProbe(walkThrough: WalkThrough, kind: ProbeKind, status: ProbeStatus): WalkThrough {
  return { ...walkThrough, probes: { ...walkThrough.probes, [kind]: status } };
}

export function storeNetworkResult(fact: Fact<EndpointProbe[]>): StoredProbeResult {
  return isUnknown(fact) ? { unknown: fact.reason } : { endpoints: fact };
}

export function storeCertificateResult(fact: Fact<CertificateDates[]>): StoredProbeResult {
  if (isUnknown(fact)) return { unknown: fact.reason };
  return {
    certificates: fact.map((c) => ({ ...(c.path ? { path: c.path } : {}), notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() })),
  };
}

/** The finished probes as facts for the checklist (absent when not run, or run too long ago). */
export function probeFactsOf(walkThrough: WalkThrough | undefined, now: Date): { reachability?: Fact<EndpointProbe[]>; omsCertificates?: Fact<CertificateDates[]> } {
  const facts: { reachability?: Fact<EndpointProbe[]>; omsCertificates?: Fact<CertificateDates[]> } = {};
  const fresh = (kind: ProbeKind) => freshResult(walkThrough, kind, now)?.result;
  const network = fresh("network");
  if (network) facts.reachability = network.unknown ? unknownFact(network.unknown) : (network.endpoints ?? []);
  const certificates = fresh("omsCertificate");
  if (certificates) {
    facts.omsCertificates = certificates.unknown
      ? unknownFact(certificates.unknown)
      : (certificates.certificates ?? []).map((c) => ({ ...(c.path ? { path: c.path } : {}), notBefore: new Date(c.notBefore), notAfter: new Date(c.notAfter) }));
  }
  return facts;
}

function freshResult(walkThrough: WalkThrough | undefined, kind: ProbeKind, now: Date): (ProbeStatus & { state: "done" }) | undefined {
  const status = walkThrough?.probes[kind];
  return status?.state === "done" && now.getTime() - Date.parse(status.at) <= probeResultTtlMs ? status : undefined;
}

/** When each finished probe whose result still counts ran, for the card ("checked on the machine at ..."). */
export function probeTimesOf(walkThrough: WalkThrough | undefined, now: Date): Partial<Record<ProbeKind, Date>> {
  const times: Partial<Record<ProbeKind, Date>> = {};
  for (const kind of probeKinds) {
    const status = freshResult(walkThrough, kind, now);
    if (status) times[kind] = new Date(status.at);
  }
  return times;
}
