// `troubleshoot` end to end: Teams activity over HTTP → bot → real SDK clients → ARM simulator with the
// demo fleet, replies through the fake Bot Connector. One demo VM per failing step, in en and ja; the
// Run Command probe with its confirmation, the "running…" card and the in-place update.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser, type ChatUser } from "../../src/chat/teams-activity.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { demoFixture } from "../../src/sim/index.js";
import type { StepId } from "../../src/troubleshoot/step-result.js";
import { troubleshootVerbs } from "../../src/troubleshoot/troubleshoot-verbs.js";
import { cardsOf } from "../support/fake-connector.js";
import { expectValidCard } from "../support/validate-card.js";
import { executeActions, onlyCard, textOf } from "./e2e-support.js";
import { startTroubleshootApp, type TroubleshootApp } from "./troubleshoot-app.js";

let app: TroubleshootApp;
beforeAll(async () => {
  app = await startTroubleshootApp({ fixture: demoFixture });
}, 30_000);
afterAll(async () => {
  await app?.stop();
});

const colleague: ChatUser = { id: "29:1colleague-mri", name: "Ben Sato", aadObjectId: "00000000-0000-4000-8000-0000000000b2" };

function invokeCard(body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as { statusCode: number; type: string; value: Record<string, unknown> };
  expect(parsed.statusCode).toBe(200);
  expect(parsed.type).toBe("application/vnd.microsoft.card.adaptive");
  expectValidCard(parsed.value);
  return parsed.value;
}

/** The card's line for one step: "✗ | Machine running | Problem …" (card-to-text joins the columns). */
function stepLine(card: unknown, locale: Locale, step: StepId): string {
  const name = t(locale, `troubleshoot.step.${step}`);
  const line = textOf(card)
    .split("\n")
    .find((l) => l.split(" | ")[1] === name);
  if (!line) throw new Error(`no line for ${step} in:\n${textOf(card)}`);
  return line;
}

const teamsLocale: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

/** A demo workspace's GUID, from the fixture: expectations come from the data. */
function workspaceOf(name: string): string {
  for (const subscription of demoFixture.subscriptions) {
    for (const group of subscription.resourceGroups ?? []) {
      const found = group.workspaces?.find((w) => w.name === name);
      if (found) return found.customerId.toLowerCase();
    }
  }
  throw new Error(`demo fleet has no workspace ${name}`);
}

/** Which demo VM fails at which step (src/sim/FIXTURE.md, "rg-trouble"), and the remedy the card must open. */
const failingAt: Array<{ step: StepId; vm: string; remedy: string }> = [
  { step: "supportedOs", vm: "rg-trouble/vm-ts-os-01", remedy: "useSupportedOs" },
  { step: "powerState", vm: "rg-trouble/vm-ts-power-01", remedy: "startVm" },
  { step: "agentExtension", vm: "rg-trouble/vm-ts-ext-01", remedy: "reinstallAma" },
  { step: "heartbeat", vm: "rg-prod/vm-silent-01", remedy: "openSupportRequest" },
  { step: "dataCollectionRule", vm: "rg-trouble/vm-ts-dcr-01", remedy: "associateDcr" },
  { step: "managedIdentity", vm: "rg-trouble/vm-ts-identity-01", remedy: "enableSystemIdentity" },
  { step: "privateLink", vm: "rg-trouble/vm-ts-ampls-01", remedy: "amplsAddResources" },
  // The retired agent without AMA: AMA missing is the first cause; the legacy step carries the certificate probe.
  { step: "agentExtension", vm: "rg-trouble/vm-ts-omscert-01", remedy: "reinstallAma" },
];

describe.each<Locale>(["en", "ja"])("troubleshoot over HTTP in %s", (locale) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);
  const turn = { locale: teamsLocale[locale] };

  it.each(failingAt)("when $vm is troubleshot, then the card opens the $step step with its remedy", async ({ step, vm, remedy }) => {
    const card = onlyCard(await app.say(`troubleshoot ${vm}`, turn));
    const line = stepLine(card, locale, step);
    expect(line.startsWith(`${tr("troubleshoot-card.mark.fail")} |`), line).toBe(true);
    expect(line).toContain(tr("troubleshoot-card.remedy.heading"));
    expect(line).toContain(tr(`troubleshoot.remedy.${remedy}.title`));
    // Only the first failing step is opened.
    expect(textOf(card).split(tr("troubleshoot-card.remedy.heading"))).toHaveLength(2);
    expect(textOf(card)).toContain(tr("troubleshoot-card.supportHeading"));
  });
});

