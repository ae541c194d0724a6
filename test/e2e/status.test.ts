import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTenantId, teamsMessage } from "../../src/chat/teams-activity.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { startTestApp, type TestApp } from "../support/start-test-app.js";
import { demoLatest, demoVm, onlyCard, textOf } from "./e2e-support.js";

// `status` over real HTTP: Teams-shaped activity in at /api/messages, the bot's reply out at the
// fake connector, the fleet read through the real Azure SDK from the ARM simulator.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const locales: { locale: Locale; tag: string; verb: string }[] = [
  { locale: "en", tag: "en-US", verb: "status" },
  { locale: "ja", tag: "ja-JP", verb: "状態" },
];

describe.each(locales)("status in $locale", ({ locale, tag, verb }) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when a channel message @mentions the bot for vm-web-01 in rg-prod, then the reply in the thread shows it up to date", async () => {
    const activity = teamsMessage(`${verb} rg-prod/vm-web-01`, { serviceUrl: app.serviceUrl, scope: "channel", locale: tag });
    const exchange = await app.post(activity);
    const card = onlyCard(exchange);

    // Replies go to the thread of the inbound message, under the serviceUrl's /amer/<tenant>/ prefix (bot-framework.md §3.1).
    const [call] = app.connector.calls.filter((c) => c.body === exchange.replies[0]);
    const conversation = activity.conversation as { id: string };
    expect(call!.path).toBe(`/v3/conversations/${conversation.id}/activities/${String(activity.id)}`);
    expect(call!.rawPath.startsWith(`/amer/${demoTenantId}/v3/`)).toBe(true);
    expect(call!.auth).toBeUndefined(); // local mode: no token out

    const vm = demoVm("rg-prod", "vm-web-01");
    const ama = vm.extensions!.find((e) => e.type === "AzureMonitorLinuxAgent")!;
    const text = textOf(card);
    expect(text).toContain("vm-web-01");
    expect(text).toContain(`${tr("status.fact.resourceGroup")}: rg-prod`);
    expect(text).toContain(`${tr("status.fact.region")}: japaneast`);
    expect(text).toContain(`${tr("status.ext.running")}: ${ama.runningVersion}`);
    expect(text).toContain(`${tr("status.ext.latest", { location: "japaneast" })}: ${demoLatest("japaneast", "AzureMonitorLinuxAgent")}`);
    expect(text).toContain(tr("drift.level.upToDate"));
    expect(text).toContain(tr("drift.autoUpgrade.enabled"));
    expect(text).toContain(tr("status.card.noFindings"));
    expect(exchange.replies[0]!.summary).toContain("vm-web-01");
  });

  it("when vm-web-02 is asked in a personal chat, then it is a minor version behind with automatic upgrade off", async () => {
    const card = onlyCard(await app.say(`${verb} vm-web-02`, { locale: tag }));
    const running = demoVm("rg-prod", "vm-web-02").extensions![0]!.runningVersion!;
    const latest = demoLatest("japaneast", "AzureMonitorLinuxAgent");
    const text = textOf(card);
    expect(text).toContain(tr("drift.level.minor"));
    expect(text).toContain(tr("drift.reason.behind.minor", { current: running, latest }));
    expect(text).toContain(tr("drift.reason.autoUpgradeOff"));
  });

  it("when vm-api-01 has only autoUpgradeMinorVersion, then the card says it is frozen and why", async () => {
    const text = textOf(onlyCard(await app.say(`${verb} vm-api-01`, { locale: tag })));
    expect(text).toContain(tr("drift.autoUpgrade.minorVersionOnly"));
    expect(text).toContain(tr("drift.reason.frozen"));
  });

  it("when vm-db-01's extension failed with code 53, then the card explains the code and what to do, and never shows the workspace key", async () => {
    const exchange = await app.say(`${verb} vm-db-01`, { locale: tag });
    const text = textOf(onlyCard(exchange));
    expect(text).toContain(tr("drift.reason.failedWithCode", { code: "53" }));
    expect(text).toContain(tr("drift.extensionError.code53.meaning"));
    expect(text).toContain(tr("drift.extensionError.code53.action"));
    const oms = demoVm("rg-prod", "vm-db-01").extensions![0]!;
    const workspaceKey = (oms.protectedSettings as { workspaceKey: string }).workspaceKey;
    expect(JSON.stringify(exchange.replies)).not.toContain(workspaceKey);
  });

  it("when the bare name vm-web-01 exists in two resource groups, then a candidates card offers one button per exact command", async () => {
    const card = onlyCard(await app.say(`${verb} vm-web-01`, { locale: tag }));
    expect(textOf(card)).toContain(tr("card.candidates.title", { name: "vm-web-01", count: 2 }));
    const commands = JSON.stringify(card).match(/"command":"[^"]+"/g) ?? [];
    expect(new Set(commands)).toEqual(new Set(['"command":"status rg-dev/vm-web-01"', '"command":"status rg-prod/vm-web-01"']));
  });

  it("when the name breaks Azure's naming rules, then a clear message comes back and Azure is never called", async () => {
    app.sim.stats.reset();
    const text = textOf(onlyCard(await app.say(`${verb} vm_bad!name`, { locale: tag })));
    expect(text).toContain(tr("card.usage.title"));
    expect(text).toContain("vm_bad!name");
    expect(app.sim.stats.calls).toBe(0);
  });

  it("when the VM does not exist, then the card says so and suggests close names", async () => {
    const text = textOf(onlyCard(await app.say(`${verb} vm-web-03`, { locale: tag })));
    expect(text).toContain(tr("status.notFound.name", { name: "vm-web-03" }));
    expect(text).toMatch(/status vm-web-0[12]/);
  });
});
