// Group grants end to end (issue 3 req 2): the grants file names the team's Entra group, not people.
// The bot learns the group from the Bot Connector (GET /v3/teams/{id} → aadGroupId) and who belongs
// to it from the team's members route, over HTTP through the fake connector.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/approvals/policy.js";
import { getRequest } from "../../src/approvals/use-cases.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { teamsMessage, type ChatUser } from "../../src/chat/teams-activity.js";
import { t } from "../../src/i18n/translate.js";
import { alice, carol, startApprovalApp, type ApprovalApp } from "./approvals-app.js";
import { buttonsOf, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf } from "./approvals-support.js";
import { textOf } from "./e2e-support.js";

/** Dave is in the team but in no grant by object ID. Carol is not in the team. */
const dave: ChatUser = { id: "29:1dave-mri", name: "Dave (team member)", aadObjectId: "44444444-4444-4444-8444-444444444444" };
const teamGroupId = "9a9a9a9a-0000-4000-8000-0000000000f1";
// The team the test thread belongs to, as the activities carry it (channelData.team.id).
const teamId = ((teamsMessage("x", { serviceUrl: "http://127.0.0.1/", user: alice, scope: "channel" }).channelData as { team: { id: string } }).team.id);

const policy = parsePolicy({
  grants: [
    { name: "on-call requests", users: [alice.aadObjectId], request: ["*"] },
    { name: "the ops team approves", groups: [teamGroupId], approve: ["*"] },
  ],
});

describe("approvals granted to a Teams team's Entra group", () => {
  let app: ApprovalApp;
  beforeAll(async () => {
    const members = [alice, dave].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId ?? "" }));
    app = await startApprovalApp({ policy, teams: [{ id: teamId, name: "Ops", aadGroupId: teamGroupId, members }] });
  });
  afterAll(async () => app?.stop());
  afterEach(async () => app.runtime.idle());

  it("when a team member not named by object ID approves, then the change runs; a non-member is refused", async () => {
    const exchange = await app.say(alice, "upgrade rg-prod/vm-web-02");
    const card = postedCard(exchange);
    const id = requestIdOf(card);
    await expect.poll(async () => (await app.runtime.messages.get(id))?.messageId).toBeDefined();
    const messageId = messageIdOf(app.connector, exchange);
    const refresh = refreshOf(card);
    const approve = { verb: cardVerbs.approvalApprove, data: { ...refresh.data, verb: cardVerbs.approvalApprove } };

    // Carol's refresh shows no buttons, and a forged approval from her is refused: not in the team.
    const carolsView = invokeCard(await app.press(carol, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
    expect(buttonsOf(carolsView)).toEqual([]);
    const byCarol = invokeCard(await app.press(carol, approve, { replyToId: messageId }));
    expect(textOf(byCarol)).toContain(t("en", "approvals.refusal.notApprover"));
    expect((await getRequest(app.store, id))?.state).toBe("pending");
    const carolLookups = app.connector.calls.filter((c) => c.path === `/v3/conversations/${teamId}/members/${carol.id}`);
    expect(carolLookups.length).toBeGreaterThan(0);
    expect(carolLookups.every((c) => c.answer?.status === 404)).toBe(true);

    // Dave's refresh shows Approve/Reject through the group, and his approval goes through.
    const davesView = invokeCard(await app.press(dave, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
    expect(buttonsOf(davesView).map((b) => b.verb)).toEqual([cardVerbs.approvalApprove, cardVerbs.approvalReject]);
    const byDave = invokeCard(await app.press(dave, approve, { replyToId: messageId }));
    expect(textOf(byDave)).toContain(t("en", "approval-card.notice.approved"));
    await expect.poll(async () => (await getRequest(app.store, id))?.state, { timeout: 15_000 }).toBe("succeeded");
    expect(app.sim.stats.writes).toBeGreaterThan(0);

    // The team's group was looked up once (cached per team), and only for the team of the thread.
    const teamLookups = app.connector.calls.filter((c) => c.method === "GET" && c.path.startsWith("/v3/teams/"));
    expect(teamLookups.map((c) => c.path)).toEqual([`/v3/teams/${teamId}`]);
  });
});
