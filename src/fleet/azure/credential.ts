import { DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";

/**
 * The credential for real Azure: environment variables, workload identity, managed identity, then
 * the developer's Azure CLI / PowerShell / azd sign-in, in DefaultAzureCredential's order. Needs
 * Reader on the subscriptions and Log Analytics Reader on the workspaces (README "Real Azure").
 */
export function createProductionCredential(): TokenCredential {
  return new DefaultAzureCredential();
}
