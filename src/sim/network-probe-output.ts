// Realistic output of the reachability checks the bot runs through Run Command (domain.md §4 step 4,
// seed 002): `echo | openssl s_client -connect <host>:443 -servername <host>` on Linux and
// `Test-NetConnection <host> -Port 443` on Windows. What each host does is decided by the VM's
// fixture `network` block (DNS failure, refused, timed out; otherwise it connects).
import { createHash } from "node:crypto";

export type ProbeOutcome = "connected" | "dnsFailure" | "refused" | "timeout";

export interface NetworkRules {
  dnsFailure?: string[];
  refused?: string[];
  timeout?: string[];
}

/** "*.ods.opinsights.azure.com" matches any host under that suffix; other patterns match exactly. */
function matches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  return p.startsWith("*.") ? h.endsWith(p.slice(1)) : h === p;
}

export function probeOutcome(rules: NetworkRules | undefined, host: string): ProbeOutcome {
  if (rules?.dnsFailure?.some((p) => matches(p, host))) return "dnsFailure";
  if (rules?.refused?.some((p) => matches(p, host))) return "refused";
  if (rules?.timeout?.some((p) => matches(p, host))) return "timeout";
  return "connected";
}

/** A stable public-looking address for a host. */
function addressOf(host: string): string {
  const bytes = createHash("sha256").update(host.toLowerCase()).digest();
  return `20.${bytes[0]! % 200}.${bytes[1]}.${(bytes[2]! % 250) + 1}`;
}

export function opensslOutput(host: string, port: number, outcome: ProbeOutcome): { stdout: string; stderr: string } {
  switch (outcome) {
    case "dnsFailure":
      return { stdout: "", stderr: "getaddrinfo: Name or service not known\nconnect:errno=2\n" };
    case "refused":
      return { stdout: "", stderr: "connect: Connection refused\nconnect:errno=111\n" };
    case "timeout":
      return { stdout: "", stderr: "connect: Connection timed out\nconnect:errno=110\n" };
    case "connected":
      return {
        stdout: [
          "CONNECTED(00000003)",
          "---",
          "Certificate chain",
          ` 0 s:C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = ${host}`,
          "   i:C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04",
          " 1 s:C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04",
          "   i:C = US, O = DigiCert Inc, OU = www.digicert.com, CN = DigiCert Global Root G2",
          "---",
          `Server certificate subject=C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = ${host}`,
          "---",
          "SSL handshake has read 5765 bytes and written 412 bytes",
          "Verification: OK",
          "---",
          "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384",
          `Peer address ${addressOf(host)}:${port}`,
          "",
        ].join("\n"),
        stderr: [
          "depth=2 C = US, O = DigiCert Inc, OU = www.digicert.com, CN = DigiCert Global Root G2",
          "verify return:1",
          "depth=1 C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04",
          "verify return:1",
          `depth=0 C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = ${host}`,
          "verify return:1",
          "DONE",
          "",
        ].join("\n"),
      };
  }
}

export function testNetConnectionOutput(host: string, port: number, outcome: ProbeOutcome): { stdout: string; stderr: string } {
  const address = addressOf(host);
  const block = (remote: string, succeeded: boolean) =>
    [
      "",
      `ComputerName     : ${host}`,
      `RemoteAddress    : ${remote}`,
      `RemotePort       : ${port}`,
      `InterfaceAlias   : ${remote === "" ? "" : "Ethernet"}`,
      `SourceAddress    : ${remote === "" ? "" : "10.0.0.4"}`,
      `TcpTestSucceeded : ${succeeded ? "True" : "False"}`,
      "",
    ].join("\r\n");
  switch (outcome) {
    case "connected":
      return { stdout: block(address, true), stderr: "" };
    case "dnsFailure":
      return { stdout: block("", false), stderr: `WARNING: Name resolution of ${host} failed\r\n` };
    case "refused":
    case "timeout":
      return { stdout: block(address, false), stderr: `WARNING: TCP connect to (${address} : ${port}) failed\r\n` };
  }
}
