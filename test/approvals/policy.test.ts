import { describe, expect, it } from "vitest";
import type { Conversation, User } from "../../src/commands/types.js";
import { demoGrantsPath, loadPolicyFile } from "../../src/approvals/load-policy.js";
import {
  denyAllPolicy,
  mayApprove,
  mayRequest,
  parsePolicy,
  PolicyError,
  policyGroupIds,
  roleOf,
  visibleVerbs,
  type ApprovalSubject,
  type Principal,
} from "../../src/approvals/policy.js";
import { resolvePrincipal, type GroupResolver } from "../../src/approvals/principal.js";
import { approvalVerbs } from "../../src/approvals/verbs.js";

const alice = "11111111-1111-4111-8111-111111111111";
const bob = "22222222-2222-4222-8222-222222222222";
const carol = "33333333-3333-4333-8333-333333333333";
const oncallGroup = "44444444-4444-4444-8444-444444444444";
const sub = "00000000-0000-4000-8000-000000000001";
const otherSub = "00000000-0000-4000-8000-000000000002";
const tenant = "55555555-5555-4555-8555-555555555555";

const channel: Conversation = { id: "19:ops@thread.tacv2", type: "channel", teamId: "team-ops", channelId: "19:ops@thread.tacv2", tenantId: tenant };
const personal: Conversation = { id: "a:1", type: "personal", tenantId: tenant };
const prod = { subscriptionId: sub, resourceGroup: "rg-prod" };
const dev = { subscriptionId: sub, resourceGroup: "rg-dev" };

const who = (objectId: string, groupIds: string[] = []): Principal => ({ objectId, groupIds, tenantId: tenant });

function subject(fields: Partial<ApprovalSubject> = {}): ApprovalSubject {
  return { verb: "upgrade", requesterObjectId: alice, tenantId: tenant, conversation: channel, targets: [prod], ...fields };
}

