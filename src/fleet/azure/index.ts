// The Azure implementation of the fleet port; main.ts builds it, nothing else imports the SDKs.
export { AzureError } from "./azure-error.js";
export { createAzureFleet, type AzureFleet, type AzureFleetOptions } from "./create-azure-fleet.js";
export { kqlString, KqlValueError } from "./kql.js";
export { createSimulatorCredential } from "./simulator-credential.js";
export {
  createAzureFleetWriter,
  createAzureCommandRunner,
  type AzureFleetWriter,
  type AzureFleetWriterOptions,
} from "./create-azure-fleet-writer.js";
export { createAzureDiagnostics } from "./create-azure-diagnostics.js";
export { createAzureScanner } from "./create-azure-scanner.js";
export { createArmReadinessCheck } from "./create-arm-readiness-check.js";
export { createAzureRbacChecker } from "./create-azure-rbac-checker.js";
