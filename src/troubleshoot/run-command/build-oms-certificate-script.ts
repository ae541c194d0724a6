import { isGuid } from "../required-endpoints.js";
import { quoteForShell } from "./quote-for-shell.js";
import { certificateMarker, UnsafeScriptInputError, type RunCommandScript } from "./run-command-script.js";

const certificateDir = "/etc/opt/microsoft/omsagent";

/**
 * Reads the validity of the Linux Log Analytics agent's certificate(s) (seed 003:
 * /etc/opt/microsoft/omsagent/<workspace id>/certs/oms.crt). Without workspace ids every onboarded
 * workspace's certificate is read. Reads only: no key or setting is printed.
 */
export function buildOmsCertificateScript(workspaceIds: readonly string[] = []): RunCommandScript {
  for (const id of workspaceIds) if (!isGuid(id)) throw new UnsafeScriptInputError("workspace id", id);
  const paths =
    workspaceIds.length > 0
      ? workspaceIds.map((id) => quoteForShell(`${certificateDir}/${id.toLowerCase()}/certs/oms.crt`)).join(" ")
      : `${certificateDir}/*/certs/oms.crt`;
  return {
    commandId: "RunShellScript",
    script: [
      "export LC_ALL=C",
      "found=0",
      `for f in ${paths}; do`,
      `  [ -e "$f" ] || continue`,
      "  found=1",
      `  echo "${certificateMarker}$f"`,
      `  openssl x509 -noout -dates -in "$f" 2>&1 | head -n 4`,
      "done",
      `[ "$found" = 1 ] || echo "${certificateMarker}none"`,
    ],
  };
}

/** Seed 003's fix for the certificate bug; the Windows agent (MMA) runs as the HealthService. */
export function buildRestartLegacyAgentScript(osType: "Linux" | "Windows"): RunCommandScript {
  return osType === "Windows"
    ? { commandId: "RunPowerShellScript", script: ["Restart-Service -Name HealthService -Force", "Get-Service -Name HealthService | Select-Object -ExpandProperty Status"] }
    : { commandId: "RunShellScript", script: ["/opt/microsoft/omsagent/bin/service_control restart", "echo \"exit: $?\""] };
}
