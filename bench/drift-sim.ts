// The drift benchmark's simulator, in a process of its own so the bench process's RSS is the bot's:
// a generated fleet (every VM padded to the same number of extensions with non-agent ones), 50 ms
// per request, ARM's token buckets on. Prints `READY <json>` with the endpoints; then answers
// `stats` / `reset` lines on stdin with `STATS <json>`; ends when stdin closes or on SIGTERM.
import { createInterface } from "node:readline";
import { generateFleet, startSimulator, type Fixture } from "../src/sim/index.js";

export interface DriftSimConfig {
  vms: number;
  vmsPerResourceGroup: number;
  extensionsPerVm: number;
  latencyMs: number;
  seed: number;
}

// Extensions that are not monitoring agents: they fill the scan's rows without adding findings.
const fillers = [
  { name: "CustomScript", publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" },
  { name: "GuestConfig", publisher: "Microsoft.GuestConfiguration", type: "ConfigurationforLinux", typeHandlerVersion: "1.26" },
  { name: "VMAccess", publisher: "Microsoft.OSTCExtensions", type: "VMAccessForLinux", typeHandlerVersion: "1.5" },
  { name: "GuestAttestation", publisher: "Microsoft.Azure.Security.LinuxAttestation", type: "GuestAttestation", typeHandlerVersion: "1.0" },
];

/** The generated fleet with every rg-gen-* VM padded to `extensionsPerVm` extensions. */
export function buildDriftFixture(config: DriftSimConfig): Fixture {
  const fixture = generateFleet({ vms: config.vms, vmsPerResourceGroup: config.vmsPerResourceGroup, seed: config.seed });
  for (const subscription of fixture.subscriptions) {
    for (const group of subscription.resourceGroups ?? []) {
      if (!group.name.startsWith("rg-gen-")) continue;
      for (const vm of group.vms ?? []) {
        const extensions = (vm.extensions ??= []);
        for (const filler of fillers) {
          if (extensions.length >= config.extensionsPerVm) break;
          extensions.push({ ...filler, autoUpgradeMinorVersion: true });
        }
      }
    }
  }
  return fixture;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.DRIFT_SIM ?? "{}") as DriftSimConfig;
  const sim = await startSimulator({ fixture: buildDriftFixture(config), host: "127.0.0.1", latencyMs: config.latencyMs, armThrottle: true });
  process.stdout.write(`READY ${JSON.stringify({ url: sim.url, logsUrl: sim.logsUrl, caPem: sim.caPem })}\n`);
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() === "reset") sim.stats.reset();
    const { calls, reads, writes, byRoute } = sim.stats;
    process.stdout.write(`STATS ${JSON.stringify({ calls, reads, writes, byRoute })}\n`);
  });
  lines.on("close", stop);
}

if (process.env.DRIFT_SIM) {
  main().catch((error: unknown) => {
    process.stderr.write(`drift simulator failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  });
}