describe("parsePolicy", () => {
  it("when nothing is configured, then defaults apply: one approval, 30 minutes, no grants", () => {
    const policy = parsePolicy({});
    expect(policy).toMatchObject({ approvalsRequired: 1, requestTtlMinutes: 30, requireRbacWriteRole: false, grants: [] });
  });

  it("when fields are bad, then every bad field is named with its path", () => {
    let error: unknown;
    try {
      parsePolicy({
        approvalsRequired: 0,
        grants: [{ users: ["Bob Smith"], request: ["upgarde"] }, { users: [bob] }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const problems = (error as PolicyError).problems.join("\n");
    expect(problems).toMatch(/^approvalsRequired:/m);
    expect(problems).toMatch(/^grants\[0\]\.users\[0\]: expected an Entra object ID/m);
    expect(problems).toMatch(/^grants\[0\]\.request\[0\]: expected one of upgrade, autoupgrade/m);
    expect(problems).toMatch(/^grants\[1\]: a grant needs request or approve verbs/m);
  });

  it("when someone tries to turn the two-person rule off, then the policy is refused with that reason", () => {
    expect(() => parsePolicy({ allowSelfApproval: true })).toThrow(/two-person rule cannot be turned off/);
  });

  it("when an unknown key is present, then it is reported rather than ignored", () => {
    expect(() => parsePolicy({ approvers: [bob] })).toThrow(/Unrecognized key/);
  });

  it("when the demo grants are loaded, then Alice requests, Bob requests and approves, Carol has nothing", () => {
    const policy = loadPolicyFile(demoGrantsPath);
    expect(visibleVerbs(policy, who(alice), channel)).toEqual([...approvalVerbs]);
    expect(mayApprove(policy, subject({ requesterObjectId: alice }), who(bob)).ok).toBe(true);
    expect(mayApprove(policy, subject({ requesterObjectId: bob }), who(alice)).ok).toBe(false);
    expect(visibleVerbs(policy, who(carol), channel)).toEqual([]);
  });

  it("when a grants file is not JSON, then the error names the file", () => {
    expect(() => loadPolicyFile("/nonexistent/grants.json")).toThrow(/\/nonexistent\/grants\.json/);
  });
});

describe("mayRequest", () => {
  const policy = parsePolicy({
    grants: [
      { users: [alice], request: ["upgrade", "autoupgrade"], teams: ["team-ops"], scopes: [prod] },
      { groups: [oncallGroup], request: ["restart-agent"], conversationTypes: ["personal"] },
      { users: [bob], request: ["*"], approve: ["*"] },
    ],
  });

  it("when no grant names the user, then the request is denied by default", () => {
    expect(mayRequest(denyAllPolicy, who(alice), "upgrade", channel, prod)).toEqual({ ok: false, refusal: { code: "notGranted", verb: "upgrade" } });
    expect(mayRequest(policy, who(carol), "upgrade", channel, prod).ok).toBe(false);
  });

  it("when the grant covers verb, team and scope, then the request is allowed", () => {
    expect(mayRequest(policy, who(alice), "upgrade", channel, prod).ok).toBe(true);
  });

  it("when the verb, the team or the resource group is outside the grant, then it is denied", () => {
    expect(mayRequest(policy, who(alice), "reinstall", channel, prod).ok).toBe(false);
    expect(mayRequest(policy, who(alice), "upgrade", { ...channel, teamId: "team-other" }, prod).ok).toBe(false);
    expect(mayRequest(policy, who(alice), "upgrade", channel, dev).ok).toBe(false);
    expect(mayRequest(policy, who(alice), "upgrade", channel, { subscriptionId: otherSub, resourceGroup: "rg-prod" }).ok).toBe(false);
  });

  it("when one of several targets is outside the grant, then the whole request is denied", () => {
    expect(mayRequest(policy, who(alice), "upgrade", channel, [prod, dev]).ok).toBe(false);
    expect(mayRequest(policy, who(alice), "upgrade", channel, [prod, { subscriptionId: sub.toUpperCase(), resourceGroup: "RG-PROD" }]).ok).toBe(true);
  });

  it("when the user belongs to a granted group, then the group grant applies only where it says", () => {
    expect(mayRequest(policy, who(carol, [oncallGroup]), "restart-agent", personal, dev).ok).toBe(true);
    expect(mayRequest(policy, who(carol, [oncallGroup]), "restart-agent", channel, dev).ok).toBe(false);
    expect(mayRequest(policy, who(carol), "restart-agent", personal, dev).ok).toBe(false);
  });

  it("when a display name equals a granted object ID's owner, then only the object ID counts", () => {
    // Principals carry no name at all: there is nothing a renamed account could match on.
    expect(mayRequest(policy, who("66666666-6666-4666-8666-666666666666"), "upgrade", channel, prod).ok).toBe(false);
  });

  it("when the policy is bound to a tenant, then a conversation from another tenant is refused", () => {
    const bound = parsePolicy({ tenantId: tenant, grants: [{ users: [alice], request: ["*"] }] });
    expect(mayRequest(bound, who(alice), "upgrade", channel, prod).ok).toBe(true);
    expect(mayRequest(bound, { ...who(alice), tenantId: "77777777-7777-4777-8777-777777777777" }, "upgrade", { ...channel, tenantId: "77777777-7777-4777-8777-777777777777" }, prod)).toEqual({
      ok: false,
      refusal: { code: "wrongTenant" },
    });
  });
});

describe("mayApprove", () => {
  const policy = parsePolicy({
    grants: [
      { users: [alice, bob], request: ["*"], approve: ["*"] },
      { groups: [oncallGroup], approve: ["upgrade"], scopes: [prod] },
    ],
  });

  it("when the approver is the requester, then it is refused even with an approve grant (two-person rule)", () => {
    expect(mayApprove(policy, subject({ requesterObjectId: alice }), who(alice))).toEqual({ ok: false, refusal: { code: "selfApproval" } });
    expect(mayApprove(policy, subject({ requesterObjectId: alice.toUpperCase() }), who(alice)).ok).toBe(false);
  });

  it("when another granted person approves, then it is allowed", () => {
    expect(mayApprove(policy, subject(), who(bob)).ok).toBe(true);
  });

  it("when the approver has no approve grant, then notApprover", () => {
    expect(mayApprove(policy, subject(), who(carol))).toEqual({ ok: false, refusal: { code: "notApprover" } });
  });

  it("when a group grant approves only upgrades in rg-prod, then it covers nothing else", () => {
    expect(mayApprove(policy, subject(), who(carol, [oncallGroup])).ok).toBe(true);
    expect(mayApprove(policy, subject({ verb: "reinstall" }), who(carol, [oncallGroup])).ok).toBe(false);
    expect(mayApprove(policy, subject({ targets: [prod, dev] }), who(carol, [oncallGroup])).ok).toBe(false);
  });

  it("when the approver clicks from another tenant, then wrongTenant", () => {
    expect(mayApprove(policy, subject(), { ...who(bob), tenantId: "77777777-7777-4777-8777-777777777777" })).toEqual({ ok: false, refusal: { code: "wrongTenant" } });
  });
});

describe("visibleVerbs and roles", () => {
  const policy = parsePolicy({
    grants: [
      { users: [alice], request: ["upgrade", "autoupgrade"] },
      { users: [alice], request: ["reinstall"], conversationTypes: ["personal"] },
      { users: [bob], approve: ["*"] },
    ],
  });

  it("when help is built, then only the verbs the caller may request here are listed", () => {
    expect(visibleVerbs(policy, who(alice), channel)).toEqual(["upgrade", "autoupgrade"]);
    expect(visibleVerbs(policy, who(alice), personal)).toEqual(["upgrade", "autoupgrade", "reinstall"]);
    expect(visibleVerbs(policy, who(bob), channel)).toEqual([]);
  });

  it("when a card is refreshed, then the requester, an approver and anyone else get their own role", () => {
    expect(roleOf(policy, subject(), who(alice))).toBe("requester");
    expect(roleOf(policy, subject(), who(bob))).toBe("approver");
    expect(roleOf(policy, subject(), who(carol))).toBe("viewer");
  });
});

describe("resolvePrincipal", () => {
  const policy = parsePolicy({ grants: [{ groups: [oncallGroup.toUpperCase()], request: ["upgrade"] }] });
  const user: User = { id: "29:carol", aadObjectId: carol, name: "Carol" };

  it("when the user has no Entra object ID, then there is no principal", async () => {
    expect(await resolvePrincipal(policy, { id: "29:guest", name: "Guest" }, channel)).toBeUndefined();
  });

  it("when groups are resolved, then only the policy's groups are asked about", async () => {
    const asked: string[][] = [];
    const groups: GroupResolver = {
      async memberOf(_user, _conversation, ids) {
        asked.push([...ids]);
        return ids;
      },
    };
    const principal = await resolvePrincipal(policy, user, channel, groups);
    expect(asked).toEqual([[oncallGroup]]);
    expect(policyGroupIds(policy)).toEqual([oncallGroup]);
    expect(principal).toEqual({ objectId: carol, groupIds: [oncallGroup], tenantId: tenant });
    expect(mayRequest(policy, principal!, "upgrade", channel, prod).ok).toBe(true);
  });
});
