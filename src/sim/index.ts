// The simulator's public API (contracts.md). Everything else in src/sim/ is internal.
export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./start-simulator.js";
export type { FaultRule } from "./fault-book.js";
export type { SimulatorStats } from "./sim-stats.js";
export type { Fixture } from "./fixture-schema.js";
export { loadFixture, parseFixture, FixtureError } from "./parse-fixture.js";
export { demoFixture, demoFixturePath } from "./demo-fixture.js";
export type { OperationFaultRule } from "./operation-faults.js";
export type { LroSettings } from "./operation-book.js";
export type { ArmThrottleSettings, BucketSettings } from "./token-bucket.js";
export type { GraphQuotaSettings } from "./graph-quota.js";
export { generateFleet, defaultMix, fleetSituations, type GenerateFleetOptions, type FleetMix, type FleetSituation } from "./generate-fleet.js";
