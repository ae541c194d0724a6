import { createAzureFleet, createSimulatorCredential } from "../src/fleet/azure/index.js";
import type { RunningSimulator } from "../src/sim/index.js";
import { median } from "./measure.js";

/**
 * One simulated ARM round trip as the bot experiences it: a single GET through the real SDK on a
 * warm connection (the simulator's latency plus TLS, HTTP and SDK overhead). The unit of every
 * "...RoundTrips" figure.
 */
export async function measureRoundTrip(simulator: RunningSimulator, samples = 7): Promise<number> {
  const fleet = createAzureFleet({
    subscriptionIds: ["00000000-0000-4000-8000-000000000001"],
    credential: createSimulatorCredential(),
    armEndpoint: simulator.url,
    logsEndpoint: simulator.logsUrl,
    caPem: simulator.caPem,
  });
  const key = { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent" };
  await fleet.listExtensionVersions(key); // opens the connection: not part of a round trip
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) {
    const before = fleet.stats().calls;
    const startedAt = performance.now();
    await fleet.listExtensionVersions(key);
    durations.push(performance.now() - startedAt);
    if (fleet.stats().calls - before !== 1) throw new Error("bench: a version listing took more than one request; the round trip is not one call");
  }
  return median(durations);
}
