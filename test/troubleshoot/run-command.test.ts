import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOmsCertificateScript, buildRestartLegacyAgentScript } from "../../src/troubleshoot/run-command/build-oms-certificate-script.js";
import { buildReachabilityScript } from "../../src/troubleshoot/run-command/build-reachability-script.js";
import { parseOmsCertificateOutput, parseOpensslDate } from "../../src/troubleshoot/run-command/parse-oms-certificate-output.js";
import {
  classifyOpensslOutput,
  classifyTestNetConnectionOutput,
  parseReachabilityOutput,
} from "../../src/troubleshoot/run-command/parse-reachability-output.js";
import { quoteForPowerShell, quoteForShell } from "../../src/troubleshoot/run-command/quote-for-shell.js";
import { UnsafeScriptInputError } from "../../src/troubleshoot/run-command/run-command-script.js";
import { splitRunCommandOutput } from "../../src/troubleshoot/run-command/split-run-command-output.js";

// Outputs as the tools print them (OpenSSL 3.0 on Ubuntu 22.04, OpenSSL 1.0.2k on CentOS 7,
// Windows PowerShell 5.1 Test-NetConnection on Windows Server 2019).
const opensslConnected = `CONNECTED(00000003)
depth=2 C = US, O = DigiCert Inc, OU = www.digicert.com, CN = DigiCert Global Root G2
verify return:1
depth=1 C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04
verify return:1
depth=0 C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = *.handler.control.monitor.azure.com
verify return:1
---
Certificate chain
 0 s:C = US, ST = WA, L = Redmond, O = Microsoft Corporation, CN = *.handler.control.monitor.azure.com
   i:C = US, O = Microsoft Corporation, CN = Microsoft Azure RSA TLS Issuing CA 04
---
SSL handshake has read 4562 bytes and written 416 bytes
Verification: OK
---
New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384
DONE`;
const opensslDns3 = `40F7C1E2B57F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known
connect:errno=0`;
const opensslDns102 = `getaddrinfo: Name or service not known
connect:errno=2`;
const opensslDnsAgain = `4037B2A1C67F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Temporary failure in name resolution
connect:errno=0`;
const opensslRefused = `40F7C1E2B57F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:114:calling connect()
40F7C1E2B57F0000:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:116:
connect:errno=111`;
const opensslTimedOut = `140353794434880:error:0200206E:system library:connect:Connection timed out:crypto/bio/b_sock2.c:110:
140353794434880:error:2008A067:BIO routines:BIO_connect:connect error:crypto/bio/b_sock2.c:111:
connect:errno=110`;
const opensslNoRoute = `40F7C1E2B57F0000:error:80000071:system library:BIO_connect:No route to host:../crypto/bio/bio_sock2.c:114:calling connect()
connect:errno=113`;

const tncConnected = `

ComputerName     : global.handler.control.monitor.azure.com
RemoteAddress    : 20.43.152.45
RemotePort       : 443
InterfaceAlias   : Ethernet
SourceAddress    : 10.0.0.4
TcpTestSucceeded : True

`;
const tncDnsFailure = `WARNING: Name resolution of 6f680a37-00c6-41c7-a93f-1437e3462574.ods.opinsights.azure.com failed


ComputerName   : 6f680a37-00c6-41c7-a93f-1437e3462574.ods.opinsights.azure.com
RemoteAddress  :
InterfaceAlias :
SourceAddress  :
PingSucceeded  : False
`;
const tncTcpFailed = `WARNING: TCP connect to (20.43.152.45 : 443) failed
WARNING: Ping to 20.43.152.45 failed with status: TimedOut


ComputerName           : japaneast.handler.control.monitor.azure.com
RemoteAddress          : 20.43.152.45
RemotePort             : 443
InterfaceAlias         : Ethernet
SourceAddress          : 10.0.0.4
PingSucceeded          : False
PingReplyDetails (RTT) : 0 ms
TcpTestSucceeded       : False
`;

