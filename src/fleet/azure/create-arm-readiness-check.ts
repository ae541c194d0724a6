import { createArmClients } from "./arm-clients.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";

/**
 * For GET /readyz: resolves when ARM answers for the first watched subscription with the bot's
 * credential (a 404 still proves the endpoint and the token work), rejects on a network error, an
 * authentication or authorization failure, or after `timeoutMs`. No retries: a probe must be quick.
 */
export function createArmReadinessCheck(options: AzureFleetOptions, timeoutMs = 5_000): () => Promise<void> {
  const clients = createArmClients({ ...options, retry: { maxRetries: 0 } });
  const subscriptionId = options.subscriptionIds[0];
  return async () => {
    if (!subscriptionId) throw new Error("no subscription configured");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`ARM did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([clients.getJson(`/subscriptions/${encodeURIComponent(subscriptionId)}`, "2022-12-01"), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
