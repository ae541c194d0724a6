// The ARM requests a plan item makes, in order: what `--dry-run` shows and the card lists.
import type { ArmCall, PlanAction, PlanResource } from "./plan.js";

function extensionPath(resource: PlanResource, name: string): string {
  // Extension names come from Azure, but they still never reach a URL unescaped.
  return `${resource.id}/extensions/${encodeURIComponent(name)}`;
}

/** The ARM requests an action makes, in order. */
export function armCallsFor(resource: PlanResource, action: PlanAction): ArmCall[] {
  switch (action.kind) {
    case "setExtensionVersion": {
      const properties: Record<string, unknown> = { typeHandlerVersion: action.toVersion };
      if (action.forceUpdateTag) properties.forceUpdateTag = action.forceUpdateTag;
      return [{ method: "PATCH", path: extensionPath(resource, action.extension.name), body: { properties } }];
    }
    case "setAutomaticUpgrade":
      return [
        {
          method: "PATCH",
          path: extensionPath(resource, action.extension.name),
          body: { properties: { enableAutomaticUpgrade: action.enable } },
        },
      ];
    case "rolloutModel":
      return action.waves.map((wave) => ({ method: "POST", path: `${resource.id}/manualupgrade`, body: { instanceIds: wave } }));
    case "reinstallExtension": {
      const { location, ...properties } = action.definition;
      return [
        { method: "DELETE", path: extensionPath(resource, action.extension.name) },
        { method: "PUT", path: extensionPath(resource, action.extension.name), body: { location, properties } },
      ];
    }
    case "runCommand":
      return [{ method: "POST", path: `${resource.id}/runCommand`, body: { ...action.input } }];
    case "startVm":
      return [{ method: "POST", path: `${resource.id}/start` }];
    case "enableSystemIdentity": {
      const identity: Record<string, unknown> =
        action.keepUserAssignedIds.length > 0
          ? {
              type: "SystemAssigned, UserAssigned",
              userAssignedIdentities: Object.fromEntries(action.keepUserAssignedIds.map((id) => [id, {}])),
            }
          : { type: "SystemAssigned" };
      return [{ method: "PATCH", path: resource.id, body: { identity } }];
    }
  }
}
