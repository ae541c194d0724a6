// The Azure implementation of the fleet port; main.ts builds it, nothing else imports the SDKs.
export { AzureError } from "./azure-error.js";
export { createAzureFleet, type AzureFleet, type AzureFleetOptions } from "./create-azure-fleet.js";
export { kqlString, KqlValueError } from "./kql.js";
export { createSimulatorCredential } from "./simulator-credential.js";
