import type { InstanceViewStatus } from "../../fleet/port.js";

export interface RunCommandOutput {
  stdout: string;
  stderr: string;
  succeeded: boolean;
  /** Run Command keeps only the last 4,096 bytes: the start of a long output is gone. */
  mayBeTruncated: boolean;
}

const keptBytes = 4096;

function splitMarkedMessage(message: string): { stdout: string; stderr: string } {
  const out = message.indexOf("[stdout]");
  const err = message.indexOf("[stderr]");
  if (out < 0 && err < 0) return { stdout: message, stderr: "" };
  const stdout = out < 0 ? "" : message.slice(out + "[stdout]".length, err > out ? err : undefined);
  const stderr = err < 0 ? "" : message.slice(err + "[stderr]".length);
  return { stdout: stdout.replace(/^\r?\n/, "").replace(/\s+$/, ""), stderr: stderr.replace(/^\r?\n/, "").replace(/\s+$/, "") };
}

/**
 * The RunCommandResult statuses as text (azure-api.md §6.1): Windows answers
 * "ComponentStatus/StdOut/succeeded" and ".../StdErr/..." entries; Linux one "ProvisioningState/..."
 * entry whose message is "Enable succeeded: \n[stdout]\n...\n\n[stderr]\n...".
 */
export function splitRunCommandOutput(statuses: readonly InstanceViewStatus[]): RunCommandOutput {
  const stdOut = statuses.find((s) => /^ComponentStatus\/StdOut\//i.test(s.code));
  const stdErr = statuses.find((s) => /^ComponentStatus\/StdErr\//i.test(s.code));
  let stdout: string;
  let stderr: string;
  let succeeded: boolean;
  if (stdOut || stdErr) {
    stdout = (stdOut?.message ?? "").replace(/\s+$/, "");
    stderr = (stdErr?.message ?? "").replace(/\s+$/, "");
    succeeded = /\/succeeded$/i.test(stdOut?.code ?? stdErr?.code ?? "");
  } else {
    const status = statuses.find((s) => /^ProvisioningState\//i.test(s.code)) ?? statuses[0];
    ({ stdout, stderr } = splitMarkedMessage(status?.message ?? ""));
    succeeded = /\/succeeded$/i.test(status?.code ?? "");
  }
  const mayBeTruncated = Buffer.byteLength(stdout) >= keptBytes - 100 || Buffer.byteLength(stderr) >= keptBytes - 100;
  return { stdout, stderr, succeeded, mayBeTruncated };
}
