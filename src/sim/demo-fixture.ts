// The built-in demo fleet (src/sim/demo-fleet.json, documented in FIXTURE.md). It is also a
// sample fixture for `npm run sim -- --fixture <file>`.
import { fileURLToPath } from "node:url";
import type { Fixture } from "./fixture-schema.js";
import { loadFixture } from "./parse-fixture.js";

export const demoFixturePath = fileURLToPath(new URL("./demo-fleet.json", import.meta.url));

export const demoFixture: Fixture = loadFixture(demoFixturePath);