describe("classifyOpensslOutput (openssl s_client)", () => {
  it("when openssl prints CONNECTED, then the endpoint is connected", () => {
    expect(classifyOpensslOutput(opensslConnected)).toMatchObject({ result: "connected", detail: "CONNECTED(00000003)" });
  });

  it.each([
    ["OpenSSL 3 'Name or service not known'", opensslDns3],
    ["OpenSSL 1.0 getaddrinfo", opensslDns102],
    ["'Temporary failure in name resolution'", opensslDnsAgain],
  ])("when the output has %s, then it is a DNS failure", (_name, text) => {
    expect(classifyOpensslOutput(text).result).toBe("dnsFailure");
  });

  it("when the connection is refused, then it is refused", () => {
    expect(classifyOpensslOutput(opensslRefused)).toMatchObject({ result: "refused" });
  });

  it("when the connection timed out, then it is timed out", () => {
    expect(classifyOpensslOutput(opensslTimedOut).result).toBe("timedOut");
  });

  it("when there is no route to the host (an ICMP reject), then it counts as refused", () => {
    expect(classifyOpensslOutput(opensslNoRoute).result).toBe("refused");
  });

  it("when `timeout` ended the probe (exit 124) with no output, then it is timed out", () => {
    expect(classifyOpensslOutput("resolved: 20.43.152.45  global.handler.control.monitor.azure.com\nexit: 124")).toEqual({
      result: "timedOut",
      resolvedAddress: "20.43.152.45",
      detail: "timeout after 10 s",
    });
  });

  it("when openssl is missing, then the result is unknown with the shell's message", () => {
    expect(classifyOpensslOutput("sh: 1: openssl: not found\nexit: 127")).toEqual({ result: "unknown", detail: "sh: 1: openssl: not found" });
  });
});

describe("classifyTestNetConnectionOutput (Test-NetConnection)", () => {
  it("when TcpTestSucceeded is True, then it is connected with the remote address", () => {
    expect(classifyTestNetConnectionOutput(tncConnected)).toMatchObject({ result: "connected", resolvedAddress: "20.43.152.45" });
  });

  it("when RemoteAddress is empty and PowerShell warns about name resolution, then it is a DNS failure", () => {
    const r = classifyTestNetConnectionOutput(tncDnsFailure);
    expect(r.result).toBe("dnsFailure");
    expect(r.resolvedAddress).toBeUndefined();
    expect(r.detail).toMatch(/^WARNING: Name resolution of .* failed$/);
  });

  it("when only the empty RemoteAddress shows (warning localized or lost), then it is still a DNS failure", () => {
    expect(classifyTestNetConnectionOutput(tncDnsFailure.replace(/^WARNING.*$/m, "警告: 名前解決に失敗しました")).result).toBe("dnsFailure");
  });

  it("when TcpTestSucceeded is False without more detail, then it reads as timed out (dropped)", () => {
    expect(classifyTestNetConnectionOutput(tncTcpFailed)).toMatchObject({ result: "timedOut", resolvedAddress: "20.43.152.45" });
  });

  it("when our socket probe says ConnectionRefused, then it is refused", () => {
    expect(classifyTestNetConnectionOutput(`RemoteAddress    : 20.43.152.45\nTcpTestSucceeded : False\ntcp: ConnectionRefused`).result).toBe("refused");
  });
});

