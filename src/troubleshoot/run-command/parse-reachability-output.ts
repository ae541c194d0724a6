import type { OsType } from "../../fleet/port.js";
import type { EndpointProbe, ReachabilityResult } from "../facts.js";
import { probeMarker } from "./run-command-script.js";

export interface Classification {
  result: ReachabilityResult;
  resolvedAddress?: string;
  detail?: string;
}

// Resolver failures as the C library / OpenSSL print them: "Name or service not known" (glibc
// EAI_NONAME, seed 002), "Temporary failure in name resolution" (EAI_AGAIN), OpenSSL 1.0's
// "getaddrinfo: ..." / "gethostbyname failure", OpenSSL 1.1+/3's "BIO_lookup_ex:system lib".
const dnsFailure = /Name or service not known|Temporary failure in name resolution|No address associated with hostname|nodename nor servname|getaddrinfo|gethostbyname|BIO_lookup/i;
const refused = /Connection refused|errno=111\b/i;
// EHOSTUNREACH/ENETUNREACH: an ICMP reject (e.g. a REJECT firewall rule), nothing to wait for.
const unreachable = /No route to host|Network is unreachable|errno=(?:113|101)\b/i;
const timedOut = /Connection timed out|errno=110\b/i;

function clean(line: string): string {
  // eslint-disable-next-line no-control-regex -- strips terminal control bytes from machine output before it reaches a card
  return line.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 160);
}

function lineMatching(text: string, pattern: RegExp): string | undefined {
  return text.split(/\r?\n/).find((line) => pattern.test(line));
}

/** `echo | openssl s_client -connect host:443 -servername host` output (plus our "resolved:"/"exit:" lines). */
export function classifyOpensslOutput(text: string): Classification {
  const resolvedAddress = /^resolved:\s*(\S+)/m.exec(text)?.[1];
  const base = resolvedAddress ? { resolvedAddress } : {};
  const connected = lineMatching(text, /^CONNECTED\b/);
  if (connected) return { ...base, result: "connected", detail: clean(connected) };
  const dns = lineMatching(text, dnsFailure);
  if (dns) return { ...base, result: "dnsFailure", detail: clean(dns) };
  const refusedLine = lineMatching(text, refused);
  if (refusedLine) return { ...base, result: "refused", detail: clean(refusedLine) };
  const timeoutLine = lineMatching(text, timedOut);
  if (timeoutLine) return { ...base, result: "timedOut", detail: clean(timeoutLine) };
  const unreachableLine = lineMatching(text, unreachable);
  if (unreachableLine) return { ...base, result: "refused", detail: clean(unreachableLine) };
  // `timeout 10` ends a connect that never got an answer with exit status 124.
  if (/^exit:\s*124\s*$/m.test(text)) return { ...base, result: "timedOut", detail: "timeout after 10 s" };
  // Show what went wrong ("openssl: not found"), not our own bookkeeping lines.
  const lines = text.split(/\r?\n/).map(clean).filter(Boolean);
  const last = lines.filter((l) => !/^(exit|resolved):/.test(l)).pop() ?? lines.pop();
  return last ? { ...base, result: "unknown", detail: last } : { ...base, result: "unknown" };
}

const socketErrors: Record<string, ReachabilityResult> = {
  success: "connected",
  connectionrefused: "refused",
  hostunreachable: "refused",
  networkunreachable: "refused",
  timedout: "timedOut",
  hostnotfound: "dnsFailure",
  nodata: "dnsFailure",
  tryagain: "dnsFailure",
};

/** `Test-NetConnection host -Port 443` output (its Format-List text or our compact lines). */
export function classifyTestNetConnectionOutput(text: string): Classification {
  const remote = /^RemoteAddress\s*:[ \t]*(.*)$/m.exec(text);
  const address = remote?.[1]?.trim();
  const base = address ? { resolvedAddress: address } : {};
  const tcp = /^TcpTestSucceeded\s*:\s*(True|False)\s*$/im.exec(text)?.[1]?.toLowerCase();
  if (tcp === "true") return { ...base, result: "connected", detail: "TcpTestSucceeded : True" };
  const socket = /^tcp:\s*(\w+)/m.exec(text)?.[1];
  const fromSocket = socket ? socketErrors[socket.toLowerCase()] : undefined;
  if (fromSocket) return { ...base, result: fromSocket, detail: clean(`tcp: ${socket}`) };
  // Seed 002: an empty RemoteAddress means the name did not resolve; PowerShell also warns.
  const warning = lineMatching(text, /Name resolution of .* failed/i);
  if (warning || (remote && !address)) return { ...base, result: "dnsFailure", detail: clean(warning ?? "RemoteAddress :") };
  if (tcp === "false") {
    // Test-NetConnection does not say why TCP failed; without our socket line, a firewall that
    // drops (the common case) is the best reading.
    const tcpWarning = lineMatching(text, /TCP connect to .* failed/i);
    return { ...base, result: "timedOut", detail: clean(tcpWarning ?? "TcpTestSucceeded : False") };
  }
  return { ...base, result: "unknown" };
}

function blocksByHost(stdout: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let host: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (host !== undefined) blocks.set(host, lines.join("\n"));
  };
  for (const line of stdout.split(/\r?\n/)) {
    if (line.startsWith(probeMarker)) {
      flush();
      host = line.slice(probeMarker.length).trim().toLowerCase();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return blocks;
}

/**
 * Per-host results of buildReachabilityScript's output. A host without a block (the output was cut
 * at 4,096 bytes, or the script died) is "unknown", never a guess.
 */
export function parseReachabilityOutput(osType: OsType, stdout: string, hosts: readonly string[]): EndpointProbe[] {
  const blocks = blocksByHost(stdout);
  const classify = osType === "Windows" ? classifyTestNetConnectionOutput : classifyOpensslOutput;
  return hosts.map((host) => {
    const block = blocks.get(host.toLowerCase());
    if (block === undefined) return { host, result: "unknown" };
    return { host, ...classify(block) };
  });
}
