// The result of an action Run Command (azure-api.md §6.1): Linux answers one status whose message
// holds "[stdout]"/"[stderr]" sections; Windows answers separate StdOut/StdErr statuses. Only the
// last 4,096 bytes of each stream are kept, as in Azure. Output comes from the VM's scripted
// `runCommandOutputs`, else is generated per recognised script line (reachability probes, the OMS
// certificate dates, the agent restart); other lines print nothing.
import type { VmData } from "./fixture-schema.js";
import type { StatusJson } from "./instance-view-status.js";
import { opensslOutput, probeOutcome, testNetConnectionOutput } from "./network-probe-output.js";

const maxOutputBytes = 4096;

function keepTail(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return bytes.length <= maxOutputBytes ? text : bytes.subarray(bytes.length - maxOutputBytes).toString("utf8");
}

function certificateDates(vm: VmData, now: Date, line: string): { stdout: string; stderr: string } {
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

function generateOutput(vm: VmData, script: string[], now: Date): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  for (const line of script) {
    const openssl = /openssl\s+s_client\b.*?-connect\s+([A-Za-z0-9.-]+):(\d+)/.exec(line);
    const tnc = /Test-NetConnection\s+(?:-ComputerName\s+)?['"]?([A-Za-z0-9.-]+)['"]?\s+-Port\s+(\d+)/i.exec(line);
    let out: { stdout: string; stderr: string } | undefined;
    if (openssl) out = opensslOutput(openssl[1]!, Number(openssl[2]), probeOutcome(vm.network, openssl[1]!));
    else if (tnc) out = testNetConnectionOutput(tnc[1]!, Number(tnc[2]), probeOutcome(vm.network, tnc[1]!));
    else if (/openssl\s+x509\b.*-dates/.test(line)) out = certificateDates(vm, now, line);
    stdout += out?.stdout ?? "";
    stderr += out?.stderr ?? "";
  }
  return { stdout, stderr };
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
