import type { FleetScanner, ScannedExtension } from "../port.js";
import { createArmClients } from "./arm-clients.js";
import { AzureError, toAzureError } from "./azure-error.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";
import {
  convertScaleSetExtensionRow,
  convertVmExtensionRow,
  scaleSetExtensionsQuery,
  vmExtensionsQuery,
} from "./extension-scan-queries.js";

// $top is 1..1000 (azure-api.md §7); the default page size without $top is unconfirmed, so it is always sent.
const maxPageSize = 1000;
// Resource Graph's guidance: batch subscriptions into groups (under 300) rather than many small queries.
const subscriptionsPerQuery = 300;
const subscriptionPattern = /^[\p{L}\p{N}._()-]{1,90}$/u;

const kinds = [
  { query: vmExtensionsQuery, convert: convertVmExtensionRow },
  { query: scaleSetExtensionsQuery, convert: convertScaleSetExtensionRow },
] as const;

/**
 * The fleet scan over @azure/arm-resourcegraph 5: one query per extension kind, paged with
 * $skipToken, streamed page by page. Rows show the model version only (see extension-scan-queries.ts).
 */
export function createAzureScanner(options: AzureFleetOptions): FleetScanner & { stats(): { calls: number } } {
  const clients = createArmClients(options);
  return {
    stats: () => ({ calls: clients.calls() }),

    async *scanExtensions(subscriptionIds, scanOptions = {}) {
      const pageSize = scanOptions.pageSize ?? maxPageSize;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) {
        throw new AzureError("InvalidPageSize", `pageSize must be an integer from 1 to ${maxPageSize}`);
      }
      if (!subscriptionIds.every((s) => subscriptionPattern.test(s))) throw new AzureError("InvalidSubscriptionId", "not a subscription ID");
      const unique = [...new Map(subscriptionIds.map((s) => [s.toLowerCase(), s])).values()];
      for (let start = 0; start < unique.length; start += subscriptionsPerQuery) {
        const subscriptions = unique.slice(start, start + subscriptionsPerQuery);
        for (const kind of kinds) {
          let skipToken: string | undefined;
          do {
            let response;
            try {
              // The same query and scopes on every page; only $skipToken changes (azure-api.md §7).
              response = await clients.resourceGraph().resources({
                subscriptions,
                query: kind.query,
                options: { top: pageSize, resultFormat: "objectArray", ...(skipToken !== undefined && { skipToken }) },
              });
            } catch (error) {
              throw toAzureError(error);
            }
            const rows: unknown[] = Array.isArray(response.data) ? response.data : [];
            const page: ScannedExtension[] = [];
            for (const row of rows) {
              const converted = typeof row === "object" && row !== null ? kind.convert(row as Record<string, unknown>) : undefined;
              if (converted) page.push(converted);
            }
            if (!response.skipToken && response.resultTruncated === "true") {
              // Paging was impossible: the rows after this page would be silently missing.
              throw new AzureError("ResultTruncated", "Resource Graph truncated the scan and gave no $skipToken");
            }
            if (page.length > 0) yield page;
            skipToken = response.skipToken || undefined;
          } while (skipToken !== undefined);
        }
      }
    },
  };
}