describe("splitRunCommandOutput", () => {
  it("when Linux answers one status with [stdout]/[stderr] markers, then they are split", () => {
    const out = splitRunCommandOutput([
      {
        code: "ProvisioningState/succeeded",
        level: "Info",
        displayStatus: "Provisioning succeeded",
        message: "Enable succeeded: \n[stdout]\n=== extops-probe a.example.com\nCONNECTED(00000003)\nexit: 0\n\n[stderr]\nsome warning\n",
      },
    ]);
    expect(out).toEqual({ stdout: "=== extops-probe a.example.com\nCONNECTED(00000003)\nexit: 0", stderr: "some warning", succeeded: true, mayBeTruncated: false });
  });

  it("when Windows answers StdOut and StdErr statuses, then each is taken from its own status", () => {
    const out = splitRunCommandOutput([
      { code: "ComponentStatus/StdOut/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: tncConnected },
      { code: "ComponentStatus/StdErr/succeeded", level: "Info", displayStatus: "Provisioning succeeded", message: "" },
    ]);
    expect(out.stdout).toContain("TcpTestSucceeded : True");
    expect(out.stderr).toBe("");
    expect(out.succeeded).toBe(true);
  });

  it("when the output is at Run Command's 4,096-byte limit, then it may be truncated", () => {
    const long = "x".repeat(4096);
    expect(splitRunCommandOutput([{ code: "ComponentStatus/StdOut/succeeded", message: long }]).mayBeTruncated).toBe(true);
  });

  it("when the script failed, then succeeded is false", () => {
    expect(splitRunCommandOutput([{ code: "ProvisioningState/failed/1", message: "Enable failed: \n[stdout]\n\n[stderr]\nboom\n" }])).toMatchObject({ succeeded: false, stderr: "boom" });
  });
});

describe("parseReachabilityOutput", () => {
  it("when Linux blocks come for each host, then each host gets its own verdict and resolved address", () => {
    const stdout = [
      "=== extops-probe global.handler.control.monitor.azure.com",
      "resolved: 20.43.152.45    global.handler.control.monitor.azure.com",
      "CONNECTED(00000003)",
      "exit: 0",
      "=== extops-probe japaneast.handler.control.monitor.azure.com",
      opensslDns3,
      "exit: 1",
    ].join("\n");
    const hosts = ["global.handler.control.monitor.azure.com", "japaneast.handler.control.monitor.azure.com", "x.ods.opinsights.azure.com"];
    expect(parseReachabilityOutput("Linux", stdout, hosts).map((p) => [p.host, p.result, p.resolvedAddress])).toEqual([
      ["global.handler.control.monitor.azure.com", "connected", "20.43.152.45"],
      ["japaneast.handler.control.monitor.azure.com", "dnsFailure", undefined],
      // No block: the output was cut at 4,096 bytes or the script died. Never a guess.
      ["x.ods.opinsights.azure.com", "unknown", undefined],
    ]);
  });

  it("when Windows blocks come from the generated script, then they are classified by Test-NetConnection rules", () => {
    const stdout = [
      "=== extops-probe global.handler.control.monitor.azure.com",
      "RemoteAddress    : 20.43.152.45",
      "TcpTestSucceeded : True",
      "=== extops-probe japaneast.handler.control.monitor.azure.com",
      "RemoteAddress    : ",
      "TcpTestSucceeded : False",
      "WARNING: Name resolution of japaneast.handler.control.monitor.azure.com failed",
      "tcp: HostNotFound",
    ].join("\r\n");
    const results = parseReachabilityOutput("Windows", stdout, ["global.handler.control.monitor.azure.com", "japaneast.handler.control.monitor.azure.com"]);
    expect(results.map((r) => r.result)).toEqual(["connected", "dnsFailure"]);
  });

  it("when a line of machine output carries control characters, then the detail shown has none", () => {
    const r = classifyOpensslOutput("CONNECTED(00000003)\u001b[31m\u0007");
    // eslint-disable-next-line no-control-regex -- the assertion is about control characters
    expect(r.detail).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe("buildReachabilityScript", () => {
  const hosts = ["global.handler.control.monitor.azure.com", "japaneast.handler.control.monitor.azure.com"];

  it("when built for Linux, then it is RunShellScript calling the probe once per quoted host", () => {
    const { commandId, script } = buildReachabilityScript("Linux", hosts);
    expect(commandId).toBe("RunShellScript");
    expect(script.filter((l) => l.startsWith("probe "))).toEqual(hosts.map((h) => `probe '${h}'`));
    expect(script.join("\n")).toContain('openssl s_client -connect "$1:443" -servername "$1"');
  });

  it("when built for Windows, then it is RunPowerShellScript using Test-NetConnection -Port 443", () => {
    const { commandId, script } = buildReachabilityScript("Windows", hosts);
    expect(commandId).toBe("RunPowerShellScript");
    expect(script.join("\n")).toContain("Test-NetConnection -ComputerName $h -Port 443");
    expect(script.filter((l) => l.startsWith("Invoke-ExtopsProbe "))).toEqual(hosts.map((h) => `Invoke-ExtopsProbe '${h}'`));
  });

  it.each(["evil.com'; reboot; echo '", "$(reboot).example.com", "a.example.com\nreboot", "`reboot`.example.com"])(
    "when a host is %j, then the builder refuses it",
    (bad) => {
      expect(() => buildReachabilityScript("Linux", [hosts[0]!, bad])).toThrow(UnsafeScriptInputError);
      expect(() => buildReachabilityScript("Windows", [bad])).toThrow(UnsafeScriptInputError);
    },
  );

  it.skipIf(process.platform === "win32")(
    "when the Linux script runs under sh with stand-in tools, then its output parses into the right verdicts",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "extops-probe-"));
      try {
        const tool = (name: string, body: string) => {
          writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
          chmodSync(join(dir, name), 0o755);
        };
        tool("getent", 'case "$2" in ok.example.com) echo "10.0.0.5        ok.example.com";; refused.example.com) echo "20.1.1.1 refused.example.com";; *) exit 2;; esac');
        tool("timeout", 'shift\nexec "$@"');
        const lines = (text: string) => text.split("\n").map((l) => `echo '${l}'`).join("\n");
        tool(
          "openssl",
          [
            'host=""; while [ $# -gt 0 ]; do [ "$1" = "-servername" ] && host="$2"; shift; done',
            'case "$host" in',
            `  ok.example.com) ${lines(opensslConnected)}; exit 0;;`,
            `  refused.example.com) ${lines(opensslRefused)} >&2; exit 1;;`,
            "  slow.example.com) exit 124;;",
            `  *) ${lines(opensslDns3)} >&2; exit 1;;`,
            "esac",
          ].join("\n"),
        );
        const hostsToProbe = ["ok.example.com", "dns.example.com", "refused.example.com", "slow.example.com"];
        const { script } = buildReachabilityScript("Linux", hostsToProbe);
        const stdout = execFileSync("sh", ["-c", script.join("\n")], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: "utf8" });
        expect(Buffer.byteLength(stdout)).toBeLessThan(1024);
        expect(parseReachabilityOutput("Linux", stdout, hostsToProbe)).toEqual([
          { host: "ok.example.com", result: "connected", resolvedAddress: "10.0.0.5", detail: "CONNECTED(00000003)" },
          { host: "dns.example.com", result: "dnsFailure", detail: expect.stringContaining("Name or service not known") },
          { host: "refused.example.com", result: "refused", resolvedAddress: "20.1.1.1", detail: expect.stringContaining("Connection refused") },
          { host: "slow.example.com", result: "timedOut", detail: "timeout after 10 s" },
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe("quoting", () => {
  it("when a value holds quotes, then the shell and PowerShell quotes stay closed", () => {
    expect(quoteForShell("a'b")).toBe(`'a'\\''b'`);
    expect(quoteForPowerShell("a'b\u2019c")).toBe("'a''b\u2019\u2019c'");
  });

  it.skipIf(process.platform === "win32")("when the shell-quoted text is echoed by sh, then it comes back unchanged", () => {
    const nasty = `x'; echo pwned; '$(id)\`id\``;
    expect(execFileSync("sh", ["-c", `printf '%s' ${quoteForShell(nasty)}`], { encoding: "utf8" })).toBe(nasty);
  });
});

describe("OMS certificate check", () => {
  it("when seed 003's dates are printed, then they parse as UTC", () => {
    expect(parseOpensslDate("Jun 17 03:46:13 2023 GMT")?.toISOString()).toBe("2023-06-17T03:46:13.000Z");
    expect(parseOpensslDate("Jun  7 03:46:13 2023 GMT")?.toISOString()).toBe("2023-06-07T03:46:13.000Z");
    expect(parseOpensslDate("2023-06-17")).toBeUndefined();
  });

  it("when the script output has a block per certificate, then each gives its path and dates", () => {
    const stdout = [
      "=== extops-cert /etc/opt/microsoft/omsagent/6f680a37-00c6-41c7-a93f-1437e3462574/certs/oms.crt",
      "notBefore=Jun 17 03:46:13 2023 GMT",
      "notAfter=Jun 16 03:46:13 2024 GMT",
    ].join("\n");
    expect(parseOmsCertificateOutput(stdout)).toEqual([
      {
        path: "/etc/opt/microsoft/omsagent/6f680a37-00c6-41c7-a93f-1437e3462574/certs/oms.crt",
        notBefore: new Date("2023-06-17T03:46:13Z"),
        notAfter: new Date("2024-06-16T03:46:13Z"),
      },
    ]);
  });

  it("when seed 003's `-text` output is given, then Not Before / Not After are read", () => {
    const text = "        Validity\n            Not Before: Jun 17 03:46:13 2023 GMT\n            Not After : Jun 16 03:46:13 2024 GMT\n";
    expect(parseOmsCertificateOutput(text)).toEqual([{ notBefore: new Date("2023-06-17T03:46:13Z"), notAfter: new Date("2024-06-16T03:46:13Z") }]);
  });

  it("when no certificate exists, then the result is empty", () => {
    expect(parseOmsCertificateOutput("=== extops-cert none")).toEqual([]);
  });

  it("when the script is built, then it only reads dates and refuses a workspace id that is not a GUID", () => {
    const all = buildOmsCertificateScript().script.join("\n");
    expect(all).toContain("openssl x509 -noout -dates");
    expect(all).toContain("/etc/opt/microsoft/omsagent/*/certs/oms.crt");
    expect(buildOmsCertificateScript(["6F680A37-00C6-41C7-A93F-1437E3462574"]).script.join("\n")).toContain(
      "'/etc/opt/microsoft/omsagent/6f680a37-00c6-41c7-a93f-1437e3462574/certs/oms.crt'",
    );
    expect(() => buildOmsCertificateScript(["x; reboot"])).toThrow(UnsafeScriptInputError);
  });

  it.skipIf(process.platform === "win32")("when the certificate script runs under sh with no agent installed, then it says none", () => {
    const stdout = execFileSync("sh", ["-c", buildOmsCertificateScript().script.join("\n")], { encoding: "utf8" });
    expect(stdout.trim()).toBe("=== extops-cert none");
  });

  it("when the restart script is built, then it is seed 003's service_control restart on Linux", () => {
    expect(buildRestartLegacyAgentScript("Linux").script[0]).toBe("/opt/microsoft/omsagent/bin/service_control restart");
    expect(buildRestartLegacyAgentScript("Windows").commandId).toBe("RunPowerShellScript");
  });
});
