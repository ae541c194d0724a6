import { randomBytes } from "node:crypto";

/** 8 hex characters: short enough to type after `unsubscribe`, random so ids never repeat in practice. */
export function newSubscriptionId(): string {
  return randomBytes(4).toString("hex");
}
