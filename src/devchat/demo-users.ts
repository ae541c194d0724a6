// The people the dev chat lets you act as. Their Entra object IDs are the ones the demo grants
// (src/approvals/demo-grants.json) authorize, so approvals can be tried locally: Alice requests,
// Bob approves, Carol only watches. test/devchat/demo-users.test.ts keeps the two files in step.

/** A person the dev chat can act as: Teams MRI (from.id, what card refresh.userIds lists), name, Entra object ID. */
export interface DemoUser {
  /** Teams MRI, 29:... */
  id: string;
  name: string;
  aadObjectId: string;
}

export const demoUsers: readonly DemoUser[] = [
  { id: "29:1devchat-alice", name: "Alice (on-call)", aadObjectId: "11111111-1111-4111-8111-111111111111" },
  { id: "29:1devchat-bob", name: "Bob (approver)", aadObjectId: "22222222-2222-4222-8222-222222222222" },
  { id: "29:1devchat-carol", name: "Carol (viewer)", aadObjectId: "33333333-3333-4333-8333-333333333333" },
];

/** A demo user by Teams MRI or Entra object ID (the connector's members route accepts either, like Teams). */
export function findDemoUser(users: readonly DemoUser[], idOrObjectId: string): DemoUser | undefined {
  const wanted = idOrObjectId.toLowerCase();
  return users.find((user) => user.id.toLowerCase() === wanted || user.aadObjectId.toLowerCase() === wanted);
}
