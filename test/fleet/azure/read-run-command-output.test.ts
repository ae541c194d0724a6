import { describe, expect, it } from "vitest";
import { readRunCommandOutput } from "../../../src/fleet/azure/read-run-command-output.js";

const linux = (message: string) => [{ code: "ProvisioningState/succeeded", level: "Info" as const, displayStatus: "Provisioning succeeded", message }];

describe("readRunCommandOutput", () => {
  it("when Linux prints both streams, then each section is returned without the markers", () => {
    const message = "Enable succeeded: \n[stdout]\nCONNECTED(00000003)\ndepth=2 C = US\n\n[stderr]\nverify error:num=20\n";
    expect(readRunCommandOutput(linux(message))).toEqual({ stdout: "CONNECTED(00000003)\ndepth=2 C = US", stderr: "verify error:num=20" });
  });

  it("when Linux prints only errors (a DNS failure), then stdout is empty and stderr holds the text", () => {
    const message = "Enable succeeded: \n[stdout]\n\n[stderr]\n40C7B1E2A87F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known\n";
    const out = readRunCommandOutput(linux(message));
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("Name or service not known");
  });

  it("when a stream itself contains the word [stderr] inside stdout, then the first marker after [stdout] splits them", () => {
    const out = readRunCommandOutput(linux("Enable succeeded: \n[stdout]\nline\n[stderr]\nerr [stdout] text\n"));
    expect(out).toEqual({ stdout: "line", stderr: "err [stdout] text" });
  });

  it("when the message has no markers, then it is all stdout", () => {
    expect(readRunCommandOutput(linux("plain text\n"))).toEqual({ stdout: "plain text", stderr: "" });
  });

  it("when Windows answers StdOut and StdErr statuses in any order, then each message goes to its stream", () => {
    const statuses = [
      { code: "ComponentStatus/StdErr/succeeded", message: "Test-NetConnection : Name resolution of x failed\r\n" },
      { code: "ComponentStatus/StdOut/succeeded", message: "TcpTestSucceeded : False\r\n" },
    ];
    expect(readRunCommandOutput(statuses)).toEqual({ stdout: "TcpTestSucceeded : False", stderr: "Test-NetConnection : Name resolution of x failed" });
  });

  it("when there is no status at all, then both streams are empty", () => {
    expect(readRunCommandOutput([])).toEqual({ stdout: "", stderr: "" });
  });
});
