// The Azure writer, diagnostics and scanner against a running simulator, with the options the
// reader uses (start-sim-fleet.ts) and fast LRO polling so the suite stays quick.
import { createAzureDiagnostics } from "../../../src/fleet/azure/create-azure-diagnostics.js";
import {
  createAzureCommandRunner,
  createAzureFleetWriter,
  type AzureFleetWriter,
  type AzureFleetWriterOptions,
} from "../../../src/fleet/azure/create-azure-fleet-writer.js";
import { createAzureScanner } from "../../../src/fleet/azure/create-azure-scanner.js";
import type { RunningSimulator } from "../../../src/sim/index.js";
import { simConnection } from "./start-sim-fleet.js";

export function simOptions(sim: RunningSimulator, options: Partial<AzureFleetWriterOptions> = {}): AzureFleetWriterOptions {
  return {
    ...simConnection(sim),
    pollIntervalMs: 10,
    operationTimeoutMs: 10_000,
    runCommandTimeoutMs: 10_000,
    ...options,
  };
}

export function createSimWriter(sim: RunningSimulator, options: Partial<AzureFleetWriterOptions> = {}): AzureFleetWriter {
  return createAzureFleetWriter(simOptions(sim, options));
}

export const createSimCommandRunner = (sim: RunningSimulator, options: Partial<AzureFleetWriterOptions> = {}) =>
  createAzureCommandRunner(simOptions(sim, options));
export const createSimDiagnostics = (sim: RunningSimulator, options: Partial<AzureFleetWriterOptions> = {}) =>
  createAzureDiagnostics(simOptions(sim, options));
export const createSimScanner = (sim: RunningSimulator, options: Partial<AzureFleetWriterOptions> = {}) => createAzureScanner(simOptions(sim, options));
