// The simulator answers the bot's own reachability script (buildReachabilityScript) per host, as the
// VM's fixture `network` rules say, in a shape the bot's parser reads. The script is read as data.
import { describe, expect, it } from "vitest";
import { parseFixture } from "../../src/sim/index.js";
import type { VmData } from "../../src/sim/fixture-schema.js";
import { readProbeScript } from "../../src/sim/read-probe-script.js";
import { runCommandResult, unrecognisedScriptMessage } from "../../src/sim/run-command-output.js";
import { buildReachabilityScript } from "../../src/troubleshoot/run-command/build-reachability-script.js";
import { parseReachabilityOutput } from "../../src/troubleshoot/run-command/parse-reachability-output.js";
import { splitRunCommandOutput } from "../../src/troubleshoot/run-command/split-run-command-output.js";

type Os = "Linux" | "Windows";
type Network = NonNullable<VmData["network"]>;

const sub = "00000000-0000-4000-8000-0000000000aa";
const now = new Date("2026-03-01T00:00:00Z");

function vmWith(osType: Os, extra: Record<string, unknown> = {}): VmData {
  const osName = osType === "Linux" ? "ubuntu" : "Windows Server 2022 Datacenter";
  const osVersion = osType === "Linux" ? "22.04" : "Microsoft Windows NT 10.0.20348.0";
  const fleet = parseFixture({ subscriptions: [{ id: sub, resourceGroups: [{ name: "rg", location: "japaneast", vms: [{ name: "vm", osType, osName, osVersion, ...extra }] }] }] });
  return fleet.subscriptions[0]!.resourceGroups[0]!.vms[0]!;
}

function run(vm: VmData, script: string[]): { stdout: string; stderr: string } {
  // As the SDK hands them over: the same fields, `time` (absent here) as a Date.
  const statuses = runCommandResult(vm, script, now).value.map(({ time: _time, ...rest }) => rest);
  const { stdout, stderr } = splitRunCommandOutput(statuses);
  return { stdout, stderr };
}

const hosts = {
  connected: "global.handler.control.monitor.azure.com",
  dnsFailure: "6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6.ods.opinsights.azure.com",
  refused: "japaneast.handler.control.monitor.azure.com",
  timedOut: "dce-prod.japaneast.ingest.monitor.azure.com",
} as const;
type Outcome = keyof typeof hosts;
const outcomes = Object.keys(hosts) as Outcome[];

// The fixture names the timed-out hosts `timeout` (its existing field); the rest as the outcome.
const network: Network = { dnsFailure: ["*.ods.opinsights.azure.com"], refused: [hosts.refused], timeout: ["*.ingest.monitor.azure.com"] };

/** The lines of one host's block in the output, marker excluded. */
function blockOf(stdout: string, host: string): string[] {
  const lines = stdout.split(/\r?\n/);
  const start = lines.indexOf(`=== extops-probe ${host}`);
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("=== extops-probe "));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l !== "");
}

describe("reading the probe script", () => {
  it.each<Os>(["Linux", "Windows"])("when the bot's %s reachability script is read, then each call is a probe of its host, in order, and the function is not a line", (os) => {
    const { script } = buildReachabilityScript(os, Object.values(hosts));
    const steps = readProbeScript(os, script);
    expect(steps.filter((s) => s.kind === "probe").map((s) => (s.kind === "probe" ? s.host : ""))).toEqual(Object.values(hosts));
    const lines = steps.flatMap((s) => (s.kind === "line" ? [s.line] : []));
    expect(lines.some((l) => /openssl|Test-NetConnection|extops-probe/.test(l)), lines.join("\n")).toBe(false);
  });

  it("when a call's argument would expand or is not a single word, then it is left as a line", () => {
    const { script } = buildReachabilityScript("Linux", [hosts.connected]);
    const steps = readProbeScript("Linux", [...script.slice(0, -1), 'probe "$h"', "probe a.example b.example", "probe 'it'\\''s.example'"]);
    const probes = steps.flatMap((s) => (s.kind === "probe" ? [s.host] : []));
    expect(probes).toEqual(["it's.example"]);
  });

  it("when a PowerShell call differs in case or names its parameter, then it is still a probe", () => {
    const { script } = buildReachabilityScript("Windows", [hosts.connected]);
    const steps = readProbeScript("Windows", [...script.slice(0, -1), "invoke-extopsprobe -h 'a.example'", "Invoke-ExtopsProbe 'o''brien.example'"]);
    expect(steps.flatMap((s) => (s.kind === "probe" ? [s.host] : []))).toEqual(["a.example", "o'brien.example"]);
  });
});

