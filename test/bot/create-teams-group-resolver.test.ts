import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamsGroupResolver } from "../../src/bot/create-teams-group-resolver.js";
import type { Clock } from "../../src/clock.js";
import type { Conversation, User } from "../../src/commands/types.js";
import { createLogger } from "../../src/log.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";

// The resolver against the fake Bot Connector over HTTP, through a real botbuilder TurnContext
// (a proactive turn of a local-mode CloudAdapter, which calls the connector like a Teams turn does).

const teamId = "19:ops-team@thread.tacv2";
const groupId = "aaaaaaaa-0000-4000-8000-00000000000a";
const otherGroupId = "bbbbbbbb-0000-4000-8000-00000000000b";
const member: User = { id: "29:1member", name: "Mia Member", aadObjectId: "11111111-0000-4000-8000-000000000001" };
const outsider: User = { id: "29:1outsider", name: "Otto Outsider", aadObjectId: "22222222-0000-4000-8000-000000000002" };
const inTeam: Conversation = { id: "19:ops-general@thread.tacv2;messageid=1", type: "channel", teamId, channelId: "19:ops-general@thread.tacv2" };

function lines(): { logs: Record<string, unknown>[]; destination: Writable } {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { logs, destination };
}

describe("Teams group resolver", () => {
  let connector: FakeConnector;
  let adapter: CloudAdapter;
  let now: number;
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    connector = await startFakeConnector({
      teams: [{ id: teamId, name: "Ops", aadGroupId: groupId, members: [{ id: member.id, name: member.name, aadObjectId: member.aadObjectId ?? "" }] }],
    });
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  });
  afterAll(async () => connector.close());
  beforeEach(() => {
    connector.clear();
    now = Date.parse("2026-03-02T09:00:00Z");
  });

  /** Runs work inside a turn whose serviceUrl is the fake connector (with a Teams-like /amer/ prefix). */
  async function inTurn<T>(work: (context: TurnContext) => Promise<T>, serviceUrl = `${connector.url}/amer/tenant/`): Promise<T> {
    let result: T | undefined;
    const reference = {
      channelId: "msteams",
      serviceUrl,
      conversation: { id: inTeam.id, conversationType: "channel", isGroup: true, name: "" },
      bot: { id: "28:bot", name: "extops" },
    };
    await adapter.continueConversationAsync("", reference, async (context) => {
      result = await work(context);
    });
    return result as T;
  }

  const teamCalls = () => connector.calls.filter((c) => c.method === "GET" && c.path.startsWith("/v3/teams/"));
  const memberCalls = () => connector.calls.filter((c) => c.method === "GET" && c.path.includes("/members/"));

  it("when a team member is asked about the team's group, then the group comes back, and the team is looked up once", async () => {
    await inTurn(async (context) => {
      const resolver = createTeamsGroupResolver({ log: createLogger({ level: "silent" }), clock, contextOf: () => context });
      expect(await resolver.memberOf(member, inTeam, [otherGroupId, groupId.toUpperCase()])).toEqual([groupId]);
      expect(await resolver.memberOf(outsider, inTeam, [groupId])).toEqual([]);
    });
    expect(teamCalls().map((c) => c.path)).toEqual([`/v3/teams/${teamId}`]);
    expect(memberCalls().map((c) => c.path)).toEqual([`/v3/conversations/${teamId}/members/${member.id}`, `/v3/conversations/${teamId}/members/${outsider.id}`]);
    expect(memberCalls().map((c) => c.answer?.status)).toEqual([200, 404]);
  });

  it("when the team's cache entry is older than its TTL, then the team is looked up again; within it, not", async () => {
    await inTurn(async (context) => {
      const resolver = createTeamsGroupResolver({ log: createLogger({ level: "silent" }), clock, teamTtlMs: 1_000, memberTtlMs: 1_000, contextOf: () => context });
      await resolver.memberOf(member, inTeam, [groupId]);
      now += 999;
      expect(await resolver.memberOf(member, inTeam, [groupId])).toEqual([groupId]);
      expect(teamCalls()).toHaveLength(1);
      expect(memberCalls()).toHaveLength(1);
      now += 2;
      expect(await resolver.memberOf(member, inTeam, [groupId])).toEqual([groupId]);
    });
    expect(teamCalls()).toHaveLength(2);
    expect(memberCalls()).toHaveLength(2);
  });

  it("when the policy names only other groups, then the answer is empty and membership is not asked", async () => {
    await inTurn(async (context) => {
      const resolver = createTeamsGroupResolver({ log: createLogger({ level: "silent" }), clock, contextOf: () => context });
      expect(await resolver.memberOf(member, inTeam, [otherGroupId])).toEqual([]);
    });
    expect(teamCalls()).toHaveLength(1);
    expect(memberCalls()).toHaveLength(0);
  });

  it("when the conversation is not in a team or the user is anonymous, then the answer is empty without asking Teams", async () => {
    await inTurn(async (context) => {
      const resolver = createTeamsGroupResolver({ log: createLogger({ level: "silent" }), clock, contextOf: () => context });
      expect(await resolver.memberOf(member, { id: "a:1personal", type: "personal" }, [groupId])).toEqual([]);
      expect(await resolver.memberOf({ id: "29:1guest", name: "Guest" }, inTeam, [groupId])).toEqual([]);
    });
    expect(connector.calls).toHaveLength(0);
  });

  it("when Teams does not know the team, then the answer is empty and a warning is logged", async () => {
    const { logs, destination } = lines();
    await inTurn(async (context) => {
      const resolver = createTeamsGroupResolver({ log: createLogger({ level: "info", destination }), clock, contextOf: () => context });
      expect(await resolver.memberOf(member, { ...inTeam, teamId: "19:unknown@thread.tacv2" }, [groupId])).toEqual([]);
    });
    expect(teamCalls().map((c) => c.answer?.status)).toEqual([404]);
    expect(logs).toEqual([expect.objectContaining({ level: 40, teamId: "19:unknown@thread.tacv2", err: expect.objectContaining({ statusCode: 404 }) })]);
  });

  it("when the connector refuses the membership lookup, then the answer is empty, a warning is logged, and the failure is not cached", async () => {
    // A connector that knows the team but answers the first member lookup 403 (not retried, §3.4).
    let refusals = 1;
    const flaky = http.createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? "");
      res.setHeader("content-type", "application/json");
      if (path.endsWith(`/v3/teams/${teamId}`)) return res.end(JSON.stringify({ id: teamId, aadGroupId: groupId }));
      if (path.includes("/members/") && refusals-- > 0) {
        res.statusCode = 403;
        return res.end(JSON.stringify({ error: { code: "Forbidden", message: "nope" } }));
      }
      res.end(JSON.stringify({ id: member.id, name: member.name, aadObjectId: member.aadObjectId }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    const { logs, destination } = lines();
    try {
      const serviceUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/amer/tenant/`;
      await inTurn(async (context) => {
        const resolver = createTeamsGroupResolver({ log: createLogger({ level: "info", destination }), clock, contextOf: () => context });
        expect(await resolver.memberOf(member, inTeam, [groupId])).toEqual([]);
        expect(await resolver.memberOf(member, inTeam, [groupId])).toEqual([groupId]);
      }, serviceUrl);
    } finally {
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
    expect(logs).toEqual([expect.objectContaining({ level: 40, teamId, err: expect.objectContaining({ statusCode: 403 }) })]);
  });

  it("when there is no turn to ask through, then the answer is empty and a warning is logged", async () => {
    const { logs, destination } = lines();
    const resolver = createTeamsGroupResolver({ log: createLogger({ level: "info", destination }), clock });
    expect(await resolver.memberOf(member, inTeam, [groupId])).toEqual([]);
    expect(connector.calls).toHaveLength(0);
    expect(logs).toEqual([expect.objectContaining({ level: 40, teamId })]);
  });
});
