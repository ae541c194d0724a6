// Realistic output of the reachability checks the bot runs through Run Command (domain.md §4 step 4,
// seed 002): `echo | openssl s_client -connect <host>:443 -servername <host>` on Linux and
// `Test-NetConnection <host> -Port 443` on Windows. What each host does is decided by the VM's
// fixture `network` block (DNS failure, refused, timed out; otherwise it connects).
import { createHash } from "node:crypto";

export type ProbeOutcome = "connected" | "dnsFailure" | "refused" | "timedOut";

export interface NetworkRules {
  dnsFailure?: string[];
  refused?: string[];
  timeout?: string[];
}

export interface ProbeText {
  stdout: string;
  stderr: string;
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
  if (rules?.timeout?.some((p) => matches(p, host))) return "timedOut";
  return "connected";
}

function digestOf(host: string): Buffer {
  return createHash("sha256").update(host.toLowerCase()).digest();
}

/** A stable public-looking address for a host. */
export function addressOf(host: string): string {
  const bytes = digestOf(host);
  return `20.${bytes[0]! % 200}.${bytes[1]}.${(bytes[2]! % 250) + 1}`;
}

/**
 * Which OpenSSL prints the errors: 3.0 on current distributions (Ubuntu 22.04+, RHEL 9+, Debian 12+),
 * 1.1.1 on older ones. 1.0.x (e.g. CentOS 6) is not modelled: it gets 1.1.1's text.
 */
export type OpensslDialect = "1.1.1" | "3";

const openssl3From: Record<string, number> = { ubuntu: 22, debian: 12, rhel: 9, redhat: 9, "red hat": 9, centos: 9, rocky: 9, alma: 9, oracle: 9, sles: 16, suse: 16, mariner: 3, "azure linux": 3 };

export function opensslDialectOf(osName: string | undefined, osVersion: string | undefined): OpensslDialect {
  const name = (osName ?? "").toLowerCase();
  const major = Number(/^\D*(\d+)/.exec(osVersion ?? "")?.[1]);
  const family = Object.keys(openssl3From).find((f) => name.includes(f));
  if (!family || !Number.isFinite(major)) return "3";
  return major >= openssl3From[family]! ? "3" : "1.1.1";
}

/** OpenSSL prefixes each error line with the thread id; stable per host so outputs repeat. */
function threadIdOf(host: string, dialect: OpensslDialect): string {
  const bytes = digestOf(`thread#${host}`);
  return dialect === "3" ? `40${bytes.subarray(0, 4).toString("hex").toUpperCase()}7F0000` : `140${String(bytes.readUInt32BE(0)).padStart(12, "0")}`;
}

// Error lines as OpenSSL prints them (openssl/openssl issues #12204, #16891, #20996; testssl.sh #1418).
function listOpensslErrors(host: string, outcome: Exclude<ProbeOutcome, "connected">, dialect: OpensslDialect): string[] {
  const id = threadIdOf(host, dialect);
  if (outcome === "dnsFailure") {
    return dialect === "3"
      ? [`${id}:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known`, "connect:errno=22"]
      : [`${id}:error:2008F002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/b_addr.c:730:Name or service not known`, "connect:errno=22"];
  }
  const [code3, code1, reason, errno] = outcome === "refused" ? ["8000006F", "0200206F", "Connection refused", 111] : ["8000006E", "0200206E", "Connection timed out", 110];
  return dialect === "3"
    ? [
        `${id}:error:${code3}:system library:BIO_connect:${reason}:../crypto/bio/bio_sock2.c:125:calling connect()`,
        `${id}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:127:`,
        `connect:errno=${errno}`,
      ]
    : [`${id}:error:${code1}:system library:connect:${reason}:../crypto/bio/b_sock2.c:110:`, `${id}:error:2008A067:BIO routines:BIO_connect:connect error:../crypto/bio/b_sock2.c:111:`, `connect:errno=${errno}`];
}

/** One line openssl writes: to stdout (1) or stderr (2), in the order it writes them. */
export interface OutputLine {
  stream: 1 | 2;
  text: string;
}

/**
 * What `echo | openssl s_client -connect host:port -servername host` writes when it runs to the end:
 * CONNECTED on stdout, the verify callback's "depth=" lines on stderr during the handshake, then the
 * session summary, then DONE when stdin ends.
 */
