import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionIdsOf } from "../../src/chat/start-embedded-bot.js";
import { demoUsers } from "../../src/devchat/demo-users.js";
import { t } from "../../src/i18n/translate.js";
import { demoFixture, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { startApprovalServer, type ApprovalServer } from "../e2e/approvals-app.js";
import { startFakeCardBot, type FakeCardBot } from "./fake-card-bot.js";
import { chromiumArgs, findChromium } from "./find-chromium.js";
import { startDevChatApp, startDevChatServer, type DevChatApp, type DevChatServer } from "./start-dev-chat-app.js";

// The dev chat in a real browser (Debian's Chromium driven by playwright-core): cards drawn by the
// official adaptivecards renderer, buttons pressed with the mouse. Screenshots go to
// test-artifacts/devchat/. Without Chromium the suite is skipped, unless EXTOPS_REQUIRE_BROWSER=1
// (.ci/run sets it), where a missing browser is a failure.

const chromiumPath = findChromium();
const browserRequired = process.env.EXTOPS_REQUIRE_BROWSER === "1";
const missingBrowser = "no Chromium at /usr/bin/chromium or on PATH (install it: apt-get install chromium; .ci/run does)";
const artifacts = join(process.cwd(), "test-artifacts", "devchat");
const [alice, bob] = demoUsers as [(typeof demoUsers)[number], (typeof demoUsers)[number]];

if (!chromiumPath && !browserRequired) console.warn(`dev chat browser suite SKIPPED: ${missingBrowser}`);

describe.runIf(!chromiumPath && browserRequired)("dev chat in a browser (EXTOPS_REQUIRE_BROWSER=1)", () => {
  it("when the browser suite is required, then Chromium is installed", () => {
    expect.fail(`EXTOPS_REQUIRE_BROWSER=1 but ${missingBrowser}`);
  });
});

async function openBrowser(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  // A fresh profile every run (machine notes): nothing remembered from an earlier session.
  const profile = mkdtempSync(join(tmpdir(), "extops-devchat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      // Script errors in the page would otherwise go unnoticed when the assertions still pass.
      expect(problems).toEqual([]);
    },
  };
}

async function openChat(page: Page, url: string, settings: { user: string; locale: string; scope: string }): Promise<void> {
  await page.goto(`${url}/devchat?${new URLSearchParams(settings).toString()}`);
  await page.waitForSelector("body[data-ready=true]");
}

async function type(page: Page, text: string): Promise<void> {
  await page.fill("[data-testid=compose-input]", text);
  await page.press("[data-testid=compose-input]", "Enter");
}

async function switchUser(page: Page, user: (typeof demoUsers)[number]): Promise<void> {
  await page.selectOption("[data-testid=user-select]", user.aadObjectId);
  await expect.poll(() => page.textContent("[data-testid=user-object-id]")).toBe(user.aadObjectId);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

describe.skipIf(!chromiumPath)("dev chat in a browser, with the real bot", () => {
  let app: DevChatApp;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    app = await startDevChatApp();
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("when Alice runs status on an ambiguous VM and presses the rg-prod button, then the status card with its agents replaces the candidates", async () => {
    const { page } = browser;
    await openChat(page, app.chat.url, { user: alice.aadObjectId, locale: "en-US", scope: "personal" });
    await type(page, "status vm-web-01");
    const button = page.getByRole("button", { name: "status rg-prod/vm-web-01" });
    await button.waitFor({ timeout: 30_000 });
    await screenshot(page, "01-candidates");
    const candidates = page.locator("li[data-testid=message]", { has: button });
    const messageId = await candidates.getAttribute("data-message-id");

    await button.click();
    // Teams replaces the pressed card in place, for this user only.
    const card = page.locator(`li[data-message-id="${messageId}"] [data-testid=card][data-view=user]`);
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain(t("en", "status.card.agentsHeading"));
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("vm-web-01");
    expect(text).toContain("rg-prod");
    expect(text).toContain("AzureMonitorLinuxAgent");
    expect(text).toContain(t("en", "status.ext.running"));
    await screenshot(page, "02-status-card");
  }, 120_000);

  it("when the language is switched to 日本語, then the page and the bot's next card are Japanese", async () => {
    const { page } = browser;
    await openChat(page, app.chat.url, { user: alice.aadObjectId, locale: "en-US", scope: "personal" });
    await page.click('[data-testid=locale-switch] button[data-locale="ja-JP"]');
    expect(await page.textContent("[data-testid=compose-send]")).toBe(t("ja", "devchat.compose.send"));
    const cardsBefore = await page.locator("[data-testid=card]").count();
    await type(page, "status rg-prod/vm-web-01");
    const latest = page.locator("[data-testid=card]").nth(cardsBefore);
    await expect.poll(() => latest.textContent(), { timeout: 30_000 }).toContain(t("ja", "status.card.agentsHeading"));
    expect(await latest.textContent()).toContain(t("ja", "status.ext.running"));
    await screenshot(page, "03-status-card-ja");
  }, 120_000);
});

describe.skipIf(!chromiumPath)("dev chat in a browser: refresh and updates per user", () => {
  let bot: FakeCardBot;
  let chat: DevChatServer;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    // The card refreshes for Bob only (refresh.userIds holds his MRI).
    bot = await startFakeCardBot(bob);
    chat = await startDevChatServer({ botMessagesUrl: bot.messagesUrl });
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await bot?.stop();
  });

  it("when a card names Bob in refresh.userIds, then only Bob gets his own view, a press replaces the card for the presser, and an update resets it for everyone", async () => {
    const { page } = browser;
    const card = page.locator("[data-testid=card]").first();
    const cardText = () => card.textContent();

    await openChat(page, chat.url, { user: alice.aadObjectId, locale: "en-US", scope: "channel" });
    await type(page, "card");
    await expect.poll(cardText).toContain("Base card v1");
    const messageId = await page.locator("li[data-testid=message]", { has: card }).getAttribute("data-message-id");

    await switchUser(page, bob);
    await expect.poll(cardText).toContain("View for Bob (approver) (automatic), v1");
    expect(await page.locator("[data-testid=card][data-view=user]").count()).toBe(1);
    await screenshot(page, "10-refreshed-for-bob");
    // Alice's screen never asked: the only refresh so far is Bob's, for that card.
    expect(bot.invokes).toEqual([{ verb: "refreshView", trigger: "automatic", userAadObjectId: bob.aadObjectId, replyToId: messageId }]);

    await switchUser(page, alice);
    await expect.poll(cardText).toContain("Base card v1");
    await page.getByRole("button", { name: "Press", exact: true }).click();
    await expect.poll(cardText).toContain("Pressed by Alice (on-call) (manual)");
    expect(bot.invokes.at(-1)).toEqual({ verb: "press", trigger: "manual", userAadObjectId: alice.aadObjectId, replyToId: messageId });

    // The bot updates the message (PUT): Alice's pressed view is gone, everyone sees version 2.
    await type(page, "update");
    await expect.poll(cardText).toContain("Base card v2");
    expect(await page.locator("[data-testid=card][data-view=user]").count()).toBe(0);

    await switchUser(page, bob);
    await expect.poll(cardText).toContain("View for Bob (approver) (automatic), v2");

    // An update while Bob is looking re-runs his refresh.
    await type(page, "update");
    await expect.poll(cardText).toContain("View for Bob (approver) (automatic), v3");
    await screenshot(page, "11-updated-and-refreshed-for-bob");
  }, 120_000);
});

