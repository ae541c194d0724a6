// Starts the ARM simulator on 127.0.0.1 with the demo fleet and points the real-SDK fleet at it.
import { createAzureFleet, type AzureFleet, type AzureFleetOptions } from "../../../src/fleet/azure/create-azure-fleet.js";
import { createSimulatorCredential } from "../../../src/fleet/azure/simulator-credential.js";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../src/sim/index.js";

export const demoSubscriptions = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];

export async function startSimulatorForTest(options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; now: Date }> {
  // A frozen "now" keeps heartbeat ages exact however long the suite runs.
  const now = new Date();
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, now: () => now, ...options });
  return { sim, now };
}

/** How every real-SDK client reaches a running simulator; retries are fast so throttling tests stay quick. */
export function simConnection(sim: RunningSimulator) {
  return {
    subscriptionIds: demoSubscriptions,
    credential: createSimulatorCredential(),
    armEndpoint: sim.url,
    logsEndpoint: sim.logsUrl,
    caPem: sim.caPem,
    retry: { maxRetries: 3, retryDelayInMs: 10 },
  };
}

/** The Azure fleet against a running simulator. */
export function createSimFleet(sim: RunningSimulator, options: Partial<AzureFleetOptions> = {}): AzureFleet {
  return createAzureFleet({ ...simConnection(sim), ...options });
}
