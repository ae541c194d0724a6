// `npm run sim -- --port <p> --fixture <file> [--latency <ms>]`: the simulator on its own, so any
// Azure client can be pointed at it. Prints the endpoints and the CA path; runs until Ctrl-C.
import { CliUsageError, cliUsage, parseCliArgs } from "./cli-args.js";
import { generateFleet } from "./generate-fleet.js";
import { FixtureError, loadFixture } from "./parse-fixture.js";
import { startSimulator } from "./start-simulator.js";

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  const loaded = options.fixturePath ? loadFixture(options.fixturePath) : undefined;
  const fixture = options.generate ? generateFleet({ ...options.generate, base: loaded }) : loaded;
  const sim = await startSimulator({
    port: options.port,
    host: options.host,
    fixture,
    latencyMs: options.latencyMs,
    pageSize: options.pageSize,
    faults: options.faults,
    armThrottle: options.armThrottle,
    // Standalone, behave like Resource Graph: 15 queries per 5 s unless told otherwise.
    graphQuota: options.graphQuota ?? { limit: 15, windowMs: 5000 },
    lro: options.lroPolls === undefined ? undefined : { polls: options.lroPolls },
  });
  process.stdout.write(
    [
      "extops ARM simulator is running",
      `  ARM endpoint:   ${sim.url}`,
      `  Logs endpoint:  ${sim.logsUrl}`,
      `  CA certificate: ${sim.caPath}`,
      `  fixture:        ${options.fixturePath ?? "built-in demo fleet (src/sim/demo-fleet.json)"}`,
      `  latency:        ${options.latencyMs} ms per request; ${options.faults.length} fault rule(s)`,
      ...(options.generate ? [`  generated:      ${options.generate.vms} VMs, ${options.generate.scaleSets ?? 0} scale sets (rg-gen-*)`] : []),
      ...(options.armThrottle ? [`  ARM throttling: ${JSON.stringify(options.armThrottle)}`] : []),
      "Clients trust the CA through tlsOptions.ca (or NODE_EXTRA_CA_CERTS). Ctrl-C stops.",
      "",
    ].join("\n"),
  );
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError) process.stderr.write(`${error.message}\n${cliUsage}\n`);
  else if (error instanceof FixtureError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`simulator failed to start: ${(error as Error).message}\n`);
  process.exit(2);
});
