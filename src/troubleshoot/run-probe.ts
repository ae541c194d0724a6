// The probes that only the machine can answer, through Run Command (azure-api.md §6.1). Reads only:
// the scripts print connection verdicts and certificate dates, never a key or a setting.
import type { MachineCommandRunner, Vm } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { unknownFact, type CertificateDates, type EndpointProbe, type Fact } from "./facts.js";
import { unknownReasonOf } from "./gather-facts.js";
import { buildOmsCertificateScript } from "./run-command/build-oms-certificate-script.js";
import { buildReachabilityScript } from "./run-command/build-reachability-script.js";
import { parseOmsCertificateOutput } from "./run-command/parse-oms-certificate-output.js";
import { parseReachabilityOutput } from "./run-command/parse-reachability-output.js";
import type { RunCommandScript } from "./run-command/run-command-script.js";

export interface ProbeContext {
  runner: MachineCommandRunner;
  log: Logger;
  correlationId?: string;
}

async function run(ctx: ProbeContext, vm: Vm, script: RunCommandScript, what: string): Promise<{ stdout: string } | { failed: ReturnType<typeof unknownFact> }> {
  try {
    const output = await ctx.runner.runCommand({ subscriptionId: vm.subscriptionId, resourceGroup: vm.resourceGroup, name: vm.name }, script);
    return { stdout: output.stdout };
  } catch (error) {
    const reason = unknownReasonOf(error);
    const e = error as { name?: unknown; code?: unknown; statusCode?: unknown; message?: unknown } | null;
    ctx.log.warn({ correlationId: ctx.correlationId, probe: what, reason, err: { type: e?.name, code: e?.code, statusCode: e?.statusCode, message: e?.message } }, "troubleshoot probe failed");
    return { failed: unknownFact(reason) };
  }
}

/** Seed 002's reachability check of every host from the machine, one verdict per host. */
export async function probeNetwork(ctx: ProbeContext, vm: Vm, hosts: readonly string[]): Promise<Fact<EndpointProbe[]>> {
  // Hosts come from requiredEndpoints (validated hostnames); the builder refuses anything else.
  const result = await run(ctx, vm, buildReachabilityScript(vm.osType, hosts), "network");
  if ("failed" in result) return result.failed;
  return parseReachabilityOutput(vm.osType, result.stdout, hosts);
}

/** Seed 003's check: the validity dates of the Linux Log Analytics agent's certificates. */
export async function probeOmsCertificates(ctx: ProbeContext, vm: Vm): Promise<Fact<CertificateDates[]>> {
  const result = await run(ctx, vm, buildOmsCertificateScript(), "omsCertificate");
  if ("failed" in result) return result.failed;
  return parseOmsCertificateOutput(result.stdout);
}