describe.each<Os>(["Linux", "Windows"])("the bot's %s reachability script on the simulator", (os) => {
  const vm = vmWith(os, { network });
  const { script } = buildReachabilityScript(os, Object.values(hosts));
  const { stdout, stderr } = run(vm, script);

  it("when it runs, then every host has its marker, in the order probed, and nothing lands on stderr", () => {
    const markers = stdout.split(/\r?\n/).filter((l) => l.startsWith("=== extops-probe "));
    expect(markers).toEqual(Object.values(hosts).map((h) => `=== extops-probe ${h}`));
    expect(stderr).toBe("");
  });

  it.each(outcomes)("when the fixture makes a host end as %s, then the bot's parser reads that outcome", (outcome) => {
    const [probe] = parseReachabilityOutput(os, stdout, [hosts[outcome]]);
    expect(probe!.result, blockOf(stdout, hosts[outcome]).join("\n")).toBe(outcome);
  });

  it("when a host is not in the fixture's network rules, then it connects", () => {
    const quiet = run(vmWith(os), script).stdout;
    expect(parseReachabilityOutput(os, quiet, Object.values(hosts)).map((p) => p.result)).toEqual(outcomes.map(() => "connected"));
  });
});

describe("what Linux prints per host (openssl through the script's own grep)", () => {
  const { script } = buildReachabilityScript("Linux", Object.values(hosts));
  const { stdout } = run(vmWith("Linux", { network }), script);

  it("when the host connects, then getent's address, CONNECTED and exit 0", () => {
    const block = blockOf(stdout, hosts.connected);
    expect(block[0]).toMatch(new RegExp(`^resolved: 20\\.\\d+\\.\\d+\\.\\d+ +${hosts.connected.replace(/\./g, "\\.")}$`));
    expect(block.slice(1)).toEqual(["CONNECTED(00000003)", "exit: 0"]);
  });

  it("when the name does not resolve, then no address, OpenSSL 3's BIO_lookup_ex line and exit 1", () => {
    const block = blockOf(stdout, hosts.dnsFailure);
    expect(block.some((l) => l.startsWith("resolved:"))).toBe(false);
    expect(block[0]).toMatch(/^[0-9A-F]{16}:error:10080002:BIO routines:BIO_lookup_ex:system lib:.*:Name or service not known$/);
    expect(block.slice(1)).toEqual(["connect:errno=22", "exit: 1"]);
  });

  it("when the connection is refused, then the address, the refused connect and errno 111", () => {
    const block = blockOf(stdout, hosts.refused);
    expect(block[0]).toMatch(/^resolved: /);
    expect(block[1]).toMatch(/:error:8000006F:system library:BIO_connect:Connection refused:/);
    // The script's grep keeps only the lines a verdict needs: not "BIO_connect:connect error".
    expect(block.slice(2)).toEqual(["connect:errno=111", "exit: 1"]);
  });

  it("when the connection times out, then `timeout 10` ends openssl silently with status 124", () => {
    const block = blockOf(stdout, hosts.timedOut);
    expect(block).toHaveLength(2);
    expect(block[0]).toMatch(/^resolved: /);
    expect(block[1]).toBe("exit: 124");
  });

  it("when the machine runs an older distribution, then OpenSSL 1.1.1's error text", () => {
    const old = run(vmWith("Linux", { network, osVersion: "20.04" }), script).stdout;
    expect(blockOf(old, hosts.dnsFailure)[0]).toMatch(/^\d{15}:error:2008F002:BIO routines:BIO_lookup_ex:system lib:.*Name or service not known$/);
    expect(blockOf(old, hosts.refused)[1]).toMatch(/:error:0200206F:system library:connect:Connection refused:/);
  });

  it("when a probe function has no filter and no timeout, then the whole openssl output shows, split by stream", () => {
    const plain = ["check() {", '  echo "## $1"', '  echo | openssl s_client -connect "$1:443" -servername "$1"', '  echo "rc=$?"', "}", `check ${hosts.connected}`, `check ${hosts.timedOut}`];
    const { stdout: out, stderr: err } = run(vmWith("Linux", { network }), plain);
    expect(out).toMatch(new RegExp(`^## ${hosts.connected}\\nCONNECTED\\(00000003\\)\\n---\\nCertificate chain\\n[\\s\\S]*\\nrc=0\\n## ${hosts.timedOut}\\nrc=1$`));
    expect(err).toContain("verify return:1");
    expect(err).toContain("BIO_connect:Connection timed out");
    expect(err).toContain("connect:errno=110");
  });
});

