import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { demoUsers, findDemoUser } from "../../src/devchat/demo-users.js";

// The dev chat's people must be the ones the demo grants name, or trying approvals locally fails
// in confusing ways (Bob could not approve). The grants file belongs to approvals; read it as data.
const grants = JSON.parse(readFileSync(new URL("../../src/approvals/demo-grants.json", import.meta.url), "utf8")) as {
  description?: string;
  grants: { users?: string[]; request?: string[]; approve?: string[] }[];
};

describe("demo users", () => {
  it("when the demo grants name a user, then the dev chat can act as them", () => {
    const granted = new Set(grants.grants.flatMap((g) => g.users ?? []).map((id) => id.toLowerCase()));
    expect(granted.size).toBeGreaterThan(0);
    for (const id of granted) expect(findDemoUser(demoUsers, id), id).toBeDefined();
  });

  it("when approvals are tried, then there is a requester, a different approver and someone with no grant", () => {
    const usersOf = (kind: "request" | "approve") =>
      new Set(grants.grants.filter((g) => (g[kind]?.length ?? 0) > 0).flatMap((g) => g.users ?? []));
    const approvers = usersOf("approve");
    const requesters = usersOf("request");
    expect(demoUsers.some((u) => requesters.has(u.aadObjectId) && !approvers.has(u.aadObjectId))).toBe(true);
    expect(demoUsers.some((u) => approvers.has(u.aadObjectId))).toBe(true);
    expect(demoUsers.some((u) => !requesters.has(u.aadObjectId) && !approvers.has(u.aadObjectId))).toBe(true);
  });

  it("when users are listed, then MRIs and object ids are unique and the object ids are GUIDs", () => {
    expect(new Set(demoUsers.map((u) => u.id)).size).toBe(demoUsers.length);
    expect(new Set(demoUsers.map((u) => u.aadObjectId)).size).toBe(demoUsers.length);
    for (const user of demoUsers) {
      expect(user.id).toMatch(/^29:/);
      expect(user.aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
