// The result of an action Run Command (azure-api.md §6.1): Linux answers one status whose message
// holds "[stdout]"/"[stderr]" sections; Windows answers separate StdOut/StdErr statuses. Only the
// last 4,096 bytes of each stream are kept, as in Azure. Output comes from the VM's scripted
// `runCommandOutputs`, else is generated: per probe function call (read-probe-script.ts: the bot's
// reachability script) and per recognised line (raw openssl / Test-NetConnection probes, the OMS
// certificate dates); other lines print nothing, and a script with nothing recognised says so on stderr.
import type { VmData } from "./fixture-schema.js";
import type { StatusJson } from "./instance-view-status.js";
import { opensslDialectOf, opensslOutput, probeOutcome, testNetConnectionOutput, type OpensslDialect, type ProbeText } from "./network-probe-output.js";
import { runPowerShellProbe } from "./powershell-probe-output.js";
import { readProbeScript } from "./read-probe-script.js";
import { runShellProbe } from "./shell-probe-output.js";

const maxOutputBytes = 4096;

function keepTail(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length <= maxOutputBytes ? text : bytes.subarray(bytes.length - maxOutputBytes).toString("utf8");
}

function certificateDates(vm: VmData, now: Date, line: string): ProbeText {
  const cert = vm.omsCertificate;
  const path = /-in\s+(\S+)/.exec(line)?.[1] ?? "oms.crt";
  if (!cert) return { stdout: "", stderr: `Can't open ${path} for reading, No such file or directory\n` };
  // openssl prints dates like "Mar  1 02:14:00 2026 GMT".
  const format = (d: Date) => {
    const month = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
    const time = d.toISOString().slice(11, 19);
    return `${month} ${String(d.getUTCDate()).padStart(2, " ")} ${time} ${d.getUTCFullYear()} GMT`;
  };
  const day = 86_400_000;
  return {
    stdout: `notBefore=${format(new Date(now.getTime() - cert.notBeforeDaysAgo * day))}\nnotAfter=${format(new Date(now.getTime() + cert.notAfterDaysAhead * day))}\n`,
    stderr: "",
  };
}

/** What a line on its own prints: raw openssl / Test-NetConnection probes, the OMS certificate dates. */
function lineOutput(vm: VmData, line: string, now: Date, dialect: OpensslDialect): ProbeText | undefined {
  const openssl = /openssl\s+s_client\b.*?-connect\s+([A-Za-z0-9.-]+):(\d+)/.exec(line);
  const tnc = /Test-NetConnection\s+(?:-ComputerName\s+)?['"]?([A-Za-z0-9.-]+)['"]?\s+-Port\s+(\d+)/i.exec(line);
  if (openssl) return opensslOutput(openssl[1]!, Number(openssl[2]), probeOutcome(vm.network, openssl[1]!), dialect);
  if (tnc) return testNetConnectionOutput(tnc[1]!, Number(tnc[2]), probeOutcome(vm.network, tnc[1]!));
  if (/openssl\s+x509\b.*-dates/.test(line)) return certificateDates(vm, now, line);
  return undefined;
}

// A script the simulator cannot answer says so, instead of an empty result that reads like "nothing
// reachable" to whoever is debugging a new script.
export const unrecognisedScriptMessage =
  "extops simulator: no simulated output for this script. Recognised: a function that runs `openssl s_client` " +
  "(Linux) or `Test-NetConnection` (Windows) called once per host with a literal name, `openssl s_client -connect " +
  "<host>:<port>`, `Test-NetConnection <host> -Port <port>`, `openssl x509 -noout -dates`. Give the VM a fixture " +
  "runCommandOutputs entry for anything else (src/sim/FIXTURE.md).\n";

function generateOutput(vm: VmData, script: string[], now: Date): ProbeText {
  const dialect = opensslDialectOf(vm.osName, vm.osVersion);
  const network = { outcomeOf: (host: string) => probeOutcome(vm.network, host), dialect };
  let stdout = "";
  let stderr = "";
  let recognised = false;
  for (const step of readProbeScript(vm.osType, script)) {
    const out =
      step.kind === "line"
        ? lineOutput(vm, step.line, now, dialect)
        : step.probe.shell === "sh"
          ? runShellProbe(step.probe, step.host, network)
          : runPowerShellProbe(step.probe, step.host, network.outcomeOf);
    if (!out) continue;
    recognised = true;
    stdout += out.stdout;
    stderr += out.stderr;
  }
  return recognised ? { stdout, stderr } : { stdout: "", stderr: unrecognisedScriptMessage };
}

export function runCommandResult(vm: VmData, script: string[], now: Date): { value: StatusJson[] } {
  const joined = script.join("\n");
  const scripted = vm.runCommandOutputs.find((o) => joined.includes(o.scriptIncludes));
  const raw = scripted ?? generateOutput(vm, script, now);
  const stdout = keepTail(raw.stdout);
  const stderr = keepTail(raw.stderr);
  if (vm.osType === "Windows") {
    return {
      value: [
        { code: "ComponentStatus/StdOut/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: stdout },
        { code: "ComponentStatus/StdErr/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: stderr },
      ],
    };
  }
  return {
    value: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n${stderr}\n` }],
  };
}
