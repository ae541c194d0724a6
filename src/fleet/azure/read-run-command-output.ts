import type { InstanceViewStatus } from "../port.js";

/**
 * stdout/stderr from a RunCommandResult (azure-api.md §6.1). Windows answers two statuses,
 * "ComponentStatus/StdOut/succeeded" and "ComponentStatus/StdErr/succeeded", whose messages are the
 * texts; Linux answers one "ProvisioningState/succeeded" status whose message is
 * "Enable succeeded: \n[stdout]\n<out>\n\n[stderr]\n<err>\n".
 */
export function readRunCommandOutput(statuses: readonly InstanceViewStatus[]): { stdout: string; stderr: string } {
  const stdOut = statuses.find((s) => /^ComponentStatus\/StdOut\//i.test(s.code));
  const stdErr = statuses.find((s) => /^ComponentStatus\/StdErr\//i.test(s.code));
  if (stdOut || stdErr) return { stdout: trimEnd(stdOut?.message ?? ""), stderr: trimEnd(stdErr?.message ?? "") };
  const status = statuses.find((s) => /^ProvisioningState\//i.test(s.code)) ?? statuses[0];
  return splitMarkers(status?.message ?? "");
}

function splitMarkers(message: string): { stdout: string; stderr: string } {
  const out = message.indexOf("[stdout]");
  const err = message.indexOf("[stderr]", out < 0 ? 0 : out);
  if (out < 0 && err < 0) return { stdout: trimEnd(message), stderr: "" };
  const stdout = out < 0 ? "" : message.slice(out + "[stdout]".length, err < 0 ? undefined : err);
  const stderr = err < 0 ? "" : message.slice(err + "[stderr]".length);
  return { stdout: trimSection(stdout), stderr: trimSection(stderr) };
}

// Each section starts on the line after its marker and the sections are separated by a blank line.
function trimSection(text: string): string {
  return trimEnd(text.replace(/^\r?\n/, ""));
}

function trimEnd(text: string): string {
  return text.replace(/\s+$/, "");
}
