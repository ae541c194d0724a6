// The shape every benchmark section shares, so later issues add sections (drift, upgrade, ...)
// without touching the runner.
import type { RunningSimulator } from "../src/sim/index.js";

export interface BenchContext {
  /** One simulator for the whole run, at `latencyMs` per request. */
  simulator: RunningSimulator;
  latencyMs: number;
  /** Milliseconds of one simulated ARM round trip through the SDK (the unit of the *RoundTrips figures). */
  roundTripMs: number;
  /** Progress lines (stderr), so `--json` output stays clean. */
  progress(message: string): void;
}

export interface Target {
  /** The figure is good when `value <= max`… */
  max?: number;
  /** …and `value >= min` (e.g. "at least 50x fewer calls"). */
  min?: number;
}

export interface Figure {
  /** JSON key inside the section, e.g. "coldRoundTrips". */
  key: string;
  value: number;
  unit: string;
  description: string;
  target?: Target;
}

export interface SectionResult {
  figures: Figure[];
  /** Extra, non-numeric facts for diagnosis (e.g. calls per route); printed and put in the JSON. */
  details?: Record<string, unknown>;
}

export interface BenchSection {
  /** JSON key of the section, e.g. "status". */
  name: string;
  run(context: BenchContext): Promise<SectionResult>;
}
