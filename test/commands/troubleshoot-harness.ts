// A small world for the troubleshoot handler tests: fake fleet + diagnostics + Run Command runner, a
// memory store, a recording ChatPort, and the same dispatch the bot uses. Every card is rendered and
// validated (schema, SDK, extops rules) before a test sees it.
import { expect } from "vitest";
import { faqCommand } from "../../src/commands/faq.js";
import { handleCardAction, handleMessage, type CommandDeps } from "../../src/commands/dispatch.js";
import { commandSpecs } from "../../src/commands/registry.js";
import { createTroubleshootCommand } from "../../src/commands/troubleshoot.js";
import type { ChatPort, ChatRequest, CommandSpec, Reply, User } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import type { FleetDiagnostics, Heartbeat, MachineCommand, OsType, Vm } from "../../src/fleet/port.js";
import type { Locale } from "../../src/i18n/translate.js";
import { silentLogger } from "../../src/log.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import type { DataCollectionRule, DataCollectionRuleAssociation, PrivateLinkScope } from "../../src/troubleshoot/facts.js";
import { stepIds, type StepId } from "../../src/troubleshoot/step-result.js";
import { amaLinux, createFakeCommandRunner, createFakeDiagnostics, createFakeFleet, fakeVm, type FakeDiagnosticsData, type FakeFleet } from "../fleet/fake-fleet.js";
import { renderAndValidate, type RenderedReply } from "../support/command-harness.js";

export const now = new Date("2026-03-02T09:00:00Z");
export const sub = "00000000-0000-4000-8000-000000000001";
export const workspaceGuid = "6f680a37-00c6-41c7-a93f-1437e3462574";
export const workspaceId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
export const dcrId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.Insights/dataCollectionRules/dcr-linux-prod`;
export const dceId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.Insights/dataCollectionEndpoints/dce-prod`;

