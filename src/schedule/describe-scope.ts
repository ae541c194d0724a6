import { escapeParams } from "../cards/escape-markdown.js";
import type { Scope } from "../fleet/port.js";
import type { Translate } from "../i18n/translate.js";

/** "resource group rg-prod", "all subscriptions", ... (names escaped for Markdown). */
export function describeScope(tr: Translate, scope: Scope): string {
  switch (scope.kind) {
    case "all":
      return tr("schedule.scope.all");
    case "subscription":
      return tr("schedule.scope.subscription", escapeParams({ subscriptionId: scope.subscriptionId }));
    case "resourceGroup":
      return tr("schedule.scope.resourceGroup", escapeParams({ resourceGroup: scope.resourceGroup }));
  }
}