describe("what Windows prints per host (Test-NetConnection and the script's socket check)", () => {
  const { script } = buildReachabilityScript("Windows", Object.values(hosts));
  const { stdout } = run(vmWith("Windows", { network }), script);

  it("when the host connects, then its address, TcpTestSucceeded True and no socket line", () => {
    expect(blockOf(stdout, hosts.connected)).toEqual([expect.stringMatching(/^RemoteAddress {4}: 20\.\d+\.\d+\.\d+$/), "TcpTestSucceeded : True"]);
  });

  it("when the name does not resolve, then an empty RemoteAddress, the resolution warning and HostNotFound", () => {
    expect(blockOf(stdout, hosts.dnsFailure)).toEqual(["RemoteAddress    : ", "TcpTestSucceeded : False", `WARNING: Name resolution of ${hosts.dnsFailure} failed`, "tcp: HostNotFound"]);
  });

  it.each([
    ["refused", "ConnectionRefused"],
    ["timedOut", "TimedOut"],
  ] as const)("when the connection is %s, then the TCP and ping warnings and the socket error %s", (outcome, socketError) => {
    const block = blockOf(stdout, hosts[outcome]);
    const address = /^RemoteAddress {4}: (\S+)$/.exec(block[0]!)?.[1];
    expect(address).toMatch(/^20\.\d+\.\d+\.\d+$/);
    expect(block.slice(1)).toEqual([
      "TcpTestSucceeded : False",
      `WARNING: TCP connect to (${address} : 443) failed`,
      `WARNING: Ping to ${address} failed with status: TimedOut`,
      `tcp: ${socketError}`,
    ]);
  });

  it("when a probe function prints Test-NetConnection's own result, then its Format-List block and warnings on stderr", () => {
    const plain = ["function Test-Endpoint {", "  param([string]$name)", "  Write-Output ('>> ' + $name)", "  Test-NetConnection -ComputerName $name -Port 443", "}", `Test-Endpoint '${hosts.dnsFailure}'`];
    const { stdout: out, stderr: err } = run(vmWith("Windows", { network }), plain);
    expect(out).toMatch(new RegExp(`^>> ${hosts.dnsFailure}\\r\\n\\r\\nComputerName {5}: ${hosts.dnsFailure.replace(/\./g, "\\.")}\\r\\nRemoteAddress {4}: \\r\\n`));
    expect(out).toContain("TcpTestSucceeded : False");
    expect(err).toBe(`WARNING: Name resolution of ${hosts.dnsFailure} failed`);
  });
});

describe("limits and other scripts", () => {
  it.each<Os>(["Linux", "Windows"])("when %s output passes 4,096 bytes, then only its last 4,096 bytes come back, the last host whole", (os) => {
    const many = Array.from({ length: 60 }, (_, i) => `host-${String(i).padStart(2, "0")}.ods.opinsights.azure.com`);
    const { value } = runCommandResult(vmWith(os, { network }), buildReachabilityScript(os, many).script, now);
    const message = value[0]!.message ?? "";
    const stdout = os === "Windows" ? message : /\[stdout\]\n([\s\S]*)\n\[stderr\]/.exec(message)![1]!;
    expect(Buffer.byteLength(stdout)).toBe(4096);
    expect(stdout).not.toContain(`=== extops-probe ${many[0]}`);
    const parsed = parseReachabilityOutput(os, stdout, many);
    expect(parsed[0]!.result).toBe("unknown");
    expect(parsed.at(-1)!.result).toBe("dnsFailure");
  });

  it.each<[Os, string[]]>([
    ["Linux", ["for h in a.example b.example; do", '  nc -z "$h" 443', "done"]],
    ["Windows", ["Get-Service -Name AzureMonitorAgent"]],
    ["Linux", []],
  ])("when a %s script has nothing the simulator knows (%j), then stdout is empty and stderr says so", (os, script) => {
    const { stdout, stderr } = run(vmWith(os), script);
    expect(stdout).toBe("");
    expect(stderr).toBe(unrecognisedScriptMessage.trimEnd());
    expect(stderr).toMatch(/no simulated output for this script.*runCommandOutputs/s);
  });

  it("when the VM scripts an output that the script contains, then it wins over the probes", () => {
    const vm = vmWith("Linux", { network, runCommandOutputs: [{ scriptIncludes: "probe()", stdout: "scripted" }] });
    expect(run(vm, buildReachabilityScript("Linux", [hosts.dnsFailure]).script).stdout).toBe("scripted");
  });

  it("when raw openssl and Test-NetConnection lines run, then they are still answered per line", () => {
    const linux = run(vmWith("Linux", { network }), [`echo | openssl s_client -connect ${hosts.dnsFailure}:443`]);
    expect(linux.stdout).toBe("");
    expect(linux.stderr).toMatch(/Name or service not known\nconnect:errno=22$/);
    const windows = run(vmWith("Windows", { network }), [`Test-NetConnection ${hosts.timedOut} -Port 443`]);
    expect(windows.stdout).toContain("TcpTestSucceeded : False");
  });
});
