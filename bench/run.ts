// `npm run bench [-- --json] [--runs N]`: end-to-end figures against the ARM simulator at 50 ms per
// request. Targets are printed with pass/fail; missing one never fails the process (the numbers
// depend on the machine), so CI can record them without flaking.
import { parseArgs } from "node:util";
import { demoFixture, startSimulator } from "../src/sim/index.js";
import type { BenchSection, Figure } from "./bench-section.js";
import { round } from "./measure.js";
import { measureRoundTrip } from "./round-trip.js";
import { approvalsSection } from "./approvals.js";
import { driftSection } from "./drift.js";
import { statusSection } from "./status.js";

const latencyMs = 50;

function sectionsFor(runs: number): BenchSection[] {
  return [
    statusSection({ command: "status vm-web-02", expect: "vm-web-02", coldRuns: runs, warmRuns: 3 }),
    approvalsSection({ clicks: 100, instances: 100 }),
    driftSection({ vms: 10_000, extensionsPerVm: 3, sliceVms: 1_000 }),
  ];
}

function passes(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  const { max, min } = figure.target;
  return (max === undefined || figure.value <= max) && (min === undefined || figure.value >= min);
}

function describeTarget(figure: Figure): string {
  const { max, min } = figure.target ?? {};
  return [min !== undefined ? `>= ${min}` : "", max !== undefined ? `<= ${max}` : ""].filter(Boolean).join(", ");
}

function printTable(name: string, figures: Figure[], details: Record<string, unknown> | undefined): void {
  console.log(`\n${name}`);
  for (const figure of figures) {
    const verdict = figure.target ? `  target ${describeTarget(figure)}: ${passes(figure) ? "PASS" : "FAIL"}` : "";
    console.log(`  ${`${name}.${figure.key}`.padEnd(34)} ${String(figure.value).padStart(8)} ${figure.unit.padEnd(5)} ${figure.description}${verdict}`);
  }
  if (details) console.log(`  details: ${JSON.stringify(details)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: "boolean" }, runs: { type: "string" } } });
  const runs = values.runs ? Number.parseInt(values.runs, 10) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive whole number");
  const progress = (message: string) => process.stderr.write(`${message}\n`);

  const simulator = await startSimulator({ fixture: demoFixture, host: "127.0.0.1", latencyMs });
  try {
    const roundTripMs = await measureRoundTrip(simulator);
    progress(`one simulated round trip: ${round(roundTripMs, 1)} ms (latency ${latencyMs} ms per request)`);
    const report: Record<string, unknown> = { latencyMs, roundTripMs: round(roundTripMs, 1), node: process.version };
    const checks: { key: string; value: number; max?: number; min?: number; pass: boolean }[] = [];
    for (const section of sectionsFor(runs)) {
      const result = await section.run({ simulator, latencyMs, roundTripMs, progress });
      report[section.name] = { ...Object.fromEntries(result.figures.map((f) => [f.key, f.value])), ...result.details };
      for (const f of result.figures) if (f.target) checks.push({ key: `${section.name}.${f.key}`, value: f.value, ...f.target, pass: passes(f) === true });
      if (!values.json) printTable(section.name, result.figures, result.details);
    }
    report.checks = checks;
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`\n${checks.filter((c) => c.pass).length}/${checks.length} targets met`);
  } finally {
    await simulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