export const requester: User = { id: "29:aiko", aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Aiko" };
export const colleague: User = { id: "29:ben", aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Ben" };
export const guest: User = { id: "29:guest", name: "Guest" };

export function minutesAgo(minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

/** The healthy machine every scenario starts from: Ubuntu 22.04, AMA Succeeded, system identity, running. */
export function healthyVm(fields: Partial<Vm> = {}): Vm {
  return fakeVm({ name: "vm-x", extensions: [amaLinux("1.33.2", { name: "AzureMonitorLinuxAgent", enableAutomaticUpgrade: true })], ...fields });
}

export function healthyDiagnostics(vm: Vm, fields: FakeDiagnosticsData = {}): FakeDiagnosticsData {
  const association: DataCollectionRuleAssociation = { name: "dcra-linux", dataCollectionRuleId: dcrId };
  const rule: DataCollectionRule = { id: dcrId, name: "dcr-linux-prod", destinations: [{ workspaceResourceId: workspaceId, workspaceId: workspaceGuid }] };
  return {
    associations: { [vm.id]: [association] },
    rules: [rule],
    workspaces: [{ id: workspaceId, name: "law-prod", customerId: workspaceGuid, location: "japaneast" }],
    ...fields,
  };
}

export type HostOutcome = "connected" | "dnsFailure" | "refused" | "timeout";

/** What seed 002's checks print, in the shape buildReachabilityScript asks for (markers per host). */
export function probeOutput(osType: OsType, hosts: string[], outcomeOf: (host: string) => HostOutcome): string {
  return hosts
    .map((host) => {
      const outcome = outcomeOf(host);
      if (osType === "Windows") {
        const address = outcome === "dnsFailure" ? "" : "20.43.1.1";
        const lines = [`=== extops-probe ${host}`, `RemoteAddress    : ${address}`, `TcpTestSucceeded : ${outcome === "connected" ? "True" : "False"}`];
        if (outcome === "dnsFailure") lines.push(`WARNING: Name resolution of ${host} failed`);
        if (outcome === "refused") lines.push("tcp: ConnectionRefused");
        if (outcome === "timeout") lines.push("tcp: TimedOut");
        return lines.join("\r\n");
      }
      const body: Record<HostOutcome, string[]> = {
        connected: ["resolved: 20.43.1.1       " + host, "CONNECTED(00000003)", "exit: 0"],
        dnsFailure: ["BIO_lookup_ex:system lib:crypto/bio/bio_addr.c:738:Name or service not known", "connect:errno=0", "exit: 1"],
        refused: ["resolved: 20.43.1.1       " + host, "connect: Connection refused", "exit: 1"],
        timeout: ["resolved: 20.43.1.1       " + host, "exit: 124"],
      };
      return [`=== extops-probe ${host}`, ...body[outcome]].join("\n");
    })
    .join("\n");
}

/** The hosts a reachability script probes (the last line of each block names one). */
export function hostsOfScript(command: MachineCommand): string[] {
  return command.script.flatMap((line) => {
    const m = /^(?:probe|Invoke-ExtopsProbe) '([^']+)'$/.exec(line);
    return m ? [m[1]!] : [];
  });
}

export interface RecordingChat extends ChatPort {
  sent: Array<{ id: string; reply: Reply }>;
  updates: Array<{ id: string; reply: Reply }>;
}

export function createRecordingChat(): RecordingChat {
  const sent: RecordingChat["sent"] = [];
  const updates: RecordingChat["updates"] = [];
  return {
    sent,
    updates,
    async send(reply) {
      const id = `msg-${sent.length + 1}`;
      sent.push({ id, reply });
      return id;
    },
    async update(id, reply) {
      updates.push({ id, reply });
    },
  };
}

export interface WorldOptions {
  vms?: Vm[];
  heartbeats?: Heartbeat[];
  diagnostics?: FleetDiagnostics;
  /** How each host answers the reachability probe (default: connected). */
  network?: (host: string) => HostOutcome;
  /** Output of the OMS certificate script. */
  certificateOutput?: string;
  store?: Store;
  /** Register stand-ins for the approval commands (start-vm, reinstall, ...). */
  approvals?: boolean;
  probeConfirmation?: CommandDeps["probeConfirmation"];
  /** Leave out Run Command / the store / diagnostics, as a deployment may. */
  withoutRunner?: boolean;
  withoutStore?: boolean;
}

export interface World {
  fleet: FakeFleet;
  store: Store;
  runner: ReturnType<typeof createFakeCommandRunner>;
  chat: RecordingChat;
  deps: CommandDeps;
  specs: CommandSpec[];
  send(text: string, options?: { locale?: Locale; user?: User; conversationId?: string }): Promise<RenderedReply>;
  press(data: Record<string, unknown>, options?: { locale?: Locale; user?: User; conversationId?: string }): Promise<RenderedReply>;
}

function approvalStandIn(verb: string): CommandSpec {
  return {
    verb,
    aliases: [],
    usageKey: "help.help.usage",
    descriptionKey: "help.help.description",
    examples: [],
    grant: verb,
    effect: "mutate",
    parse: (words) => ({ ok: true, args: words }),
    run: async () => ({ kind: "text", text: `approval requested: ${verb}` }),
  };
}

export function requestOf(text: string, options: { locale?: Locale; user?: User; conversationId?: string } = {}): ChatRequest {
  return {
    text,
    user: options.user ?? requester,
    conversation: { id: options.conversationId ?? "19:ops@thread.tacv2", type: "channel", tenantId: "tenant-1" },
    locale: options.locale ?? "en",
    correlationId: "corr-ts",
  };
}

export function createWorld(options: WorldOptions = {}): World {
  const vms = options.vms ?? [healthyVm()];
  const fleet = createFakeFleet({
    vms,
    heartbeats: options.heartbeats ?? vms.map((vm) => ({ resourceId: vm.id, lastSeen: minutesAgo(1), version: "1.33.2", category: "Azure Monitor Agent" })),
  });
  const diagnostics = options.diagnostics ?? createFakeDiagnostics(healthyDiagnostics(vms[0]!));
  const runner = createFakeCommandRunner((vm, command) => {
    const target = vms.find((v) => v.name === vm.name);
    if (command.script.some((line) => line.includes("openssl x509"))) return { stdout: options.certificateOutput ?? "=== extops-cert none" };
    return { stdout: probeOutput(target?.osType ?? "Linux", hostsOfScript(command), options.network ?? (() => "connected")) };
  });
  const store = options.store ?? createMemoryStore();
  const chat = createRecordingChat();
  const clock = { now: () => now };
  // The real change commands need the approval runtime; these tests use stand-ins, or none at all.
  const specs: CommandSpec[] = [...commandSpecs.filter((s) => s.verb !== "troubleshoot" && s.verb !== "faq" && s.effect !== "mutate"), faqCommand];
  specs.push(createTroubleshootCommand(() => specs));
  if (options.approvals) specs.push(...["start-vm", "reinstall", "enable-identity", "restart-agent"].map(approvalStandIn));
  const deps: CommandDeps = {
    fleet,
    catalog: createVersionCatalog(fleet, { clock, ttlMs: 60_000 }),
    clock,
    log: silentLogger,
    specs,
    diagnostics,
    ...(options.withoutRunner ? {} : { machineCommands: runner }),
    ...(options.withoutStore ? {} : { store }),
    ...(options.probeConfirmation ? { probeConfirmation: options.probeConfirmation } : {}),
  };
  return {
    fleet,
    store,
    runner,
    chat,
    deps,
    specs,
    send: async (text, o) => renderAndValidate(await handleMessage(deps, requestOf(text, o), chat)),
    press: async (data, o) => renderAndValidate(await handleCardAction(deps, requestOf("", o), chat, String(data.verb ?? ""), data)),
  };
}

// ---- Reading the checklist card's data ----

export interface StepView {
  mark: string;
  color: string;
  name: string;
  status: string;
  evidence: Array<{ text: string }>;
  style: string;
  remedy: { heading: string; title: string; body: string; lists: Array<{ heading: string; items: Array<{ text: string }> }>; note: string };
  notes: Array<{ text: string }>;
  buttons: Array<{ title: string; verb: string; data: Record<string, string> }>;
}

export function stepOf(rendered: RenderedReply, id: StepId): StepView {
  const steps = rendered.reply.data.steps as StepView[];
  expect(steps).toHaveLength(stepIds.length);
  return steps[stepIds.indexOf(id)]!;
}

/** The steps with the remedy opened (the first failing one, or none). */
export function openedSteps(rendered: RenderedReply): string[] {
  return stepIds.filter((id) => stepOf(rendered, id).remedy.title !== "");
}

export function renderedOf(reply: Reply): RenderedReply {
  return renderAndValidate(reply);
}

export function withScopes(data: FakeDiagnosticsData, scopes: PrivateLinkScope[]): FakeDiagnosticsData {
  return { ...data, privateLinkScopes: scopes };
}