export function opensslTranscript(host: string, port: number, outcome: ProbeOutcome, dialect: OpensslDialect = "3"): OutputLine[] {
  if (outcome !== "connected") return listOpensslErrors(host, outcome, dialect).map((text) => ({ stream: 2, text }));
  const out = (text: string): OutputLine => ({ stream: 1, text });
  const err = (text: string): OutputLine => ({ stream: 2, text });
  return [
    out("CONNECTED(00000003)"),
    err("depth=2 C = US, O = DigiCert Inc, OU = www.digicert.com, CN = DigiCert Global Root G2"),
    err("verify return:1"),
    err("depth=1 C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04"),
    err("verify return:1"),
    err(`depth=0 C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = ${host}`),
    err("verify return:1"),
    ...[
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
    ].map(out),
    err("DONE"),
  ];
}

/** The same as two streams, as a Run Command result shows them. */
export function opensslOutput(host: string, port: number, outcome: ProbeOutcome, dialect: OpensslDialect = "3"): ProbeText {
  const lines = opensslTranscript(host, port, outcome, dialect);
  const stream = (n: 1 | 2) => lines.filter((l) => l.stream === n).map((l) => `${l.text}\n`).join("");
  return { stdout: stream(1), stderr: stream(2) };
}

/** openssl's exit status when it runs to the end: 0 after a handshake, 1 when it could not connect. */
export function opensslExitCode(outcome: ProbeOutcome): number {
  return outcome === "connected" ? 0 : 1;
}

/** The object Test-NetConnection returns: what its properties print as in PowerShell. */
export interface TestNetConnectionResult {
  remoteAddress: string;
  tcpTestSucceeded: boolean;
  /** The warnings it writes, without PowerShell's "WARNING: " prefix. */
  warnings: string[];
}

// Test-NetConnection pings the host when the TCP test fails; Azure front ends drop ICMP, so it warns twice.
export function testNetConnectionResult(host: string, port: number, outcome: ProbeOutcome): TestNetConnectionResult {
  const address = addressOf(host);
  switch (outcome) {
    case "connected":
      return { remoteAddress: address, tcpTestSucceeded: true, warnings: [] };
    case "dnsFailure":
      return { remoteAddress: "", tcpTestSucceeded: false, warnings: [`Name resolution of ${host} failed`] };
    case "refused":
    case "timedOut":
      return { remoteAddress: address, tcpTestSucceeded: false, warnings: [`TCP connect to (${address} : ${port}) failed`, `Ping to ${address} failed with status: TimedOut`] };
  }
}

/** `Test-NetConnection host -Port port` at the prompt: its Format-List block, warnings on the warning stream. */
export function testNetConnectionOutput(host: string, port: number, outcome: ProbeOutcome): ProbeText {
  const result = testNetConnectionResult(host, port, outcome);
  const resolved = result.remoteAddress !== "";
  const stdout = [
    "",
    `ComputerName     : ${host}`,
    `RemoteAddress    : ${result.remoteAddress}`,
    `RemotePort       : ${port}`,
    `InterfaceAlias   : ${resolved ? "Ethernet" : ""}`,
    `SourceAddress    : ${resolved ? "10.0.0.4" : ""}`,
    `TcpTestSucceeded : ${result.tcpTestSucceeded ? "True" : "False"}`,
    "",
  ].join("\r\n");
  return { stdout, stderr: result.warnings.map((w) => `WARNING: ${w}\r\n`).join("") };
}

/**
 * What one more `TcpClient.ConnectAsync(host, port).Wait(ms)` ends with: the SocketError name of the
 * innermost exception (System.Net.Sockets.SocketError), or "TimedOut" when the wait runs out first
 * (Windows gives up a SYN after ~21 s, longer than the script's wait).
 */
export function socketErrorOf(outcome: ProbeOutcome): "Success" | "HostNotFound" | "ConnectionRefused" | "TimedOut" {
  switch (outcome) {
    case "connected":
      return "Success";
    case "dnsFailure":
      return "HostNotFound";
    case "refused":
      return "ConnectionRefused";
    case "timedOut":
      return "TimedOut";
  }
}
