import { describe, expect, it, vi } from "vitest";
import { AzureError } from "../../src/fleet/azure/azure-error.js";
import type { FleetDiagnostics } from "../../src/fleet/port.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { amplsPrivateDnsZones } from "../../src/troubleshoot/remedies.js";
import { stepIds } from "../../src/troubleshoot/step-result.js";
import { troubleshootVerbs } from "../../src/troubleshoot/troubleshoot-verbs.js";
import { amaLinux, createFakeDiagnostics, fakeExtension, fakeScaleSet } from "../fleet/fake-fleet.js";
import { renderAndValidate } from "../support/command-harness.js";
import {
  createWorld,
  dceId,
  healthyDiagnostics,
  healthyVm,
  minutesAgo,
  openedSteps,
  stepOf,
  workspaceGuid,
  workspaceId,
  withScopes,
  type World,
} from "./troubleshoot-harness.js";

const locales: Locale[] = ["en", "ja"];

function oms(fields = {}) {
  return fakeExtension({ name: "OMSAgent", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.17", runningVersion: "1.17.1", ...fields });
}

function commandsOf(buttons: Array<{ data: Record<string, string> }>): string[] {
  return buttons.map((b) => b.data.command ?? "");
}

/** Runs the network probe the way a person does: button, confirm; waits for the card update. */
async function runNetworkProbe(world: World, locale: Locale) {
  const checklist = await world.send("troubleshoot vm-x", { locale });
  const button = stepOf(checklist, "network").buttons.find((b) => b.verb === troubleshootVerbs.probe);
  expect(button, "the network step offers the probe").toBeDefined();
  const confirm = await world.press(button!.data, { locale });
  const run = (confirm.reply.data.buttons as Array<{ verb: string; data: Record<string, string> }>).find((b) => b.verb === troubleshootVerbs.confirm)!;
  await world.press(run.data, { locale });
  await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
  return world.chat.updates[0]!;
}

describe.each(locales)("troubleshoot in %s", (locale) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when every check the bot can do from Azure passes, then no step is opened and the network step offers the probe", async () => {
    const world = createWorld();
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(card.reply.data.title).toBe(tr("troubleshoot.title", { vm: "vm-x" }));
    for (const id of ["supportedOs", "powerState", "agentExtension", "heartbeat", "dataCollectionRule", "managedIdentity"] as const) {
      expect(stepOf(card, id).mark, id).toBe("✓");
    }
    expect(stepOf(card, "network").mark).toBe("?");
    expect(stepOf(card, "privateLink").mark).toBe("–");
    expect(stepOf(card, "legacyAgent").mark).toBe("–");
    expect(openedSteps(card)).toEqual([]);
    expect(card.reply.data.overall).toEqual({ text: tr("troubleshoot-card.overall.unknown"), color: "Warning" });
    expect(stepOf(card, "dataCollectionRule").evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.dcr.destination", { dcr: "dcr-linux-prod", workspace: "law-prod" }));
    expect(stepOf(card, "network").buttons.map((b) => b.title)).toEqual([tr("troubleshoot-card.probe.button.network")]);
    // Re-check re-runs the exact command; the support text is there, ready to paste.
    expect(commandsOf(card.reply.data.buttons as never)).toEqual(["troubleshoot rg-prod/vm-x"]);
    const support = (card.reply.data.supportLines as Array<{ text: string }>).map((l) => l.text).join("\n");
    expect(support).toContain(tr("troubleshoot.support.title", { vm: "vm-x" }));
    expect(support).toContain("dcr-linux-prod");
    expect(support).toContain(`law-prod (${workspaceGuid})`);
  });

  it("when the OS is not supported, then that step is opened with its remedy", async () => {
    const world = createWorld({ vms: [healthyVm({ osName: "ubuntu", osVersion: "14.04" })] });
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(stepOf(card, "supportedOs").mark).toBe("✗");
    expect(openedSteps(card)).toEqual(["supportedOs"]);
    expect(stepOf(card, "supportedOs").remedy.title).toBe(tr("troubleshoot.remedy.useSupportedOs.title"));
    expect(card.reply.data.overall).toEqual({ text: tr("troubleshoot-card.overall.fail"), color: "Attention" });
  });

  it("when the VM is deallocated and the approval commands exist, then 'start the VM' is a button running the exact command", async () => {
    const vm = healthyVm({ powerState: "deallocated", powerStateSince: minutesAgo(3 * 24 * 60) });
    const world = createWorld({ vms: [vm], approvals: true, heartbeats: [{ resourceId: vm.id, lastSeen: minutesAgo(3 * 24 * 60) }] });
    const card = await world.send("ts vm-x", { locale });
    const step = stepOf(card, "powerState");
    expect(step.mark).toBe("✗");
    expect(step.evidence.map((e) => e.text)).toEqual([tr("troubleshoot.evidence.power.deallocated"), tr("troubleshoot.evidence.power.since", { since: "2026-02-27 09:00 UTC" })]);
    expect(openedSteps(card)).toEqual(["powerState"]);
    expect(commandsOf(step.buttons)).toEqual(["start-vm rg-prod/vm-x"]);
    expect(step.buttons[0]!.title).toBe(tr("troubleshoot-card.remedy.actionButton", { title: tr("troubleshoot.remedy.startVm.title") }));
    expect(step.remedy.note).toBe(tr("troubleshoot-card.remedy.approvalNote"));
    // Not running: no probe can run on it.
    expect(stepOf(card, "network").mark).toBe("–");
    expect(stepOf(card, "network").buttons).toEqual([]);
  });

  it("when the approval commands are not registered, then the remedy says so honestly and has no button", async () => {
    const world = createWorld({ vms: [healthyVm({ powerState: "stopped" })] });
    const card = await world.send("troubleshoot vm-x", { locale });
    const step = stepOf(card, "powerState");
    expect(step.buttons).toEqual([]);
    expect(step.remedy.note).toBe(tr("troubleshoot-card.remedy.actionUnavailable", { command: "start-vm rg-prod/vm-x" }));
  });

  it("when AMA failed, then the extension step is opened with the reinstall command (major.minor, automatic upgrade)", async () => {
    const failed = amaLinux("1.33.2", { name: "AzureMonitorLinuxAgent", provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/51", level: "Error" }] });
    const world = createWorld({ vms: [healthyVm({ extensions: [failed] })], approvals: true });
    const card = await world.send("調査 vm-x", { locale });
    const step = stepOf(card, "agentExtension");
    expect(step.mark).toBe("✗");
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.extension.errorCode", { code: "51" }));
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.extension.amaUnsupportedOs"));
    expect(openedSteps(card)).toEqual(["agentExtension"]);
    expect(commandsOf(step.buttons)).toEqual(["reinstall rg-prod/vm-x ama"]);
  });

  it("when only the heartbeat is stale, then the heartbeat step is opened with the support request remedy", async () => {
    const vm = healthyVm();
    const world = createWorld({ vms: [vm], heartbeats: [{ resourceId: vm.id, lastSeen: minutesAgo(120), version: "1.33.2" }] });
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(stepOf(card, "heartbeat").evidence[0]!.text).toBe(tr("troubleshoot.evidence.heartbeat.stale", { lastSeen: "2026-03-02 07:00 UTC", age: "2h" }));
    expect(openedSteps(card)).toEqual(["heartbeat"]);
    expect(stepOf(card, "heartbeat").remedy.title).toBe(tr("troubleshoot.remedy.openSupportRequest.title"));
    const support = (card.reply.data.supportLines as Array<{ text: string }>).map((l) => l.text).join("\n");
    expect(support).toContain(tr("troubleshoot.support.symptom.since", { vm: "vm-x", lastSeen: "2026-03-02 07:00 UTC" }));
  });

  it("when the VM has no DCR association, then the DCR step is opened", async () => {
    const vm = healthyVm();
    const world = createWorld({ vms: [vm], diagnostics: createFakeDiagnostics({ associations: {} }) });
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(stepOf(card, "dataCollectionRule").evidence[0]!.text).toBe(tr("troubleshoot.evidence.dcr.noAssociation", { vm: "vm-x" }));
    expect(openedSteps(card)).toEqual(["dataCollectionRule"]);
    expect(stepOf(card, "dataCollectionRule").remedy.title).toBe(tr("troubleshoot.remedy.associateDcr.title"));
  });

  it("when the VM has no managed identity, then 'enable system identity' asks for approval", async () => {
    const world = createWorld({ vms: [healthyVm({ identity: { systemAssigned: false, userAssignedIds: [] } })], approvals: true });
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(openedSteps(card)).toEqual(["managedIdentity"]);
    expect(commandsOf(stepOf(card, "managedIdentity").buttons)).toEqual(["enable-identity rg-prod/vm-x"]);
  });

  it("when the network probe finds a DNS failure, then the network step is opened with the exact names", async () => {
    const world = createWorld({ network: (host) => (host.endsWith(".ods.opinsights.azure.com") ? "dnsFailure" : "connected") });
    const update = await runNetworkProbe(world, locale);
    const card = renderAndValidate(update.reply);
    const step = stepOf(card, "network");
    const ods = `${workspaceGuid}.ods.opinsights.azure.com`;
    expect(step.mark).toBe("✗");
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.network.dnsFailure", { host: ods }));
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.network.connected", { host: "global.handler.control.monitor.azure.com" }));
    expect(openedSteps(card)).toEqual(["network"]);
    expect(step.remedy.lists).toEqual([{ heading: tr("troubleshoot-card.remedy.dnsHosts"), items: [{ text: ods }] }]);
    expect(step.notes.map((n) => n.text)).toEqual([tr("troubleshoot-card.probedAt", { time: "2026-03-02 09:00 UTC" })]);
  });

  it("when the network probe is refused, then the firewall remedy lists every host to allow", async () => {
    const world = createWorld({ network: (host) => (host.startsWith("global.") ? "refused" : "connected") });
    const card = renderAndValidate((await runNetworkProbe(world, locale)).reply);
    const step = stepOf(card, "network");
    expect(step.remedy.title).toBe(tr("troubleshoot.remedy.openFirewall.title"));
    expect(step.remedy.lists[0]!.items.map((i) => i.text)).toEqual([
      "global.handler.control.monitor.azure.com",
      "japaneast.handler.control.monitor.azure.com",
      `${workspaceGuid}.ods.opinsights.azure.com`,
    ]);
  });

  it("when the workspace is in a private link scope but the DCE is not, then the AMPLS step is opened naming what to add", async () => {
    const vm = healthyVm();
    const data = healthyDiagnostics(vm, {
      associations: { [vm.id]: [{ name: "dcra", dataCollectionRuleId: healthyDiagnostics(vm).rules![0]!.id }, { name: "configurationAccessEndpoint", dataCollectionEndpointId: dceId }] },
      endpoints: [{ id: dceId, name: "dce-prod", location: "japaneast" }],
    });
    const world = createWorld({ vms: [vm], diagnostics: createFakeDiagnostics(withScopes(data, [{ id: "/x/privateLinkScopes/ampls-prod", name: "ampls-prod", scopedResourceIds: [workspaceId] }])) });
    const card = await world.send("troubleshoot vm-x", { locale });
    const step = stepOf(card, "privateLink");
    expect(step.mark).toBe("✗");
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.ampls.notInScope", { resource: "dce-prod", scope: "ampls-prod" }));
    expect(openedSteps(card)).toEqual(["privateLink"]);
    expect(step.remedy.body).toBe(tr("troubleshoot.remedy.amplsAddResources.body", { resources: "dce-prod", scope: "ampls-prod" }));
  });

  it("when everything is in the private link scope but a name resolves publicly, then the DNS zones to link are listed", async () => {
    const vm = healthyVm();
    const data = healthyDiagnostics(vm, {
      associations: { [vm.id]: [{ name: "dcra", dataCollectionRuleId: healthyDiagnostics(vm).rules![0]!.id }, { name: "configurationAccessEndpoint", dataCollectionEndpointId: dceId }] },
      endpoints: [{ id: dceId, name: "dce-prod", location: "japaneast" }],
    });
    const scope = { id: "/x/privateLinkScopes/ampls-prod", name: "ampls-prod", scopedResourceIds: [workspaceId, dceId] };
    const world = createWorld({ vms: [vm], diagnostics: createFakeDiagnostics(withScopes(data, [scope])) });
    const card = renderAndValidate((await runNetworkProbe(world, locale)).reply);
    const step = stepOf(card, "privateLink");
    expect(step.mark).toBe("✗");
    expect(openedSteps(card)).toEqual(["privateLink"]);
    expect(step.remedy.lists).toEqual([{ heading: tr("troubleshoot-card.remedy.zones"), items: amplsPrivateDnsZones.map((text) => ({ text })) }]);
  });

  it("when the retired OMS agent is installed, then it is a finding with migrate-to-AMA, and the certificate can be checked", async () => {
    const world = createWorld({ vms: [healthyVm({ extensions: [oms()] })] });
    const card = await world.send("troubleshoot vm-x", { locale });
    const step = stepOf(card, "legacyAgent");
    expect(step.mark).toBe("✗");
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.legacy.certNotChecked"));
    expect(step.buttons.map((b) => b.title)).toEqual([tr("troubleshoot-card.probe.button.omsCertificate")]);
    // The missing AMA is the first cause: its step is the one opened.
    expect(openedSteps(card)).toEqual(["agentExtension"]);
  });

  it("when the certificate was renewed when data stopped, then the remedy is restarting the legacy agent", async () => {
    const vm = healthyVm({ extensions: [oms()] });
    const certificateOutput = ["=== extops-cert /etc/opt/microsoft/omsagent/ws/certs/oms.crt", "notBefore=Feb 28 09:00:00 2026 GMT", "notAfter=Feb 28 09:00:00 2027 GMT"].join("\n");
    const world = createWorld({ vms: [vm], approvals: true, certificateOutput, heartbeats: [{ resourceId: vm.id, lastSeen: minutesAgo(2 * 24 * 60 - 30), version: "1.17.1-0" }] });
    const checklist = await world.send("troubleshoot vm-x", { locale });
    const probe = stepOf(checklist, "legacyAgent").buttons[0]!;
    const confirm = await world.press(probe.data, { locale });
    expect(confirm.reply.data.body).toBe(tr("troubleshoot.probe.omsCertificate.confirm", { vm: "vm-x" }));
    await world.press({ ...probe.data, verb: troubleshootVerbs.confirm }, { locale });
    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    const card = renderAndValidate(world.chat.updates[0]!.reply);
    const step = stepOf(card, "legacyAgent");
    expect(step.evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.legacy.renewedNearStop", { notBefore: "2026-02-28 09:00 UTC", notAfter: "2027-02-28 09:00 UTC" }));
    expect(world.runner.calls[0]!.command.script.join("\n")).toContain("openssl x509 -noout -dates");
    // The certificate bug has a quick fix: its step is opened with the restart, before the AMA migration.
    expect(openedSteps(card)).toEqual(["legacyAgent"]);
    expect(commandsOf(step.buttons.filter((b) => b.verb === "runCommand"))).toEqual(["restart-agent rg-prod/vm-x"]);
  });

  it("when the DCR read is forbidden, then those steps say '?' with the reason and the others still answer", async () => {
    const vm = healthyVm();
    const forbidden = new AzureError("AuthorizationFailed", "no access", { statusCode: 403 });
    const diagnostics: FleetDiagnostics = { ...createFakeDiagnostics(healthyDiagnostics(vm)), dataCollectionRulesOf: () => Promise.reject(forbidden) };
    const world = createWorld({ vms: [vm], diagnostics });
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(stepOf(card, "dataCollectionRule").mark).toBe("?");
    expect(stepOf(card, "dataCollectionRule").evidence.map((e) => e.text)).toEqual([tr("troubleshoot.evidence.unknown.forbidden")]);
    expect(stepOf(card, "privateLink").mark).toBe("?");
    expect(stepOf(card, "powerState").mark).toBe("✓");
    expect(stepOf(card, "heartbeat").mark).toBe("✓");
  });

  it("when the heartbeat query is throttled, then the heartbeat step is '?' (throttled)", async () => {
    const world = createWorld();
    world.fleet.failNext("lastHeartbeat", new AzureError("TooManyRequests", "slow down", { statusCode: 429 }));
    const card = await world.send("troubleshoot vm-x", { locale });
    expect(stepOf(card, "heartbeat").mark).toBe("?");
    expect(stepOf(card, "heartbeat").evidence.map((e) => e.text)).toEqual([tr("troubleshoot.evidence.unknown.throttled")]);
  });
});

describe("troubleshoot: facts that could not be read stand alone", () => {
  it("when the workspace read fails, then the DCR step still names the rule and the ODS endpoint comes from the rule's workspace ID", async () => {
    const vm = healthyVm();
    const diagnostics: FleetDiagnostics = {
      ...createFakeDiagnostics(healthyDiagnostics(vm)),
      getWorkspace: () => Promise.reject(new AzureError("InternalServerError", "boom", { statusCode: 500 })),
    };
    const card = await createWorld({ vms: [vm], diagnostics }).send("troubleshoot vm-x");
    expect(stepOf(card, "dataCollectionRule").mark).toBe("✓");
    expect(stepOf(card, "network").evidence[0]!.text).toContain(`${workspaceGuid}.ods.opinsights.azure.com`);
  });

  it("when the private link scopes cannot be listed, then only the AMPLS step is '?'", async () => {
    const vm = healthyVm();
    const diagnostics: FleetDiagnostics = {
      ...createFakeDiagnostics(healthyDiagnostics(vm)),
      privateLinkScopesContaining: () => Promise.reject(new AzureError("TooManyRequests", "slow", { statusCode: 429 })),
    };
    const card = await createWorld({ vms: [vm], diagnostics }).send("troubleshoot vm-x");
    expect(stepOf(card, "privateLink").mark).toBe("?");
    expect(stepOf(card, "privateLink").evidence.map((e) => e.text)).toEqual([t("en", "troubleshoot.evidence.unknown.throttled")]);
    expect(stepOf(card, "dataCollectionRule").mark).toBe("✓");
  });

  it("when the deployment wires no diagnostics reader, then the DCR and AMPLS steps say they could not read, and nothing fails", async () => {
    const world = createWorld();
    delete world.deps.diagnostics;
    const card = await world.send("troubleshoot vm-x");
    expect(stepOf(card, "dataCollectionRule").mark).toBe("?");
    expect(stepOf(card, "privateLink").mark).toBe("?");
    expect(stepOf(card, "powerState").mark).toBe("✓");
  });

  it("when the requester may not run troubleshoot, then its card buttons are refused too", async () => {
    const world = createWorld();
    const checklist = await world.send("troubleshoot vm-x");
    world.deps.mayRun = (spec) => spec.verb !== "troubleshoot";
    const refused = await world.press(stepOf(checklist, "network").buttons[0]!.data);
    expect(refused.reply.template).toBe("usage-error");
    expect(refused.text).toContain(t("en", "card.forbidden.title"));
  });
});

describe("troubleshoot: finding the machine", () => {
  it("when the name is a scale set, then it says troubleshoot works on one VM", async () => {
    const world = createWorld();
    world.fleet.data.scaleSets.push(fakeScaleSet({ name: "vmss-x" }));
    const card = await world.send("troubleshoot vmss-x");
    expect(card.reply.template).toBe("usage-error");
    expect(card.text).toContain(t("en", "troubleshoot-card.scaleSet", { name: "vmss-x" }));
  });

  it("when the name is unknown, then it says so and suggests close names as troubleshoot buttons", async () => {
    const world = createWorld();
    const card = await world.send("troubleshoot vm-y");
    expect(card.reply.template).toBe("usage-error");
    expect(card.reply.data.suggestions).toEqual([{ title: "troubleshoot vm-x", command: "troubleshoot vm-x" }]);
  });

  it("when no argument is given, then the usage of troubleshoot is shown", async () => {
    const world = createWorld();
    const card = await world.send("troubleshoot");
    expect(card.text).toContain(t("en", "troubleshoot-card.help.usage"));
  });

  it("when the step list is rendered, then it follows the checklist order", async () => {
    const card = await createWorld().send("troubleshoot vm-x");
    expect((card.reply.data.steps as Array<{ name: string }>).map((s) => s.name)).toEqual(stepIds.map((id) => t("en", `troubleshoot.step.${id}`)));
  });
});
