import { describeFleetReaderContract } from "../fleet-reader-contract.js";
import { createSimFleet, startSimulatorForTest } from "./start-sim-fleet.js";

describeFleetReaderContract("Azure SDK fleet against the simulator", async () => {
  const { sim, now } = await startSimulatorForTest();
  return { fleet: createSimFleet(sim), now, stop: () => sim.stop() };
});
