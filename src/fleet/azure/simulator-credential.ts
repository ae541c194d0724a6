import type { AccessToken, TokenCredential } from "@azure/core-auth";

// The simulator accepts any bearer token; the SDK still insists on a TokenCredential and on HTTPS
// (bearerTokenAuthenticationPolicy refuses http URLs: azure-api.md §11).
const oneHourMs = 3_600_000;

/** A static fake TokenCredential for the ARM simulator. Never use it against real Azure. */
export function createSimulatorCredential(token = "sim-token"): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + oneHourMs, tokenType: "Bearer" };
    },
  };
}
