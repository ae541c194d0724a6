import type { FleetReader } from "../fleet/port.js";
import type { InstanceStateReader } from "./fleet-writer.js";

/**
 * An InstanceStateReader over the FleetReader's scale-set view: model applied and instance
 * provisioning state, without per-instance extension states. Good enough where the Azure
 * implementation offers nothing finer.
 */
export function instanceStatesFromFleet(fleet: Pick<FleetReader, "getScaleSet">): InstanceStateReader {
  return {
    async instanceStates(scaleSet, instanceIds) {
      const found = await fleet.getScaleSet(scaleSet);
      if (!found) return [];
      const wanted = new Set(instanceIds.map((id) => id.toLowerCase()));
      return found.instances
        .filter((i) => wanted.has(i.instanceId.toLowerCase()))
        .map((i) => ({ instanceId: i.instanceId, latestModelApplied: i.latestModelApplied, provisioningState: i.provisioningState, extensions: [] }));
    },
  };
}
