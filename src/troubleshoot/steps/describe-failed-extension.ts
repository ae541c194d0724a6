import { describeLinuxLogAnalyticsError, failureOf } from "../../drift/extension-errors.js";
import { identifyAgent } from "../../drift/agents.js";
import type { Extension } from "../../fleet/port.js";
import { evidence, type Evidence } from "../step-result.js";

/**
 * Evidence for a failed extension: its code, and what the code means. The code table of seed 004
 * belongs to the Linux Log Analytics extension only (src/drift/extension-errors.ts); for AMA only
 * 51 is known to mean the same ("Install,failed,51,Unsupported operating system",
 * Azure/azure-linux-extensions#1825 and #1935).
 */
export function describeFailedExtension(extension: Extension): Evidence[] {
  const code = failureOf(extension)?.code;
  if (code === undefined) return [];
  const found: Evidence[] = [evidence("extension.errorCode", { code })];
  const agent = identifyAgent(extension.publisher, extension.type)?.id;
  if (agent === "omsLinux") {
    const info = describeLinuxLogAnalyticsError(code);
    if (info) found.push({ key: info.meaningKey, params: {} }, { key: info.actionKey, params: {} });
  } else if (agent === "amaLinux" && code === "51") {
    found.push(evidence("extension.amaUnsupportedOs"));
  }
  return found;
}