describe.skipIf(!chromiumPath)("dev chat in a browser: an approval, with the real bot and approvals", () => {
  let sim: RunningSimulator;
  let bot: ApprovalServer;
  let chat: DevChatServer;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    // The bot as main.ts wires it with approvals (the e2e suite's harness), the demo grants, a memory store.
    sim = await startSimulator({ fixture: demoFixture, host: "127.0.0.1" });
    bot = await startApprovalServer({ sim, subscriptionIds: subscriptionIdsOf(demoFixture), store: { kind: "memory" } });
    chat = await startDevChatServer({ botMessagesUrl: bot.messagesUrl });
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await bot?.stop();
    await sim?.stop();
  });

  it("when Alice requests an upgrade in the channel and Bob approves it, then the card shows the approved upgrade to both", async () => {
    const { page } = browser;
    const button = (key: string) => page.getByRole("button", { name: t("en", key), exact: true });
    await openChat(page, chat.url, { user: bob.aadObjectId, locale: "en-US", scope: "channel" });
    // Bob has talked to the bot before, so it knows his Teams id and can name him in the card's refresh.
    await type(page, "approvals");
    await expect.poll(() => page.locator("[data-testid=card]").count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await switchUser(page, alice);
    const cardsBefore = await page.locator("[data-testid=card]").count();
    await type(page, "upgrade rg-prod/vm-web-02");
    const card = page.locator("[data-testid=card]").nth(cardsBefore);
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toMatch(/vm-web-02: AzureMonitorLinuxAgent 1\.32\.\d+ → 1\.33/);
    // Alice's own view (refresh): she may withdraw, not approve.
    await button("approval-card.button.cancel").waitFor({ timeout: 30_000 });
    expect(await button("approval-card.button.approve").count()).toBe(0);
    await screenshot(page, "20-approval-requested-alice");

    await switchUser(page, bob);
    await button("approval-card.button.approve").waitFor({ timeout: 30_000 });
    await screenshot(page, "21-approval-bob-can-approve");
    await button("approval-card.button.approve").click();

    // The bot updates the posted card (PUT) as the change runs; everyone sees the result.
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/vm-web-02 \/ AzureMonitorLinuxAgent: succeeded/);
    expect(await card.textContent()).toMatch(/Approved by Bob \(approver\) at/);
    await screenshot(page, "22-approval-done-bob");

    await switchUser(page, alice);
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toMatch(/Approved by Bob \(approver\) at/);
    expect(await button("approval-card.button.approve").count()).toBe(0);
    await screenshot(page, "23-approval-done-alice");
  }, 180_000);
});