/** Presses the probe button of the checklist, then the confirm button; returns the running card and the updated one. */
async function runProbe(vm: string, verbOfStep: StepId, locale: Locale): Promise<{ running: Record<string, unknown>; done: Record<string, unknown> }> {
  const turn = { locale: teamsLocale[locale] };
  const checklist = onlyCard(await app.say(`troubleshoot ${vm}`, turn));
  const kind = verbOfStep === "network" ? "network" : "omsCertificate";
  const probe = executeActions(checklist).find((a) => a.verb === troubleshootVerbs.probe && a.data.probe === kind);
  expect(probe, textOf(checklist)).toBeDefined();
  const confirm = invokeCard((await app.press(probe!, turn)).body);
  const run = executeActions(confirm).find((a) => a.verb === troubleshootVerbs.confirm)!;
  const updatesBefore = app.connector.calls.filter((c) => c.method === "PUT").length;
  const started = await app.press(run, turn);
  expect(textOf(invokeCard(started.body))).toContain(t(locale, "troubleshoot-card.notice.started", { name: demoUser.name, vm: vm.split("/")[1]! }));
  // The running checklist went out as a new message during the click…
  expect(started.replies).toHaveLength(1);
  const running = cardsOf(started.replies[0])[0]!;
  expectValidCard(running);
  // …and is updated in place when Run Command answers.
  const sentId = (await app.connector.waitFor((c) => c.method === "POST" && c.body === started.replies[0])).answer?.body as { id?: string } | undefined;
  const update = await app.connector.waitFor((c) => c.method === "PUT" && app.connector.calls.filter((x) => x.method === "PUT").indexOf(c) >= updatesBefore, 20_000);
  if (sentId?.id) expect(update.path.endsWith(`/activities/${sentId.id}`), update.path).toBe(true);
  const done = cardsOf(update.body)[0]!;
  expectValidCard(done);
  return { running, done };
}

describe.each<Locale>(["en", "ja"])("probes on the machine over HTTP in %s", (locale) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when the network check runs on vm-ts-network-01, then the card shows running… and then the DNS failure with the name to fix", async () => {
    const { running, done } = await runProbe("rg-trouble/vm-ts-network-01", "network", locale);
    expect(stepLine(running, locale, "network")).toContain(tr("troubleshoot-card.running"));
    const line = stepLine(done, locale, "network");
    const ods = `${workspaceOf("law-prod")}.ods.opinsights.azure.com`;
    expect(line.startsWith(`${tr("troubleshoot-card.mark.fail")} |`), line).toBe(true);
    expect(line).toContain(tr("troubleshoot.evidence.network.dnsFailure", { host: ods }));
    expect(line).toContain(tr("troubleshoot.evidence.network.connected", { host: "global.handler.control.monitor.azure.com" }));
    expect(line).toContain(tr("troubleshoot.remedy.fixDns.title"));
  }, 30_000);

  it("when the network check runs on the Windows vm-ts-netwin-01, then the timed-out handlers open the firewall remedy with every host", async () => {
    const { done } = await runProbe("rg-trouble/vm-ts-netwin-01", "network", locale);
    const line = stepLine(done, locale, "network");
    expect(line).toContain(tr("troubleshoot.evidence.network.timedOut", { host: "global.handler.control.monitor.azure.com" }));
    expect(line).toContain(tr("troubleshoot.remedy.openFirewall.title"));
    expect(line).toContain(`${workspaceOf("law-prod")}.ods.opinsights.azure.com`);
  }, 30_000);

  it("when the certificate check runs on vm-ts-omscert-01, then the renewal near the stop opens the restart remedy", async () => {
    const { done } = await runProbe("rg-trouble/vm-ts-omscert-01", "legacyAgent", locale);
    const line = stepLine(done, locale, "legacyAgent");
    expect(line).toContain(tr("troubleshoot.remedy.restartLegacyAgent.title"));
    expect(textOf(done).split(tr("troubleshoot-card.remedy.heading"))).toHaveLength(2);
  }, 30_000);
});

describe("who may confirm, over HTTP", () => {
  it("when someone else confirms the requester's check, then it is refused and nothing runs on the machine", async () => {
    const checklist = onlyCard(await app.say("troubleshoot rg-prod/vm-web-01"));
    const probe = executeActions(checklist).find((a) => a.verb === troubleshootVerbs.probe)!;
    const confirm = invokeCard((await app.press(probe)).body);
    const run = executeActions(confirm).find((a) => a.verb === troubleshootVerbs.confirm)!;
    const before = app.sim.stats.byRoute;
    const runCommandsBefore = JSON.stringify(before);
    const refused = invokeCard((await app.press(run, { user: colleague })).body);
    expect(textOf(refused)).toContain(t("en", "troubleshoot-card.notice.notRequester", { name: demoUser.name, vm: "vm-web-01" }));
    expect(JSON.stringify(app.sim.stats.byRoute)).toBe(runCommandsBefore);
  });
});
